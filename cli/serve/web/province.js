// The province page: many submissions uploaded at once, `ntm audit`'s reports shown or saved.
"use strict";

const $ = (id) => document.getElementById(id);

/// Runs the audit of the chosen files and returns [status, body, response] in `format`.
function audit(format) {
  const data = new FormData();
  for (const file of $("files").files) {
    data.append("files", file, file.name);
  }
  const query = new URLSearchParams({format, lang: ntm.lang, "thin-margin": $("thin-margin").value || "5"});
  return ntm.call("/api/audit?" + query.toString(), {method: "POST", body: data});
}

function showSummary(result) {
  const box = $("summary");
  box.replaceChildren();
  box.append(ntm.el("h2", result.files + " " + ntm.t("communes")));
  const counts = result.findings;
  box.append(ntm.el("p", counts.error + " " + ntm.t("errors") + ", " + counts.warning + " " + ntm.t("warnings")));
  const table = ntm.el("table", null, {id: "communes"});
  for (const row of result.communes) {
    const tr = ntm.el("tr");
    const commune = row.commune || {};
    const main = (row.sets || []).find((set) => set.ref === result.main_set);
    tr.append(ntm.el("td", row.file), ntm.el("td", commune.name || ""), ntm.el("td", row.status_name || ""),
              ntm.el("td", main ? main.criteria_met + "/" + main.criteria_total : ""),
              ntm.el("td", row.findings.length));
    table.append(tr);
  }
  box.append(table);
}

async function run() {
  if (!$("files").files.length) {
    return;
  }
  $("summary").textContent = ntm.t("busy");
  const [status, body] = await audit("json");
  if (status !== 200) {
    $("summary").replaceChildren();
    ntm.showError($("errors"), body.error);
    return;
  }
  ntm.showError($("errors"), null);
  showSummary(body);
  for (const id of ["view-html", "download-html", "download-json", "download-csv"]) {
    $(id).disabled = false;
  }
}

async function fetchReport(format) {
  const [status, body] = await audit(format);
  if (status !== 200) {
    ntm.showError($("errors"), body.error);
    return null;
  }
  return typeof body === "string" ? body : JSON.stringify(body, null, 2);
}

async function view() {
  const html = await fetchReport("html");
  if (html !== null) {
    // A sandboxed frame: the report runs no script and cannot reach this page.
    $("report").srcdoc = html;
    $("report").hidden = false;
  }
}

async function save(format, type) {
  const text = await fetchReport(format);
  if (text !== null) {
    ntm.download(text, "audit." + format, type);
  }
}

ntm.onLanguage(() => {});
$("run").addEventListener("click", run);
$("view-html").addEventListener("click", view);
$("download-html").addEventListener("click", () => save("html", "text/html"));
$("download-json").addEventListener("click", () => save("json", "application/json"));
$("download-csv").addEventListener("click", () => save("csv", "text/csv"));
document.body.dataset.ready = "true";
