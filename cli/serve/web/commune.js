// The commune page: a form made from the rules in force, the verdict and plan as values are typed,
// and submissions saved and loaded through the API. No rule is computed here: the server judges.
"use strict";

const state = {
  pickers: null,   // GET /api/rules
  rules: null,     // GET /api/rules?province=…: the sets in force, with their indicators
  evaluation: null,
  plan: null,
  generation: 0,   // answers to older evaluations are dropped
  rulesRequest: 0, // and to older requests for the rules
  timer: null,
  assessments: {}, // "set:code" -> the self-assessment of a loaded file, kept for saving
};

const $ = (id) => document.getElementById(id);

/// Values kept across a rebuild of the form: "set:code" -> text or boolean.
function currentValues() {
  const values = {};
  for (const input of document.querySelectorAll("#form [data-code]")) {
    const key = input.dataset.set + ":" + input.dataset.code;
    values[key] = input.type === "checkbox" ? input.checked : input.value;
  }
  return values;
}

function targetText(indicator) {
  const target = indicator.target;
  if (!target) {
    return "";
  }
  let value;
  if (target.derived) {
    value = target.derived.factor + " × " + target.derived.of;
  } else if (indicator.type === "grade") {
    const grade = indicator.grades.find((g) => g.id === target.value);
    value = grade ? ntm.pick(grade) : target.value;
  } else if (target.value === "dat") {
    value = ntm.t("dat");
  } else {
    value = target.value + (indicator.unit ? " " + (ntm.lang === "en" && indicator.unit_en ? indicator.unit_en : indicator.unit) : "");
  }
  return ntm.t("target") + " " + target.symbol + " " + value;
}

function inputFor(set, indicator, previous) {
  const data = {"data-set": set.ref, "data-code": indicator.code, id: "v-" + set.ref + "-" + indicator.code};
  const key = set.ref + ":" + indicator.code;
  if (indicator.derived_from) {
    return ntm.el("span", ntm.t("derived") + " " + indicator.derived_from, {class: "derived"});
  }
  if (indicator.type === "bool" && !indicator.if_any) {
    const wrap = ntm.el("label", null, {class: "switch"});
    const box = ntm.el("input", null, Object.assign({type: "checkbox", role: "switch"}, data));
    box.checked = previous[key] === true || previous[key] === "dat";
    wrap.append(box, ntm.el("span", null, {class: "slider"}));
    return wrap;
  }
  if (indicator.type === "bool" || indicator.type === "grade") {
    const select = ntm.el("select", null, data);
    select.append(ntm.el("option", ntm.t("not_given"), {value: ""}));
    const options = indicator.type === "grade"
      ? indicator.grades.map((g) => [g.id, ntm.pick(g)])
      : [["dat", ntm.t("dat")], ["khong-dat", ntm.t("khong_dat")]];
    if (indicator.if_any) {
      options.push(["khong-co", ntm.t("khong_co")]);
    }
    for (const [id, label] of options) {
      select.append(ntm.el("option", label, {value: id}));
    }
    select.value = typeof previous[key] === "string" ? previous[key] : "";
    return select;
  }
  const input = ntm.el("input", null, Object.assign({type: "text", inputmode: "decimal"}, data));
  if (indicator.type === "percent") {
    input.placeholder = ntm.t("percent_hint");
  }
  input.value = typeof previous[key] === "string" ? previous[key] : "";
  return input;
}

/// Builds the form from state.rules: one fieldset per criterion, one row per indicator.
function buildForm(previous) {
  const form = $("form");
  form.replaceChildren();
  for (const set of state.rules.sets) {
    const section = ntm.el("section", null, {class: "set panel"});
    section.append(ntm.el("h2", ntm.pick(set) + " (" + set.decision + ")"));
    for (const criterion of set.criteria) {
      const fieldset = ntm.el("fieldset", null, {id: "c-" + set.ref + "-" + criterion.id});
      fieldset.append(ntm.el("legend", criterion.id + ". " + ntm.pick(criterion)));
      for (const indicator of criterion.indicators) {
        const row = ntm.el("div", null, {class: "row", id: "r-" + set.ref + "-" + indicator.code});
        const label = ntm.el("label", null, {for: "v-" + set.ref + "-" + indicator.code});
        label.append(ntm.el("span", indicator.code, {class: "code"}), ntm.el("span", " " + ntm.pick(indicator)));
        const unit = ntm.lang === "en" && indicator.unit_en ? indicator.unit_en : indicator.unit;
        const info = ntm.el("span", (unit ? "(" + unit + ") " : "") + targetText(indicator), {class: "target"});
        if (indicator.target && !indicator.target.verified) {
          info.append(ntm.el("span", " * " + ntm.t("unverified"), {class: "unverified", title: indicator.target.source}));
        }
        row.append(label, inputFor(set, indicator, previous), info, ntm.el("span", "", {class: "outcome"}));
        fieldset.append(row);
      }
      section.append(fieldset);
    }
    form.append(section);
  }
}

/// The JSON form of the submission (docs/api.md) from what is on the page.
function submission() {
  const sets = {};
  for (const input of document.querySelectorAll("#form [data-code]")) {
    const set = (sets[input.dataset.set] = sets[input.dataset.set] || {});
    const text = input.type === "checkbox" ? (input.checked ? "dat" : "khong-dat") : input.value.trim();
    const assessment = state.assessments[input.dataset.set + ":" + input.dataset.code];
    if (assessment) {
      const counts = /^([^/]*)\/(.*)$/.exec(text);
      set[input.dataset.code] = counts
        ? {numerator: counts[1].trim(), denominator: counts[2].trim(), "self-assessment": assessment}
        : {value: text, "self-assessment": assessment};
    } else if (text !== "") {
      set[input.dataset.code] = text;
    }
  }
  const year = Number($("year").value);
  return {
    year: Number.isInteger(year) && year > 0 ? year : $("year").value,
    region: $("region").value,
    "special-difficulty": $("special").checked,
    commune: {code: $("code").value.trim(), name: $("name").value.trim(),
              district: $("district").value.trim(), province: $("province").value.trim()},
    claim: $("claim").value || null,
    sets,
  };
}

function post(path, body) {
  return ntm.call(path + "?lang=" + ntm.lang, {method: "POST", headers: {"Content-Type": "application/json"},
                                               body: JSON.stringify(body)});
}

/// Evaluates and plans what is on the page; shows the answer unless a newer request was made.
async function refresh() {
  const generation = ++state.generation;
  const body = submission();
  const [[status, evaluation], [planStatus, plan]] = await Promise.all([post("/api/evaluate", body),
                                                                        post("/api/plan", body)]);
  if (generation !== state.generation) {
    return;
  }
  if (status !== 200) {
    ntm.showError($("errors"), evaluation.error);
    return;
  }
  ntm.showError($("errors"), null);
  state.evaluation = evaluation;
  state.plan = planStatus === 200 ? plan : null;
  showVerdict();
}

function scheduleRefresh() {
  clearTimeout(state.timer);
  state.timer = setTimeout(refresh, 200);
}

function showVerdict() {
  const evaluation = state.evaluation;
  if (!evaluation) {
    return;
  }
  $("status-code").textContent = evaluation.status;
  $("status-name").textContent = evaluation.status_name;
  const main = evaluation.sets[0];
  $("criteria-count").textContent = main ? main.criteria_met + "/" + main.criteria_total : "–";
  const counts = $("set-counts");
  counts.replaceChildren();
  for (const set of evaluation.sets.slice(1)) {
    counts.append(ntm.el("p", set.name + ": " + set.criteria_met + "/" + set.criteria_total));
  }
  const failing = $("failing");
  failing.replaceChildren();
  let missing = 0;
  for (const row of document.querySelectorAll("#form .row")) {
    row.classList.remove("met", "not-met", "missing");
    row.querySelector(".outcome").textContent = "";
  }
  for (const set of evaluation.sets) {
    for (const criterion of set.criteria) {
      const fieldset = $("c-" + set.ref + "-" + criterion.id);
      if (fieldset) {
        fieldset.dataset.result = criterion.result;
      }
      for (const indicator of criterion.indicators) {
        const row = $("r-" + set.ref + "-" + indicator.code);
        if (row) {
          row.classList.add(indicator.result);
          row.querySelector(".outcome").textContent =
            indicator.result === "met" ? "✓" : indicator.result === "not-met" ? "✗" : "";
        }
        if (indicator.result === "missing") {
          missing += 1;
        }
        if (indicator.result !== "not-met") {
          continue;
        }
        const value = indicator.numerator !== undefined
          ? indicator.numerator + "/" + indicator.denominator + " = " + ntm.number(indicator.value)
          : ntm.number(indicator.value);
        let text = set.ref + " " + indicator.code + " " + indicator.name + ": " + value +
          (indicator.unit ? " " + indicator.unit : "");
        if (indicator.target) {
          text += " — " + ntm.t("target") + " " + indicator.target.symbol + " " + ntm.number(indicator.target.value);
        }
        if (typeof indicator.gap === "number") {
          text += " — " + ntm.t("gap") + " " + ntm.number(indicator.gap) + (indicator.unit ? " " + indicator.unit : "");
        }
        failing.append(ntm.el("li", text, {class: "gap", "data-code": indicator.code}));
      }
    }
  }
  if (!failing.children.length) {
    failing.append(ntm.el("li", ntm.t("none_failing")));
  }
  $("missing").textContent = missing ? missing + " " + ntm.t("missing_count") : "";
  showPlan();
  showFindings();
  showPrintSummary();
}

function showPlan() {
  const box = $("plan");
  box.replaceChildren();
  if (!state.plan) {
    return;
  }
  for (const level of state.plan.levels) {
    const name = state.pickers.levels.find((l) => l.id === level.level);
    box.append(ntm.el("h4", (name ? ntm.pick(name) : level.level) +
      (level.reached ? " — " + ntm.t("level_reached") : level.only_missing_data ? " — " + ntm.t("only_missing") : "")));
    const list = ntm.el("ul");
    for (const item of level.items) {
      let text = item.set + " " + item.indicator + " " + item.name + ": " + ntm.number(item.value);
      if (item.target) {
        text += " → " + ntm.number(item.target.value);
      }
      if (typeof item.gap === "number") {
        text += " (" + ntm.t("gap") + " " + ntm.number(item.gap) + ")";
      }
      if (typeof item.count_change === "number") {
        text += " — " + ntm.t("count_change") + " " + ntm.number(item.count_change);
      }
      list.append(ntm.el("li", text));
    }
    box.append(list);
  }
}

function showFindings() {
  const box = $("findings");
  box.replaceChildren();
  const findings = state.evaluation.findings || [];
  if (!findings.length) {
    return;
  }
  box.append(ntm.el("h3", ntm.t("findings")));
  const list = ntm.el("ul");
  for (const finding of findings) {
    list.append(ntm.el("li", finding.severity + ": " + finding.message, {class: finding.severity}));
  }
  box.append(list);
}

/// The one page an official signs: commune, verdict, every criterion, what is failing.
function showPrintSummary() {
  const evaluation = state.evaluation;
  const box = $("print-summary");
  box.replaceChildren();
  box.append(ntm.el("h2", ntm.t("summary_title")));
  const commune = evaluation.commune;
  box.append(ntm.el("p", commune.name + " (" + commune.code + "), " + commune.district + ", " + commune.province +
    " — " + ntm.t("year") + " " + evaluation.year));
  box.append(ntm.el("p", ntm.t("verdict") + ": " + evaluation.status_name + " (" + evaluation.status + ")"));
  // The first set (the one the lowest level needs) criterion by criterion; the others by their count.
  const [main, ...others] = evaluation.sets;
  if (main) {
    box.append(ntm.el("h3", main.name + ": " + main.criteria_met + "/" + main.criteria_total));
    const table = ntm.el("table", null, {class: "criteria"});
    for (let i = 0; i < main.criteria.length; i += 2) {
      const row = ntm.el("tr");
      for (const criterion of main.criteria.slice(i, i + 2)) {
        const result = criterion.result === "met" ? ntm.t("dat") : criterion.result === "not-met" ? ntm.t("khong_dat") : ntm.t("missing");
        row.append(ntm.el("td", criterion.id + ". " + criterion.name), ntm.el("td", result, {class: criterion.result}));
      }
      table.append(row);
    }
    box.append(table);
  }
  for (const set of others) {
    box.append(ntm.el("p", set.name + ": " + set.criteria_met + "/" + set.criteria_total));
  }
  const failing = $("failing").cloneNode(true);
  failing.removeAttribute("id");
  box.append(ntm.el("h3", ntm.t("failing")), failing);
  const signatures = ntm.el("div", null, {class: "signatures"});
  for (const who of ["signature", "signature2"]) {
    const block = ntm.el("div");
    block.append(ntm.el("p", ntm.t("date")), ntm.el("p", ntm.t(who), {class: "who"}));
    signatures.append(block);
  }
  box.append(signatures);
}

/// Fetches the rules in force for the pickers' province, year and region and rebuilds the form.
async function loadRules(values) {
  // Province, year and region can change faster than the rules come back: only the answer to the
  // latest choice is used, whatever order the answers arrive in.
  const request = ++state.rulesRequest;
  const query = new URLSearchParams({province: $("province").value.trim(), year: $("year").value,
                                     region: $("region").value, "special-difficulty": String($("special").checked)});
  const [status, rules] = await ntm.call("/api/rules?" + query.toString());
  if (request !== state.rulesRequest) {
    return;
  }
  if (status !== 200) {
    ntm.showError($("errors"), rules.error);
    return;
  }
  state.rules = rules;
  buildForm(values || currentValues());
  await refresh();
}

function fillPickers() {
  const pickers = state.pickers;
  const provinces = $("provinces");
  provinces.replaceChildren();
  for (const province of pickers.provinces) {
    provinces.append(ntm.el("option", null, {value: province}));
  }
  const region = $("region");
  const chosenRegion = region.value || "dbscl";
  region.replaceChildren();
  for (const r of pickers.regions) {
    region.append(ntm.el("option", r.code + " — " + ntm.pick(r), {value: r.code}));
  }
  region.value = chosenRegion;
  const claim = $("claim");
  const chosenClaim = claim.value;
  claim.replaceChildren(ntm.el("option", ntm.t("no_claim"), {value: ""}));
  for (const level of pickers.levels) {
    claim.append(ntm.el("option", ntm.pick(level), {value: level.id}));
  }
  claim.value = chosenClaim;
}

/// Puts a submission in its JSON form on the page: pickers, commune, then every value.
async function fill(form) {
  $("province").value = form.commune.province;
  $("year").value = form.year;
  $("region").value = form.region;
  $("special").checked = form["special-difficulty"] === true;
  $("code").value = form.commune.code;
  $("name").value = form.commune.name;
  $("district").value = form.commune.district;
  $("claim").value = form.claim || "";
  const values = {};
  state.assessments = {};
  for (const [ref, indicators] of Object.entries(form.sets)) {
    for (const [code, value] of Object.entries(indicators)) {
      const object = typeof value === "object" && value !== null;
      values[ref + ":" + code] = !object ? value
        : value.value !== undefined ? value.value : value.numerator + "/" + value.denominator;
      if (object && value["self-assessment"]) {
        state.assessments[ref + ":" + code] = value["self-assessment"];
      }
    }
  }
  await loadRules(values);
}

async function upload(file) {
  const data = new FormData();
  data.append("file", file, file.name);
  const [status, body] = await ntm.call("/api/submission?format=json", {method: "POST", body: data});
  if (status !== 200) {
    ntm.showError($("errors"), body.error);
    return;
  }
  await fill(body);
}

async function save(format) {
  const [status, body, response] = await ntm.call("/api/submission?format=" + format,
    {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(submission())});
  if (status !== 200) {
    ntm.showError($("errors"), body.error);
    return;
  }
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename="([^"]+)"/.exec(disposition);
  ntm.download(body, match ? match[1] : "submission." + format, response.headers.get("Content-Type"));
}

async function start() {
  const [status, pickers] = await ntm.call("/api/rules");
  if (status !== 200) {
    ntm.showError($("errors"), pickers.error);
    return;
  }
  state.pickers = pickers;
  fillPickers();
  $("province").value = pickers.provinces[0] || "";
  $("year").value = Math.min(Math.max(new Date().getFullYear(), pickers.years.from), pickers.years.to);
  $("code").value = "00000";
  $("name").value = "Xã …";
  $("district").value = "Huyện …";
  ntm.onLanguage(() => {
    fillPickers();
    buildForm(currentValues());
    refresh();
  });
  for (const id of ["province", "year", "region", "special"]) {
    $(id).addEventListener("change", () => loadRules());
  }
  for (const id of ["code", "name", "district", "claim"]) {
    $(id).addEventListener("input", scheduleRefresh);
  }
  $("form").addEventListener("input", scheduleRefresh);
  $("form").addEventListener("change", scheduleRefresh);
  $("form").addEventListener("submit", (event) => event.preventDefault());
  $("upload").addEventListener("change", (event) => {
    if (event.target.files.length) {
      upload(event.target.files[0]);
      event.target.value = "";
    }
  });
  $("save-xml").addEventListener("click", () => save("xml"));
  $("save-csv").addEventListener("click", () => save("csv"));
  $("print").addEventListener("click", () => window.print());
  await loadRules();
  document.body.dataset.ready = "true";
}

start();
