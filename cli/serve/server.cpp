#include "serve/server.hpp"

#include "serve/api.hpp"
#include "serve/assets.hpp"
#include "serve/zip_reader.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <csignal>
#include <ostream>
#include <pthread.h>
#include <sys/socket.h>
#include <thread>

namespace ntm::serve {

namespace {

// Scripts only from the page itself; inline styles are allowed for the audit's HTML report,
// which the province page shows.
const char* const k_page_policy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "frame-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
// Everything else, the audit's HTML report among it, runs no script.
const char* const k_report_policy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

std::string lowercase(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

/// The media type of a Content-Type header, lowercased, without its parameters.
std::string media_type(const std::string& header)
{
  std::string type = lowercase(header.substr(0, header.find(';')));
  const auto first = type.find_first_not_of(" \t");
  const auto last = type.find_last_not_of(" \t");
  return first == std::string::npos ? "" : type.substr(first, last - first + 1);
}

/// The forms the API reads, by media type and by file extension.
struct KnownFormat {
  const char* type;
  const char* extension;
  Format format;
};
const KnownFormat k_formats[] = {{"application/xml", ".xml", Format::xml},
                                 {"text/xml", ".xml", Format::xml},
                                 {"text/csv", ".csv", Format::csv},
                                 {"application/json", ".json", Format::json}};

std::optional<Format> format_of_type(const std::string& type)
{
  for (const KnownFormat& known : k_formats) {
    if (type == known.type) {
      return known.format;
    }
  }
  return std::nullopt;
}

std::optional<Format> format_of_name(const std::string& name)
{
  const auto dot = name.rfind('.');
  const std::string extension = dot == std::string::npos ? "" : lowercase(name.substr(dot));
  for (const KnownFormat& known : k_formats) {
    if (extension == known.extension) {
      return known.format;
    }
  }
  return std::nullopt;
}

Response unsupported(const std::string& what)
{
  return error_response(415, "unsupported-media-type",
                        what + " is not a submission: send application/xml, text/csv, application/json or "
                               "multipart/form-data with a .xml, .csv or .json file");
}

bool is_zip(const std::string& name, const std::string& type)
{
  const auto dot = name.rfind('.');
  return (dot != std::string::npos && lowercase(name.substr(dot)) == ".zip") || type == "application/zip" ||
         type == "application/x-zip-compressed";
}

/// The submissions a request carries: its body, or the files of a multipart form, and with
/// `archives` the submissions in the zip archives among them. An empty list with `refusal` set
/// when their type is not one the API reads.
std::vector<Upload> uploads_of(const httplib::Request& request, Response& refusal, bool archives = false)
{
  const std::string type = media_type(request.get_header_value("Content-Type"));
  std::vector<Upload> uploads;
  if (type == "multipart/form-data") {
    for (const auto& [field, part] : request.files) {
      if (part.filename.empty()) {
        continue; // a plain form field
      }
      const std::string name = safe_name(part.filename, "upload");
      if (archives && is_zip(name, media_type(part.content_type))) {
        std::vector<Upload> inside = unzip({name, Format::xml, part.content}, refusal);
        if (refusal.status != 200) {
          return {};
        }
        std::move(inside.begin(), inside.end(), std::back_inserter(uploads));
        continue;
      }
      auto format = format_of_name(name);
      if (!format) {
        format = format_of_type(media_type(part.content_type));
      }
      if (!format) {
        refusal = unsupported("file '" + name + "'");
        return {};
      }
      uploads.push_back({name, *format, part.content});
    }
    return uploads;
  }
  if (archives && is_zip("", type)) {
    return unzip({"request", Format::xml, request.body}, refusal);
  }
  const auto format = format_of_type(type);
  if (!format) {
    refusal = unsupported(type.empty() ? std::string("a body with no Content-Type") : "'" + type + "'");
    return {};
  }
  const auto name = request.params.find("name");
  uploads.push_back(
      {safe_name(name == request.params.end() ? "" : name->second, "request"), *format, request.body});
  return uploads;
}

/// The one submission of a request about one submission.
std::optional<Upload> one_upload(const httplib::Request& request, Response& refusal)
{
  std::vector<Upload> uploads = uploads_of(request, refusal);
  if (uploads.size() == 1) {
    return std::move(uploads.front());
  }
  if (refusal.status == 200) {
    refusal =
        error_response(400, "bad-request",
                       uploads.empty() ? "no submission in the request"
                                       : "one submission at a time, not " + std::to_string(uploads.size()));
  }
  return std::nullopt;
}

const Asset* find_asset(const std::string& path)
{
  std::string name;
  if (path == "/") {
    name = "index.html";
  } else if (path == "/province") {
    name = "province.html";
  } else if (path.starts_with("/assets/")) {
    name = path.substr(8);
  } else {
    return nullptr;
  }
  // Only names in the table: nothing is read from the disk, whatever the path says.
  for (const Asset& asset : assets()) {
    if (asset.name == name) {
      return &asset;
    }
  }
  return nullptr;
}

Response method_not_allowed(const std::string& method, const std::string& path, const std::string& allowed)
{
  return error_response(405, "method-not-allowed", "'" + path + "' takes " + allowed + ", not " + method);
}

/// Every request comes here: the path chooses the handler, then the method is checked.
Response route(Api& api, const httplib::Request& request, std::string& allow)
{
  const std::string& path = request.path;
  const std::string& method = request.method;
  using Handler = Response (Api::*)(const Upload&, const Params&);
  static const std::pair<const char*, Handler> k_single[] = {
      {"/api/evaluate", &Api::evaluate}, {"/api/plan", &Api::plan}, {"/api/submission", &Api::convert}};
  for (const auto& [name, handler] : k_single) {
    if (path == name) {
      if (method != "POST") {
        allow = "POST";
        return method_not_allowed(method, path, "POST");
      }
      Response refusal;
      const auto upload = one_upload(request, refusal);
      return upload ? (api.*handler)(*upload, request.params) : refusal;
    }
  }
  if (path == "/api/audit") {
    if (method != "POST") {
      allow = "POST";
      return method_not_allowed(method, path, "POST");
    }
    Response refusal;
    const std::vector<Upload> uploads = uploads_of(request, refusal, true);
    return refusal.status != 200 ? refusal : api.audit(uploads, request.params);
  }
  const bool get = method == "GET" || method == "HEAD";
  if (path == "/api/rules") {
    if (!get) {
      allow = "GET, HEAD";
      return method_not_allowed(method, path, "GET");
    }
    return api.rules(request.params);
  }
  if (const Asset* asset = find_asset(path)) {
    if (!get) {
      allow = "GET, HEAD";
      return method_not_allowed(method, path, "GET");
    }
    return {200, std::string(asset->content_type), std::string(asset->bytes), "", true};
  }
  return error_response(404, "not-found", "no page or API at '" + path + "'");
}

void answer(const Response& response, httplib::Response& out)
{
  out.status = response.status;
  out.set_content(response.body, response.content_type.c_str());
  out.set_header("X-Content-Type-Options", "nosniff");
  out.set_header("Cache-Control", "no-store");
  out.set_header("Content-Security-Policy", response.page ? k_page_policy : k_report_policy);
  if (!response.filename.empty()) {
    out.set_header("Content-Disposition", "attachment; filename=\"" + response.filename + "\"");
  }
}

} // namespace

bool serve(const eval::RuleBase& rules, const ServerOptions& options, std::ostream& out, std::string& error)
{
  // SIGINT and SIGTERM are taken by a thread of ours, which stops the server; every other thread
  // inherits the mask and never sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  Api api(rules, options.slots);
  httplib::Server server;
  const unsigned threads = std::max(1U, options.threads);
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // httplib's default also sets SO_REUSEPORT, which would let a second server take the same port
  // unnoticed; SO_REUSEADDR alone lets a restart bind at once.
  server.set_socket_options([](int sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server.set_payload_max_length(k_max_audit_bytes + 1024 * 1024); // multipart framing on top
  const auto handler = [&api](const httplib::Request& request, httplib::Response& response) {
    std::string allow;
    Response answer_to;
    try {
      answer_to = route(api, request, allow);
    } catch (const BadRequest& bad) {
      answer_to = error_response(400, "bad-parameter", bad.message);
    } catch (const std::exception& failure) {
      spdlog::error("{} {}: {}", request.method, request.path, failure.what());
      answer_to = error_response(500, "internal-error", std::string("internal error: ") + failure.what());
    }
    answer(answer_to, response);
    if (!allow.empty()) {
      response.set_header("Allow", allow);
    }
    spdlog::debug("{} {} -> {}", request.method, request.path, answer_to.status);
  };
  for (auto add : {&httplib::Server::Get, &httplib::Server::Post, &httplib::Server::Put,
                   &httplib::Server::Patch, &httplib::Server::Delete}) {
    (server.*add)(".*", handler);
  }
  server.Options(".*", handler);
  // Errors httplib answers itself (a request too large or malformed) get a JSON body too.
  const httplib::Server::HandlerWithResponse on_error = [](const httplib::Request&,
                                                           httplib::Response& response) {
    if (!response.body.empty()) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    const Response refusal =
        response.status == 413
            ? error_response(413, "too-large",
                             "the request is larger than " +
                                 std::to_string(k_max_audit_bytes / (1024 * 1024)) + " MiB")
            : error_response(response.status, "bad-request", "the request could not be read as HTTP");
    answer(refusal, response);
    return httplib::Server::HandlerResponse::Handled;
  };
  server.set_error_handler(on_error);

  const int port = options.port == 0                                 ? server.bind_to_any_port(options.bind)
                   : server.bind_to_port(options.bind, options.port) ? options.port
                                                                     : -1;
  if (port < 0) {
    error = "cannot listen on " + options.bind + ":" + std::to_string(options.port);
    return false;
  }
  const bool ipv6 = options.bind.find(':') != std::string::npos;
  out << "http://" << (ipv6 ? "[" + options.bind + "]" : options.bind) << ":" << port << "/" << std::endl;
  std::thread stopper([&server, stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.stop();
  });
  server.listen_after_bind();
  // Stopped by a signal, or the listener failed: either way the stopper must end.
  if (stopper.joinable()) {
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
  }
  return true;
}

} // namespace ntm::serve
