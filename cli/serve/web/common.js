// Shared by the commune and province pages: labels in Vietnamese and English, and small helpers.
// Every text that came from a request or a file is put in the page with textContent, never as HTML.
"use strict";

const NTM_LABELS = {
  vi: {
    commune_title: "Đánh giá xã nông thôn mới", province_title: "Kiểm tra hồ sơ của tỉnh, huyện",
    nav_commune: "Xã", nav_province: "Tỉnh, huyện", language: "Ngôn ngữ", province: "Tỉnh", year: "Năm",
    region: "Vùng", special: "Xã đặc biệt khó khăn", commune_code: "Mã xã", commune_name: "Tên xã",
    district: "Huyện", claim: "Đề nghị công nhận", no_claim: "(không đề nghị)", load: "Mở hồ sơ (XML, CSV)",
    save_xml: "Lưu XML", save_csv: "Lưu CSV (Excel)", print: "In bản tóm tắt", verdict: "Kết quả",
    criteria_met: "Số tiêu chí đạt", failing: "Chỉ tiêu chưa đạt", plan: "Kế hoạch hoàn thành",
    target: "chỉ tiêu", unverified: "chưa kiểm chứng", gap: "còn thiếu", missing: "Chưa nhập",
    missing_count: "chỉ tiêu chưa có số liệu", derived: "lấy từ", none_failing: "Không có chỉ tiêu nào chưa đạt.",
    level_reached: "đã đạt", percent_hint: "% hoặc tử/mẫu, vd. 150/3874", not_given: "(chưa nhập)",
    dat: "đạt", khong_dat: "không đạt", khong_co: "không có", count_change: "cần thay đổi",
    unblocks: "mở khóa", only_missing: "chỉ còn thiếu số liệu", findings: "Phát hiện",
    signature: "Người lập biểu", signature2: "Xác nhận của UBND xã", date: "Ngày … tháng … năm …",
    summary_title: "Tóm tắt kết quả tự đánh giá", criterion: "Tiêu chí", result: "Kết quả",
    files: "Hồ sơ (XML, CSV, ZIP; chọn nhiều tệp)", thin_margin: "Sát ngưỡng (%)", run_audit: "Kiểm tra",
    view_html: "Xem báo cáo", download_html: "Tải HTML", download_json: "Tải JSON", download_csv: "Tải CSV",
    communes: "xã", errors: "lỗi", warnings: "cảnh báo", by_status: "Theo mức đạt", busy: "Đang xử lý…",
  },
  en: {
    commune_title: "New Rural Development: commune assessment", province_title: "Province and district check",
    nav_commune: "Commune", nav_province: "Province, district", language: "Language", province: "Province",
    year: "Year", region: "Region", special: "Specially difficult commune", commune_code: "Commune code",
    commune_name: "Commune name", district: "District", claim: "Level claimed", no_claim: "(no claim)",
    load: "Open a submission (XML, CSV)", save_xml: "Save XML", save_csv: "Save CSV (Excel)",
    print: "Print a summary", verdict: "Verdict", criteria_met: "Criteria met", failing: "Indicators not met",
    plan: "Readiness plan", target: "target", unverified: "unverified", gap: "short by", missing: "Not given",
    missing_count: "indicators without a value", derived: "taken from", none_failing: "No indicator is failing.",
    level_reached: "reached", percent_hint: "% or numerator/denominator, e.g. 150/3874", not_given: "(not given)",
    dat: "met", khong_dat: "not met", khong_co: "not applicable", count_change: "change needed",
    unblocks: "unblocks", only_missing: "only data are missing", findings: "Findings",
    signature: "Prepared by", signature2: "Certified by the commune People's Committee", date: "Date",
    summary_title: "Self-assessment summary", criterion: "Criterion", result: "Result",
    files: "Submissions (XML, CSV, ZIP; pick many)", thin_margin: "Thin margin (%)", run_audit: "Audit",
    view_html: "View report", download_html: "Download HTML", download_json: "Download JSON",
    download_csv: "Download CSV", communes: "communes", errors: "errors", warnings: "warnings",
    by_status: "By status", busy: "Working…",
  },
};

const ntm = {
  lang: localStorage.getItem("ntm-lang") === "en" ? "en" : "vi",

  t(key) {
    return NTM_LABELS[ntm.lang][key] || key;
  },

  /// The Vietnamese or English name of something the rules name in both.
  pick(object) {
    return ntm.lang === "en" && object.name_en ? object.name_en : object.name;
  },

  /// A new element with text (never HTML) and attributes.
  el(tag, text, attributes) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, value);
    }
    return node;
  },

  translate() {
    document.documentElement.lang = ntm.lang;
    for (const node of document.querySelectorAll("[data-t]")) {
      node.textContent = ntm.t(node.dataset.t);
    }
    const select = document.getElementById("lang");
    select.value = ntm.lang;
  },

  onLanguage(callback) {
    document.getElementById("lang").addEventListener("change", (event) => {
      ntm.lang = event.target.value === "en" ? "en" : "vi";
      localStorage.setItem("ntm-lang", ntm.lang);
      ntm.translate();
      callback();
    });
    ntm.translate();
  },

  /// Shows the API's error (its every message) in `box`, or hides `box` when `error` is null.
  showError(box, error) {
    box.replaceChildren();
    box.hidden = !error;
    if (!error) {
      return;
    }
    const list = ntm.el("ul");
    for (const message of error.messages || [error.message]) {
      list.append(ntm.el("li", message));
    }
    box.append(list);
  },

  /// Fetches and returns [status, parsed JSON or text]; the API answers errors in JSON.
  async call(url, options) {
    const response = await fetch(url, options);
    const type = response.headers.get("Content-Type") || "";
    const body = type.startsWith("application/json") ? await response.json() : await response.text();
    return [response.status, body, response];
  },

  /// Saves `text` as a file named `name`.
  download(text, name, type) {
    const url = URL.createObjectURL(new Blob([text], {type}));
    const link = ntm.el("a", null, {href: url, download: name});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },

  /// A value of the API's JSON for a person: numbers rounded, `dat`/`khong-dat`/`khong-co` in words.
  number(value) {
    const words = {"dat": "dat", "khong-dat": "khong_dat", "khong-co": "khong_co"};
    if (typeof value === "string" && words[value]) {
      return ntm.t(words[value]);
    }
    if (typeof value !== "number") {
      return value === null || value === undefined ? "–" : String(value);
    }
    return String(Math.round(value * 100) / 100);
  },
};
