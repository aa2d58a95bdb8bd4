#include "eval/audit.hpp"
#include "eval/rule_base.hpp"
#include "load/discover.hpp"
#include "report/audit_report.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <type_traits>

namespace fs = std::filesystem;
using namespace ntm;

namespace {

const eval::RuleBase& bundled_rules()
{
  static const eval::RuleBase rules = [] {
    auto loaded = eval::RuleBase::load(fs::path(NTM_SOURCE_DIR) / "rules");
    REQUIRE(loaded.ok());
    return std::move(*loaded.value);
  }();
  return rules;
}

std::string read_sample(const std::string& name)
{
  std::ifstream in(fs::path(NTM_SOURCE_DIR) / "communes" / "tra-cu-2023" / name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string replace(std::string text, const std::string& from, const std::string& to)
{
  const auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

/// A scratch folder, removed at the end of the test.
class Scratch {
public:
  Scratch()
      : m_path(fs::temp_directory_path() /
               ("ntm-audit-test-" + std::to_string(::getpid()) + "-" + std::to_string(s_counter++)))
  {
    fs::remove_all(m_path);
    fs::create_directories(m_path);
  }
  ~Scratch() { fs::remove_all(m_path); }
  const fs::path& path() const { return m_path; }
  fs::path write(const std::string& name, const std::string& text) const
  {
    std::ofstream(m_path / name, std::ios::binary) << text;
    return m_path / name;
  }

private:
  static inline int s_counter = 0;
  fs::path m_path;
};

eval::AuditResult audit(const Scratch& scratch, unsigned jobs = 1)
{
  eval::AuditOptions options;
  options.jobs = jobs;
  const eval::Auditor auditor(bundled_rules(), options);
  return auditor.run(load::discover({scratch.path()}));
}

eval::CommuneRow row_named(const eval::AuditResult& result, const std::string& file_name)
{
  for (eval::CommuneRow row : result.rows) {
    if (fs::path(row.file).filename() == file_name) {
      return row;
    }
  }
  FAIL("no row for " << file_name);
  throw std::logic_error("unreachable");
}

std::vector<std::string> codes(const eval::CommuneRow& row, eval::Severity severity)
{
  std::vector<std::string> out;
  for (const eval::Finding& finding : row.findings) {
    if (finding.severity == severity) {
      out.push_back(finding.code);
    }
  }
  return out;
}

/// The audit JSON's head, districts and total: what nlohmann's dump(2) gives for them, parsed
/// back, members in key order, before the commune rows.
void check_head_is_dumped(const std::string& text)
{
  nlohmann::json head = nlohmann::json::parse(text);
  head.erase("communes");
  const std::string dumped = head.dump(2); // {\n  "districts": …\n}
  const std::string expected = dumped.substr(0, dumped.size() - 2) + ",\n  \"communes\": [";
  CHECK(text.substr(0, expected.size()) == expected);
}

} // namespace

TEST_CASE("a folder of broken files is audited to the end with one finding per bad file")
{
  Scratch scratch;
  scratch.write("good.xml", read_sample("ngoc-bien.xml"));
  const std::string sample = read_sample("tan-hiep.xml");
  scratch.write("truncated.xml", sample.substr(0, sample.size() / 2));
  scratch.write("latin1.xml", replace(sample, "Xã Tân Hiệp", "X\xE3 T\xE2n Hi\xEA\x31p"));
  scratch.write("empty.xml", "");
  scratch.write("junk.xml", std::string("\x7F"
                                        "ELF\x02\x01\x01\0\0\0\x03\x00\xFF\xFE",
                                        14));
  fs::create_directory(scratch.path() / "folder.xml");
  fs::create_symlink(scratch.path() / "gone.xml", scratch.path() / "dangling.xml");
  REQUIRE(::mkfifo((scratch.path() / "pipe.xml").c_str(), 0600) == 0);

  const eval::AuditResult result = audit(scratch);

  REQUIRE(result.rows.size() == 8);
  CHECK(row_named(result, "good.xml").evaluated);
  CHECK(row_named(result, "good.xml").status == "ntm");
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"truncated.xml", "malformed-xml"}, {"latin1.xml", "encoding"},   {"empty.xml", "malformed-xml"},
      {"junk.xml", "encoding"},           {"folder.xml", "unreadable"}, {"dangling.xml", "unreadable"},
      {"pipe.xml", "unreadable"}};
  for (const auto& [file, code] : expected) {
    INFO(file);
    const eval::CommuneRow row = row_named(result, file);
    CHECK_FALSE(row.evaluated);
    REQUIRE(row.findings.size() == 1);
    CHECK(row.findings.front().code == code);
    CHECK(row.findings.front().severity == eval::Severity::error);
  }
  CHECK(row_named(result, "folder.xml").findings.front().detail == "is a directory, not a file");
  CHECK(row_named(result, "dangling.xml").findings.front().detail == "no such file");
  CHECK(row_named(result, "pipe.xml").findings.front().detail == "is not a regular file");
  CHECK(row_named(result, "empty.xml").findings.front().detail ==
        "no XML element: the file is empty or holds no document");
  CHECK(result.total.communes == 1);
  CHECK(result.has_errors());
}

TEST_CASE("the same commune and year submitted twice is an error on the second copy")
{
  Scratch scratch;
  scratch.write("a.xml", read_sample("ngoc-bien.xml"));
  scratch.write("b.xml", read_sample("ngoc-bien.xml"));
  const eval::AuditResult result = audit(scratch);
  CHECK(codes(row_named(result, "a.xml"), eval::Severity::error).empty());
  const eval::CommuneRow second = row_named(result, "b.xml");
  REQUIRE(codes(second, eval::Severity::error) == std::vector<std::string>{"duplicate-submission"});
  for (const eval::Finding& finding : second.findings) {
    if (finding.code == "duplicate-submission") {
      CHECK(finding.claimed == "29116");
      CHECK(finding.actual == "2023");
      CHECK(finding.detail == (scratch.path() / "a.xml").string());
    }
  }
}

TEST_CASE("codes alike in their first eight bytes are different communes, and each is found twice")
{
  // Rows are grouped by a code's first eight bytes and its length before the whole code. The
  // loaders take five digits only: the rows are stored as they are.
  const std::vector<std::string> codes_stored = {"291160001", "291160002", "291160001",
                                                 "29116000",  "29116000",  "29116"};
  eval::AuditRows rows(codes_stored.size());
  for (std::size_t i = 0; i < codes_stored.size(); ++i) {
    eval::CommuneRow row;
    row.index = i;
    row.file = "row" + std::to_string(i) + ".xml";
    row.evaluated = true;
    row.commune.code = codes_stored[i];
    row.year = 2023;
    rows.store(row);
  }
  const eval::Auditor auditor(bundled_rules(), eval::AuditOptions());
  auditor.cross_check(rows);
  const std::vector<std::string> none;
  const std::vector<std::string> duplicate = {"duplicate-submission"};
  for (const std::size_t i : {std::size_t{0}, std::size_t{1}, std::size_t{3}, std::size_t{5}}) {
    CAPTURE(i);
    CHECK(codes(rows[i], eval::Severity::error) == none);
  }
  for (const auto& [i, first] :
       {std::pair{std::size_t{2}, "row0.xml"}, std::pair{std::size_t{4}, "row3.xml"}}) {
    CAPTURE(i);
    const eval::CommuneRow row = rows[i];
    REQUIRE(codes(row, eval::Severity::error) == duplicate);
    CHECK(row.findings.front().detail == first);
  }
}

TEST_CASE("an overstated claim and self-assessment are error findings")
{
  Scratch scratch;
  // Tân Hiệp meets 17/19 (poverty 11 and environment 17 fail); it claims NTM and says poverty is met.
  std::string text = replace(
      read_sample("tan-hiep.xml"),
      "<commune code=\"29134\" name=\"Xã Tân Hiệp\" district=\"Huyện Trà Cú\" province=\"Trà Vinh\"/>",
      "<commune code=\"29134\" name=\"Xã Tân Hiệp\" district=\"Huyện Trà Cú\" province=\"Trà Vinh\"/>\n  "
      "<claim level=\"ntm\"/>");
  text = replace(text, "numerator=\"175\" denominator=\"3874\" self-assessment=\"khong-dat\"",
                 "numerator=\"175\" denominator=\"3874\" self-assessment=\"dat\"");
  scratch.write("overstated.xml", text);
  const eval::AuditResult result = audit(scratch);
  const eval::CommuneRow row = row_named(result, "overstated.xml");
  CHECK(row.status == "chua-dat");
  CHECK(row.claimed == std::optional<std::string>("ntm"));
  const auto errors = codes(row, eval::Severity::error);
  CHECK(std::count(errors.begin(), errors.end(), "claim-not-supported") == 1);
  CHECK(std::count(errors.begin(), errors.end(), "self-assessment-mismatch") == 1);
  for (const eval::Finding& finding : row.findings) {
    if (finding.code == "self-assessment-mismatch") {
      CHECK(finding.indicator == "11");
      CHECK(finding.claimed == "dat");
      CHECK(finding.actual == "not-met");
    }
    if (finding.code == "claim-not-supported") {
      CHECK(finding.claimed == "ntm");
      CHECK(finding.actual == "chua-dat");
    }
  }
}

TEST_CASE("a target met by less than the margin is listed with the margin")
{
  Scratch scratch;
  // The ĐBSCL income target for 2023 is 50; 50.5 passes it by 1%.
  scratch.write("thin.xml", replace(read_sample("tan-hiep.xml"),
                                    "<indicator code=\"10\" value=\"58.64\" self-assessment=\"dat\"/>",
                                    "<indicator code=\"10\" value=\"50.5\" self-assessment=\"dat\"/>"));
  const eval::AuditResult result = audit(scratch);
  const eval::CommuneRow row = row_named(result, "thin.xml");
  const eval::Finding* thin = nullptr;
  for (const eval::Finding& finding : row.findings) {
    if (finding.code == "thin-margin" && finding.indicator == "10") {
      thin = &finding;
    }
  }
  REQUIRE(thin != nullptr);
  CHECK(thin->severity == eval::Severity::info);
  CHECK(thin->claimed == "50.5");
  CHECK(thin->actual == "≥ 50 triệu đồng/người/năm");
  CHECK(*thin->amount == Approx(0.5));
  CHECK(*thin->percent == Approx(1.0));
  // A percentage's target is written with its sign against the number: 3865 of 3874 households
  // with electricity, 99.77%, against 98%.
  const eval::Finding* percent = nullptr;
  for (const eval::Finding& finding : row.findings) {
    if (finding.code == "thin-margin" && finding.indicator == "4.2") {
      percent = &finding;
    }
  }
  REQUIRE(percent != nullptr);
  CHECK(percent->claimed == "99.77");
  CHECK(percent->actual == "≥ 98%");
  CHECK(*percent->amount == Approx(100.0 * 3865 / 3874 - 98));
  CHECK_FALSE(result.has_errors());
}

TEST_CASE("year on year, a criterion that falls back and one that jumps to met are flagged")
{
  Scratch scratch;
  const std::string base = read_sample("tan-hiep.xml");
  // 2022: poverty met (2%), income not met (40 < 46). 2023 (the sample): poverty 4.52% not met,
  // income 58.64 met, a 46.6% jump.
  std::string earlier = replace(base, "<submission year=\"2023\"", "<submission year=\"2022\"");
  earlier = replace(earlier, "numerator=\"175\" denominator=\"3874\" self-assessment=\"khong-dat\"",
                    "numerator=\"77\" denominator=\"3874\"");
  earlier = replace(earlier, "<indicator code=\"10\" value=\"58.64\" self-assessment=\"dat\"/>",
                    "<indicator code=\"10\" value=\"40\"/>");
  scratch.write("2022.xml", earlier);
  scratch.write("2023.xml", base);
  const eval::AuditResult result = audit(scratch);
  const eval::CommuneRow first = row_named(result, "2022.xml");
  CHECK(std::none_of(first.findings.begin(), first.findings.end(), [](const eval::Finding& f) {
    return f.code == "criterion-regressed" || f.code == "unusual-jump";
  }));
  const eval::CommuneRow later = row_named(result, "2023.xml");
  const eval::Finding* fell = nullptr;
  const eval::Finding* jump = nullptr;
  for (const eval::Finding& finding : later.findings) {
    if (finding.code == "criterion-regressed") {
      fell = &finding;
    }
    if (finding.code == "unusual-jump") {
      jump = &finding;
    }
  }
  REQUIRE(fell != nullptr);
  CHECK(fell->set_ref == "xa-ntm");
  CHECK(fell->criterion == "11");
  CHECK(fell->claimed == "2022");
  CHECK(fell->actual == "2023");
  REQUIRE(jump != nullptr);
  CHECK(jump->criterion == "10");
  CHECK(jump->indicator == "10");
  CHECK(*jump->percent == Approx(46.6).epsilon(0.001));
}

TEST_CASE("a small change to a newly met criterion is no jump")
{
  Scratch scratch;
  const std::string base = read_sample("tan-hiep.xml");
  std::string earlier = replace(base, "<submission year=\"2023\"", "<submission year=\"2022\"");
  earlier = replace(earlier, "<indicator code=\"10\" value=\"58.64\" self-assessment=\"dat\"/>",
                    "<indicator code=\"10\" value=\"45.9\"/>");
  scratch.write("2022.xml", earlier);
  scratch.write("2023.xml", replace(base, "<indicator code=\"10\" value=\"58.64\" self-assessment=\"dat\"/>",
                                    "<indicator code=\"10\" value=\"52\"/>"));
  const eval::AuditResult result = audit(scratch);
  for (const eval::Finding& finding : row_named(result, "2023.xml").findings) {
    CHECK(finding.code != "unusual-jump");
  }
}

TEST_CASE("roll-ups count the bundled district as its report does, and the district conditions follow")
{
  eval::AuditOptions options;
  options.jobs = 2;
  const eval::Auditor auditor(bundled_rules(), options);
  const eval::AuditResult result = auditor.run(load::discover({fs::path(NTM_SOURCE_DIR) / "communes"}));
  REQUIRE(result.rows.size() == 15);
  REQUIRE(result.districts.size() == 1);
  const eval::Rollup& district = result.districts.front();
  CHECK(district.district == "Huyện Trà Cú");
  CHECK(district.communes == 15);
  CHECK(district.by_status.at("ntm") == 3);
  CHECK(district.by_status.at("chua-dat") == 12);
  const auto& met = district.by_criteria_met.at("xa-ntm");
  CHECK(met.at(19) == 3);
  CHECK(met.at(17) + met.at(16) == 6);
  CHECK(met.at(15) + met.at(14) == 6);
  CHECK(district.set_communes.at("xa-ntm-nang-cao") == 3);
  for (const auto& [count, communes] : district.by_criteria_met.at("xa-ntm-nang-cao")) {
    CHECK(count >= 12);
    CHECK(count <= 15);
  }
  REQUIRE(district.district_evaluation.has_value());
  const eval::SetResult& conditions = district.district_evaluation->sets.front();
  CHECK(conditions.version->ref == "huyen-ntm");
  const eval::IndicatorResult* share = conditions.find("1");
  REQUIRE(share != nullptr);
  CHECK(*share->number == Approx(20.0));
  CHECK(share->outcome == eval::Outcome::not_met);
  CHECK(conditions.find("2")->outcome == eval::Outcome::not_met);
  CHECK(result.total.communes == 15);
  CHECK_FALSE(result.has_errors());
}

TEST_CASE("the buckets officials use cover every count once")
{
  const auto buckets = eval::criteria_buckets(19);
  REQUIRE(buckets.size() == 5);
  CHECK(buckets[0].low == 19);
  CHECK(buckets[0].high == 19);
  CHECK(buckets[1].low == 15);
  CHECK(buckets[1].high == 18);
  CHECK(buckets[2].low == 10);
  CHECK(buckets[2].high == 14);
  CHECK(buckets[3].low == 5);
  CHECK(buckets[3].high == 9);
  CHECK(buckets[4].low == 0);
  CHECK(buckets[4].high == 4);
}

TEST_CASE("two threads give the same rows as one")
{
  Scratch scratch;
  for (const char* name : {"ngoc-bien.xml", "tan-hiep.xml", "dinh-an.xml", "kim-son.xml"}) {
    scratch.write(name, read_sample(name));
  }
  const eval::AuditResult one = audit(scratch, 1);
  const eval::AuditResult two = audit(scratch, 2);
  REQUIRE(one.rows.size() == two.rows.size());
  for (std::size_t i = 0; i < one.rows.size(); ++i) {
    CHECK(one.rows[i].file == two.rows[i].file);
    CHECK(one.rows[i].status == two.rows[i].status);
    CHECK(one.rows[i].findings.size() == two.rows[i].findings.size());
  }
}

/// Fifteen communes in three districts and two years, so that districts are counted apart.
/// Adds each count of `counts` (set ref -> key -> communes) to `into`, as "ref key" -> communes.
template <typename Key>
void add_by_ref(const eval::Counts<std::string, eval::Counts<Key>>& counts, std::map<std::string, int>& into)
{
  for (const auto& [ref, by_key] : counts) {
    for (const auto& [key, communes] : by_key) {
      if constexpr (std::is_same_v<Key, int>) {
        into[ref + " " + std::to_string(key)] += communes;
      } else {
        into[ref + " " + std::string(key)] += communes;
      }
    }
  }
}

void write_three_districts(Scratch& scratch)
{
  const std::vector<std::string> names = {"an-quang-huu.xml", "dai-an.xml", "dinh-an.xml", "ham-giang.xml",
                                          "ham-tan.xml"};
  for (const std::string& name : names) {
    const std::string sample = read_sample(name);
    scratch.write("tra-cu-" + name, sample);
    scratch.write("cau-ngang-" + name, replace(sample, "Huyện Trà Cú", "Huyện Cầu Ngang"));
    scratch.write("2024-" + name, replace(sample, "year=\"2023\"", "year=\"2024\""));
  }
}

TEST_CASE("roll-ups counted on three threads are those of one, and the batch is the sum of its rows")
{
  Scratch scratch;
  write_three_districts(scratch);
  const eval::AuditResult one = audit(scratch, 1);
  const eval::AuditResult three = audit(scratch, 3);
  REQUIRE(one.districts.size() == 3);
  REQUIRE(three.districts.size() == 3);
  for (std::size_t d = 0; d < one.districts.size(); ++d) {
    const eval::Rollup& a = one.districts[d];
    const eval::Rollup& b = three.districts[d];
    CHECK(a.district == b.district);
    CHECK(a.year == b.year);
    CHECK(a.communes == 5);
    CHECK(b.communes == 5);
    CHECK(a.by_status == b.by_status);
    CHECK(a.by_criteria_met == b.by_criteria_met);
    CHECK(a.criterion_met == b.criterion_met);
    CHECK(a.set_communes == b.set_communes);
  }
  // The batch, counted from the rows themselves.
  eval::Counts<std::string> statuses;
  eval::Counts<int> main_met;
  for (const eval::CommuneRow& row : one.rows) {
    ++statuses[row.status];
    ++main_met[row.find_set("xa-ntm")->criteria_met];
  }
  for (const eval::AuditResult* result : {&one, &three}) {
    CHECK(result->total.communes == 15);
    CHECK(result->total.by_status == statuses);
    CHECK(result->total.by_criteria_met.at("xa-ntm") == main_met);
    CHECK(result->total.set_communes.at("xa-ntm") == 15);
    CHECK(result->total.criterion_met == one.total.criterion_met);
  }
  CHECK(one.total.criterion_met.at("xa-ntm").at("1") ==
        3 * one.districts[0].criterion_met.at("xa-ntm").at("1"));
}

TEST_CASE("the batch sums its districts, a province's own version of a set with the national one")
{
  Scratch scratch;
  for (const std::string name : {"an-quang-huu.xml", "dai-an.xml", "dinh-an.xml", "ham-giang.xml"}) {
    const std::string sample = read_sample(name);
    scratch.write("tra-vinh-" + name, sample);
    scratch.write("ben-tre-" + name, replace(sample, "province=\"Trà Vinh\"", "province=\"Bến Tre\""));
  }
  const eval::AuditResult result = audit(scratch, 2);
  REQUIRE(result.districts.size() == 2);
  // Trà Vinh's communes are judged by its own version of the main set, the others by the national.
  std::set<const model::RuleSet*> versions;
  for (const eval::CommuneRow& row : result.rows) {
    versions.insert(row.find_set("xa-ntm")->version);
  }
  REQUIRE(versions.size() == 2);
  std::map<std::string, int> statuses;
  std::map<std::string, int> set_communes;
  std::map<std::string, int> by_met; // "ref met" -> communes
  std::map<std::string, int> met;    // "ref criterion" -> communes
  for (const eval::Rollup& district : result.districts) {
    for (const auto& [status, communes] : district.by_status) {
      statuses[status] += communes;
    }
    for (const auto& [ref, communes] : district.set_communes) {
      set_communes[ref] += communes;
    }
    add_by_ref(district.by_criteria_met, by_met);
    add_by_ref(district.criterion_met, met);
  }
  const eval::Rollup& total = result.total;
  CHECK(total.communes == 8);
  CHECK(std::map<std::string, int>(total.by_status.begin(), total.by_status.end()) == statuses);
  CHECK(std::map<std::string, int>(total.set_communes.begin(), total.set_communes.end()) == set_communes);
  std::map<std::string, int> total_by_met;
  add_by_ref(total.by_criteria_met, total_by_met);
  CHECK(total_by_met == by_met);
  std::map<std::string, int> total_met;
  add_by_ref(total.criterion_met, total_met);
  CHECK(total_met == met);
  CHECK(met.count("xa-ntm 19") == 1);
}

TEST_CASE("roll-ups count every criterion met by the communes of their district (10 to 19 among them)")
{
  // Counted from the rows themselves, criterion by criterion: a roll-up keeps its counts in the
  // order of the criteria's ids as text ("1", "10", …, "19", "2"), not in the rules' order.
  Scratch scratch;
  write_three_districts(scratch);
  const eval::AuditResult result = audit(scratch, 2);
  REQUIRE(result.districts.size() == 3);
  std::map<std::string, int> batch; // "ref criterion" -> communes
  for (const eval::Rollup& district : result.districts) {
    CAPTURE(district.district, district.year);
    std::map<std::string, int> counted;
    for (const eval::CommuneRow& row : result.rows) {
      if (row.commune.district != district.district || row.year != district.year) {
        continue;
      }
      for (const eval::SetSummary& set : row.sets) {
        for (std::size_t c = 0; c < set.criteria.size(); ++c) {
          const int met = set.criteria[c] == eval::Outcome::met ? 1 : 0;
          counted[set.version->ref + " " + set.version->criteria[c].id] += met;
          batch[set.version->ref + " " + set.version->criteria[c].id] += met;
        }
      }
    }
    std::map<std::string, int> rolled;
    add_by_ref(district.criterion_met, rolled);
    CHECK(rolled == counted);
    CHECK(counted.count("xa-ntm 19") == 1);
  }
  std::map<std::string, int> total;
  add_by_ref(result.total.criterion_met, total);
  CHECK(total == batch);
}

TEST_CASE("reports rendered on three threads are those rendered on one, districts in order")
{
  Scratch scratch;
  write_three_districts(scratch);
  const eval::AuditResult result = audit(scratch, 1);
  const auto text = [&](unsigned jobs) {
    std::ostringstream out;
    report::write_audit_text(out, result, bundled_rules().book(), report::Lang::en, 50, jobs);
    return out.str();
  };
  const auto json = [&](unsigned jobs) {
    std::ostringstream out;
    report::write_audit_json(out, result, bundled_rules().book(), report::Lang::en, jobs);
    return out.str();
  };
  const std::string one = text(1);
  CHECK(text(3) == one);
  CHECK(json(3) == json(1));
  // Each district once, in (province, district, year) order.
  const std::size_t cau_ngang = one.find("\nHuyện Cầu Ngang, Trà Vinh, year 2023 (5 communes)\n");
  const std::size_t tra_cu = one.find("\nHuyện Trà Cú, Trà Vinh, year 2023 (5 communes)\n");
  const std::size_t tra_cu_2024 = one.find("\nHuyện Trà Cú, Trà Vinh, year 2024 (5 communes)\n");
  CHECK(cau_ngang != std::string::npos);
  CHECK(cau_ngang < tra_cu);
  CHECK(tra_cu < tra_cu_2024);
  CHECK(tra_cu_2024 != std::string::npos);
}

TEST_CASE("a file name that is not UTF-8 is named with U+FFFD in reports, and the JSON is written")
{
  Scratch scratch;
  scratch.write("\xff-good.xml", read_sample("ngoc-bien.xml"));
  scratch.write("\xff-bad.xml", "<submission");
  const eval::AuditResult result = audit(scratch);
  REQUIRE(result.rows.size() == 2);
  const eval::CommuneRow bad = result.rows[0];
  const eval::CommuneRow good = result.rows[1];
  CHECK(fs::path(good.file).filename() == "\xEF\xBF\xBD-good.xml");
  CHECK(good.evaluated);
  CHECK(fs::path(bad.file).filename() == "\xEF\xBF\xBD-bad.xml");
  REQUIRE(bad.findings.size() == 1);
  CHECK(bad.findings[0].where.str() == bad.file + ":1:11");
  std::ostringstream json;
  report::write_audit_json(json, result, bundled_rules().book(), report::Lang::en);
  CHECK(json.str().find("\xEF\xBF\xBD-good.xml") != std::string::npos);
}

TEST_CASE("each commune row of the audit JSON is what nlohmann's dump gives for it")
{
  // Quotes, backslashes, control characters and Vietnamese letters in names and messages.
  Scratch scratch;
  std::string sample = read_sample("tan-hiep.xml");
  const std::string name = "name=\"";
  const std::size_t at = sample.find(name, sample.find("<commune")) + name.size();
  sample.insert(at, "&quot;A\\B&#9;C&#10;D&#13;Ơ ");
  scratch.write("a.xml", sample);
  scratch.write("b.xml",
                "<submission year=\"2023\" region=\"dbscl\">\n  <commune code=\"x\"/>\n</submission>\n");
  const eval::AuditResult result = audit(scratch);
  std::ostringstream out;
  report::write_audit_json(out, result, bundled_rules().book(), report::Lang::vi);
  const nlohmann::json parsed = nlohmann::json::parse(out.str());
  REQUIRE(parsed["communes"].size() == 2);
  CHECK(parsed["communes"][0]["commune"]["name"].get<std::string>().rfind("\"A\\B\tC\nD\rƠ ", 0) == 0);
  CHECK_FALSE(parsed["communes"][1]["findings"].empty());
  for (const nlohmann::json& row : parsed["communes"]) {
    CHECK(out.str().find("\n    " + row.dump() + (&row == &parsed["communes"].back() ? "\n" : ",\n")) !=
          std::string::npos);
  }
}

TEST_CASE("a finding of the audit JSON names its own file, the row's or another")
{
  Scratch scratch;
  scratch.write("a.xml", read_sample("tan-hiep.xml"));
  eval::AuditResult result = audit(scratch);
  REQUIRE(result.rows.size() == 1);
  const std::string file = result.rows.file(0);
  eval::Finding elsewhere;
  elsewhere.severity = eval::Severity::warning;
  elsewhere.code = "duplicate-submission";
  elsewhere.where = {"b \"other\"\\Ơ.xml", 2, 3};
  eval::Finding here = elsewhere;
  here.where = {file, 4, 5};
  result.rows.add_findings(0, file, {elsewhere, here, elsewhere});
  std::ostringstream out;
  report::write_audit_json(out, result, bundled_rules().book(), report::Lang::en);
  const nlohmann::json row = nlohmann::json::parse(out.str())["communes"][0];
  const nlohmann::json& findings = row["findings"];
  REQUIRE(findings.size() >= 3);
  const std::size_t last = findings.size() - 1;
  CHECK(findings[last - 2]["location"]["file"] == "b \"other\"\\Ơ.xml");
  CHECK(findings[last - 1]["location"]["file"] == file);
  CHECK(findings[last]["location"]["file"] == "b \"other\"\\Ơ.xml");
  // Each with its own line and column.
  CHECK(findings[last - 1]["location"]["line"] == 4);
  CHECK(findings[last - 1]["location"]["column"] == 5);
  CHECK(findings[last]["location"]["line"] == 2);
  CHECK(findings[last]["location"]["column"] == 3);
  CHECK(out.str().find("\n    " + row.dump() + "\n") != std::string::npos);
}

TEST_CASE("each commune row of the audit JSON names its status in the report's language")
{
  // Communes at several levels, and one at none.
  Scratch scratch;
  for (const auto& entry : fs::directory_iterator(fs::path(NTM_SOURCE_DIR) / "communes" / "tra-cu-2023")) {
    scratch.write(entry.path().filename().string(), read_sample(entry.path().filename().string()));
  }
  const eval::AuditResult result = audit(scratch);
  for (const report::Lang lang : {report::Lang::vi, report::Lang::en}) {
    std::ostringstream out;
    report::write_audit_json(out, result, bundled_rules().book(), lang);
    const nlohmann::json parsed = nlohmann::json::parse(out.str());
    std::set<std::string> statuses;
    for (const nlohmann::json& row : parsed.at("communes")) {
      const std::string status = row["status"].get<std::string>();
      statuses.insert(status);
      CHECK(row["status_name"].get<std::string>() ==
            report::level_label(bundled_rules().book().levels, status, lang));
    }
    CHECK(statuses.size() >= 2);
  }
}

TEST_CASE("each commune row of the audit JSON holds its region and each set's outcomes and counts")
{
  Scratch scratch;
  for (const auto& entry : fs::directory_iterator(fs::path(NTM_SOURCE_DIR) / "communes" / "tra-cu-2023")) {
    scratch.write(entry.path().filename().string(), read_sample(entry.path().filename().string()));
  }
  const eval::AuditResult result = audit(scratch);
  std::ostringstream out;
  report::write_audit_json(out, result, bundled_rules().book(), report::Lang::en);
  const nlohmann::json parsed = nlohmann::json::parse(out.str());
  REQUIRE(parsed.at("communes").size() == result.rows.size());
  for (std::size_t i = 0; i < result.rows.size(); ++i) {
    const eval::CommuneRow row = result.rows[i];
    const nlohmann::json& written = parsed["communes"][i];
    CAPTURE(row.file);
    CHECK(written["region"] == model::region_code(row.region));
    REQUIRE(written["sets"].size() == row.sets.size());
    for (std::size_t k = 0; k < row.sets.size(); ++k) {
      const eval::SetSummary& set = row.sets[k];
      CHECK(written["sets"][k]["ref"] == set.version->ref);
      CHECK(written["sets"][k]["criteria_met"] == set.criteria_met);
      CHECK(written["sets"][k]["criteria_total"] == set.criteria_total());
      for (std::size_t c = 0; c < set.criteria.size(); ++c) {
        CHECK(written["sets"][k]["criteria"][set.version->criteria[c].id] ==
              eval::outcome_code(set.criteria[c]));
      }
    }
  }
}

TEST_CASE("the roll-ups of the audit JSON are what nlohmann's dump gives for them")
{
  // Several districts and years, a district name with quotes, a backslash, a tab and Vietnamese
  // letters, the bundled district's conditions, and a file that is not read.
  Scratch scratch;
  for (const auto& entry : fs::directory_iterator(fs::path(NTM_SOURCE_DIR) / "communes" / "tra-cu-2023")) {
    scratch.write(entry.path().filename().string(), read_sample(entry.path().filename().string()));
  }
  std::string other = replace(read_sample("tan-hiep.xml"), "district=\"Huyện Trà Cú\"",
                              "district=\"Huyện &quot;Trà\\Cú&#9;Ơ\"");
  scratch.write("other-district.xml", replace(other, "code=\"29134\"", "code=\"99999\""));
  scratch.write("next-year.xml", replace(read_sample("ngoc-bien.xml"), "year=\"2023\"", "year=\"2024\""));
  scratch.write("broken.xml", "<submission");
  const eval::AuditResult result = audit(scratch, 2);
  REQUIRE(result.districts.size() == 3);
  CHECK(std::any_of(result.districts.begin(), result.districts.end(),
                    [](const eval::Rollup& district) { return district.district_evaluation.has_value(); }));
  for (const report::Lang lang : {report::Lang::vi, report::Lang::en}) {
    std::ostringstream out;
    report::write_audit_json(out, result, bundled_rules().book(), lang);
    CHECK(out.str().find("\"district\": \"Huyện \\\"Trà\\\\Cú\\tƠ\"") != std::string::npos);
    check_head_is_dumped(out.str());
  }
  Scratch empty;
  std::ostringstream out;
  report::write_audit_json(out, audit(empty), bundled_rules().book(), report::Lang::vi);
  CHECK(out.str().find("\"sets\": {}") != std::string::npos);
  check_head_is_dumped(out.str());
}
