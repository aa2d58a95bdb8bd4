#include "graph/graph_export.hpp"

#include "eval/rule_base.hpp"
#include "fixtures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <stdexcept>

using ntm::graph::DependencyGraph;
using ntm::graph::EdgeKind;
using ntm::graph::ExportOptions;
using ntm::graph::NodeKind;
using Ids = std::vector<std::string>;
using IdSet = std::set<std::string>;

namespace {

// Set indices of the fixture book, in file order.
constexpr std::size_t k_national = 0;
constexpr std::size_t k_tra_vinh = 1;
constexpr std::size_t k_model = 3;

const ntm::eval::RuleBase& rules()
{
  return ntm::test::rule_base();
}

const DependencyGraph& graph()
{
  return rules().graph();
}

const ntm::model::RuleBook& book()
{
  return rules().book();
}

Ids ids(const std::vector<std::size_t>& nodes)
{
  Ids out;
  for (std::size_t node : nodes) {
    out.push_back(ntm::graph::node_id(graph(), book(), node));
  }
  return out;
}

IdSet id_set(const std::vector<std::size_t>& nodes)
{
  const Ids list = ids(nodes);
  return {list.begin(), list.end()};
}

std::size_t count_lines(const std::string& text, const std::string& part)
{
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) {
    ++count;
  }
  return count;
}

/// A rule base of one set `xa-q@1` (required by level `dat`) whose criterion and indicator have the
/// given names.
ntm::eval::RuleBase quoted_rules(const std::string& criterion_name, const std::string& indicator_name)
{
  const std::string set =
      "<rule-set id=\"xa-q@1\" ref=\"xa-q\" name=\"Bộ &quot;Q&quot;\" from-year=\"2022\" "
      "to-year=\"2025\">\n"
      "  <legal-basis decision=\"1\" date=\"2022-01-01\" verified=\"true\" source=\"s\"/>\n"
      "  <criterion id=\"1\" name=\"" +
      criterion_name +
      "\">\n"
      "    <indicator code=\"1\" type=\"bool\" name=\"" +
      indicator_name +
      "\">\n"
      "      <target op=\"eq\" value=\"dat\" verified=\"true\" source=\"s\"/>\n"
      "    </indicator>\n"
      "  </criterion>\n"
      "</rule-set>\n";
  const std::string levels = "<levels none-id=\"chua-dat\" none-name=\"Chưa đạt\">\n"
                             "  <level id=\"dat\" rank=\"1\" name=\"Đạt\"><requires set=\"xa-q\"/></level>\n"
                             "</levels>\n";
  auto loaded = ntm::eval::RuleBase::load({{"levels.xml", levels}, {"xa-q.xml", set}});
  if (!loaded.ok()) {
    throw std::runtime_error("test rules do not load: " + ntm::test::messages(loaded.errors).front());
  }
  return std::move(*loaded.value);
}

} // namespace

TEST_CASE("export ids name the kind, the version and the key")
{
  CHECK(ntm::graph::node_id(graph(), book(), *graph().find_indicator(k_national, "10")) ==
        "indicator:xa-ntm@318-2022:10");
  CHECK(ntm::graph::node_id(graph(), book(), *graph().find_criterion(k_tra_vinh, "13")) ==
        "criterion:xa-ntm@tra-vinh-1306-2022:13");
  CHECK(ntm::graph::node_id(graph(), book(), *graph().find_set(k_model)) == "set:xa-ntm-kieu-mau@319-2022");
  CHECK(ntm::graph::node_id(graph(), book(), *graph().find_level("ntm")) == "level:ntm");
}

TEST_CASE("node names come from the rules, in English when asked for")
{
  const std::size_t income = *graph().find_indicator(k_national, "10");
  CHECK(ntm::graph::node_name(graph(), book(), income, false) == "Thu nhập bình quân đầu người");
  CHECK(ntm::graph::node_name(graph(), book(), income, true) == "Average income per person");
  CHECK(ntm::graph::node_name(graph(), book(), *graph().find_criterion(k_national, "13"), true) ==
        "Organisation of production");
  CHECK(ntm::graph::node_name(graph(), book(), *graph().find_set(k_tra_vinh), false) ==
        "Bộ tiêu chí xã nông thôn mới tỉnh Trà Vinh");
  CHECK(ntm::graph::node_name(graph(), book(), *graph().find_level("ntm-kieu-mau"), true) ==
        "Model new rural commune");
}

TEST_CASE("the whole export holds every node: levels by rank, then versions by ref, national first")
{
  const auto nodes = ntm::graph::export_nodes(graph(), book(), "");
  REQUIRE(nodes.size() == graph().size());
  const Ids order = ids(nodes);
  CHECK(Ids(order.begin(), order.begin() + 4) ==
        Ids{"level:ntm", "level:ntm-nang-cao", "level:ntm-kieu-mau", "set:xa-ntm@318-2022"});
  auto at = [&](const std::string& id) { return std::find(order.begin(), order.end(), id) - order.begin(); };
  CHECK(at("set:xa-ntm@318-2022") < at("criterion:xa-ntm@318-2022:1"));
  CHECK(at("criterion:xa-ntm@318-2022:13") < at("indicator:xa-ntm@318-2022:13.1"));
  CHECK(at("indicator:xa-ntm@318-2022:13.2") < at("set:xa-ntm@tra-vinh-1306-2022"));
  CHECK(at("indicator:xa-ntm@tra-vinh-1306-2022:13.2") < at("set:xa-ntm-kieu-mau@319-2022"));
  CHECK(at("indicator:xa-ntm-kieu-mau@319-2022:2") < at("set:xa-ntm-nang-cao@318-2022"));
}

TEST_CASE("an export of one set keeps its versions and what they need, not what needs them")
{
  CHECK(id_set(ntm::graph::export_nodes(graph(), book(), "xa-ntm-kieu-mau")) ==
        IdSet{"set:xa-ntm-kieu-mau@319-2022", "criterion:xa-ntm-kieu-mau@319-2022:1",
              "indicator:xa-ntm-kieu-mau@319-2022:1", "criterion:xa-ntm-kieu-mau@319-2022:2",
              "indicator:xa-ntm-kieu-mau@319-2022:2", "indicator:xa-ntm@318-2022:10",
              "indicator:xa-ntm@tra-vinh-1306-2022:10", "indicator:xa-ntm-nang-cao@318-2022:10"});
  // The Trà Vinh version needs the national one it extends.
  const IdSet xa_ntm = id_set(ntm::graph::export_nodes(graph(), book(), "xa-ntm"));
  CHECK(xa_ntm.size() == 20);
  CHECK(xa_ntm.count("set:xa-ntm@318-2022"));
  CHECK_FALSE(xa_ntm.count("level:ntm"));
}

TEST_CASE("edges carry why one node needs another")
{
  const auto nodes = ntm::graph::export_nodes(graph(), book(), "");
  std::set<std::string> edges;
  for (const auto& edge : ntm::graph::export_edges(graph(), book(), nodes)) {
    edges.insert(
        ntm::graph::node_id(graph(), book(), edge.from) + " " +
        std::string(ntm::graph::edge_kind_code(edge.kind)) + " " +
        ntm::graph::node_id(graph(), book(), edge.to) +
        (edge.kind == EdgeKind::derived_target ? " " + std::to_string(edge.factor).substr(0, 3) : ""));
  }
  for (const char* expected : {
           "set:xa-ntm@318-2022 contains criterion:xa-ntm@318-2022:10",
           "criterion:xa-ntm@318-2022:10 contains indicator:xa-ntm@318-2022:10",
           "set:xa-ntm@tra-vinh-1306-2022 extends set:xa-ntm@318-2022",
           "level:ntm requires-set set:xa-ntm@tra-vinh-1306-2022",
           "level:ntm-nang-cao requires-level level:ntm",
           "indicator:xa-ntm-kieu-mau@319-2022:1 value-from indicator:xa-ntm@318-2022:10",
           "indicator:xa-ntm-kieu-mau@319-2022:1 value-from indicator:xa-ntm@tra-vinh-1306-2022:10",
           "indicator:xa-ntm-kieu-mau@319-2022:1 derived-target indicator:xa-ntm-nang-cao@318-2022:10 1.1",
       }) {
    INFO(expected);
    CHECK(edges.count(expected));
  }
  std::size_t needs = 0;
  for (std::size_t node = 0; node < graph().size(); ++node) {
    needs += graph().needs(node).size();
  }
  CHECK(edges.size() == needs); // no two kinds on one edge in the fixture
}

TEST_CASE("DOT export: clusters per version, shaped kinds, styled edges, and the same text every time")
{
  const std::string dot = ntm::graph::to_dot(graph(), book());
  CHECK(dot == ntm::graph::to_dot(graph(), book()));
  CHECK(dot.rfind("digraph ntm {\n", 0) == 0);
  CHECK(dot.substr(dot.size() - 2) == "}\n");
  CHECK(count_lines(dot, "subgraph \"cluster_") == 4);
  CHECK(dot.find("  subgraph \"cluster_xa-ntm@tra-vinh-1306-2022\" {\n"
                 "    label=\"xa-ntm@tra-vinh-1306-2022 · 1306/QĐ-UBND · 2022–2025 · Trà Vinh\";\n") !=
        std::string::npos);
  CHECK(dot.find(
            "  \"level:ntm\" [label=\"ntm\\nĐạt chuẩn nông thôn mới\", tooltip=\"Đạt chuẩn nông thôn mới\", "
            "shape=house") != std::string::npos);
  CHECK(dot.find("    \"criterion:xa-ntm@318-2022:10\" [label=\"Tiêu chí 10\\nThu nhập\"") !=
        std::string::npos);
  CHECK(dot.find("    \"indicator:xa-ntm@318-2022:10\" [label=\"10\\nThu nhập bình quân đầu người\"") !=
        std::string::npos);
  CHECK(dot.find("  \"indicator:xa-ntm-kieu-mau@319-2022:1\" -> \"indicator:xa-ntm-nang-cao@318-2022:10\" "
                 "[style=dashed, color=\"#756bb1\", fontcolor=\"#756bb1\", label=\"× 1.1\"];\n") !=
        std::string::npos);
  CHECK(dot.find(
            "  \"set:xa-ntm@tra-vinh-1306-2022\" -> \"set:xa-ntm@318-2022\" [style=bold, color=\"#3182bd\", "
            "fontcolor=\"#3182bd\", label=\"kế thừa\"];\n") != std::string::npos);
  std::size_t needs = 0;
  for (std::size_t node = 0; node < graph().size(); ++node) {
    needs += graph().needs(node).size();
  }
  CHECK(count_lines(dot, " -> ") == needs);
}

TEST_CASE("DOT export in English names the nodes and edges in English")
{
  const std::string dot = ntm::graph::to_dot(graph(), book(), ExportOptions{"xa-ntm", true});
  CHECK(dot.find("label=\"ntm: dependency graph of xa-ntm\"") != std::string::npos);
  CHECK(dot.find("[label=\"Criterion 10\\nIncome\"") != std::string::npos);
  CHECK(dot.find("label=\"extends\"") != std::string::npos);
  CHECK(dot.find("level:") == std::string::npos);
}

TEST_CASE("DOT labels escape quotes and backslashes and wrap long names")
{
  const auto base =
      quoted_rules("Tiêu chí &quot;A\\B&quot;",
                   "một hai ba bốn năm sáu bảy tám chín mười một hai ba bốn năm sáu bảy tám chín "
                   "mười một hai ba bốn năm sáu bảy tám chín mười một hai ba bốn năm sáu bảy tám chín");
  const std::string dot = ntm::graph::to_dot(base.graph(), base.book());
  CHECK(dot.find("[label=\"Tiêu chí 1\\nTiêu chí \\\"A\\\\B\\\"\"") != std::string::npos);
  // At most 28 characters a line, 4 lines, then `…`.
  CHECK(dot.find("\"indicator:xa-q@1:1\" [label=\"1\\nmột hai ba bốn năm sáu bảy\\ntám chín mười một hai ba "
                 "bốn\\nnăm sáu bảy tám chín mười\\nmột hai ba bốn năm sáu bảy …\", tooltip=\"một hai") !=
        std::string::npos);
}

TEST_CASE("JSON export parses and holds the same nodes and edges as the graph")
{
  const auto base = quoted_rules("Tiêu chí &quot;A\\B&quot;", "Chỉ tiêu");
  const auto parsed = nlohmann::json::parse(ntm::graph::to_json(base.graph(), base.book()));
  CHECK(parsed["set"].is_null());
  REQUIRE(parsed["nodes"].size() == 4);
  CHECK(parsed["nodes"][0] == nlohmann::json{{"id", "level:dat"},
                                             {"kind", "level"},
                                             {"key", "dat"},
                                             {"set", nullptr},
                                             {"name", "Đạt"},
                                             {"name_en", "Đạt"},
                                             {"where", "levels.xml:2:3"}});
  CHECK(parsed["nodes"][2]["name"] == "Tiêu chí \"A\\B\"");
  CHECK(parsed["nodes"][2]["set"] == "xa-q@1");
  CHECK(parsed["edges"] == nlohmann::json::parse(R"([
    {"from": "level:dat", "to": "set:xa-q@1", "kind": "requires-set"},
    {"from": "set:xa-q@1", "to": "criterion:xa-q@1:1", "kind": "contains"},
    {"from": "criterion:xa-q@1:1", "to": "indicator:xa-q@1:1", "kind": "contains"}])"));
}

TEST_CASE("JSON export of one set names it and gives the factor of derived targets")
{
  const auto parsed =
      nlohmann::json::parse(ntm::graph::to_json(graph(), book(), ExportOptions{"xa-ntm-kieu-mau", false}));
  CHECK(parsed["set"] == "xa-ntm-kieu-mau");
  CHECK(parsed["nodes"].size() == 8);
  bool found = false;
  for (const auto& edge : parsed["edges"]) {
    if (edge["kind"] == "derived-target") {
      CHECK(edge["factor"] == 1.1);
      found = true;
    }
  }
  CHECK(found);
}

TEST_CASE("the impact of an indicator is everything that needs it, in every version of its set")
{
  const auto impact = ntm::graph::impact_of(graph(), book(), "xa-ntm", "10");
  CHECK(ids(impact.sources) == Ids{"indicator:xa-ntm@318-2022:10", "indicator:xa-ntm@tra-vinh-1306-2022:10"});
  CHECK(ids(impact.needed_by) ==
        Ids{"level:ntm", "level:ntm-nang-cao", "level:ntm-kieu-mau", "set:xa-ntm@318-2022",
            "criterion:xa-ntm@318-2022:10", "set:xa-ntm@tra-vinh-1306-2022",
            "criterion:xa-ntm@tra-vinh-1306-2022:10", "set:xa-ntm-kieu-mau@319-2022",
            "criterion:xa-ntm-kieu-mau@319-2022:1", "indicator:xa-ntm-kieu-mau@319-2022:1"});
}

TEST_CASE("the impact of an indicator of a higher level reaches only that level and those above")
{
  const auto impact = ntm::graph::impact_of(graph(), book(), "xa-ntm-nang-cao", "17.7");
  CHECK(ids(impact.needed_by) == Ids{"level:ntm-nang-cao", "level:ntm-kieu-mau",
                                     "set:xa-ntm-nang-cao@318-2022",
                                     "criterion:xa-ntm-nang-cao@318-2022:17"});
}

TEST_CASE("the impact of an unknown indicator has no source")
{
  const auto impact = ntm::graph::impact_of(graph(), book(), "xa-ntm", "17.7");
  CHECK(impact.sources.empty());
  CHECK(impact.needed_by.empty());
}
