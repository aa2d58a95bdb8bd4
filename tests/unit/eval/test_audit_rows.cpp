#include "eval/audit_rows.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace ntm;

namespace {

model::RuleSet version_named(const std::string& ref)
{
  model::RuleSet version;
  version.ref = ref;
  return version;
}

eval::Finding thin_margin(const std::string& file)
{
  eval::Finding finding;
  finding.severity = eval::Severity::info;
  finding.code = "thin-margin";
  finding.set_ref = "xa-ntm";
  finding.indicator = "2.3";
  finding.claimed = "90.5";
  finding.actual = "≥ 90%";
  finding.where = {file, 12, 7};
  finding.amount = 0.5;
  finding.percent = 0.5555555555555556;
  return finding;
}

eval::CommuneRow full_row(std::size_t index, const model::RuleSet& version)
{
  eval::CommuneRow row;
  row.index = index;
  row.file = "communes/xã-đông-sơn-2023.xml";
  row.evaluated = true;
  row.commune = {"11447", "Xã Đông Sơn", "Huyện Phước Hòa", "Trà Vinh"};
  row.year = 2023;
  row.region = model::Region::tn;
  row.status = "ntm";
  row.claimed = "ntm-nang-cao";
  row.levels_reached = {true, false, false};
  eval::SetSummary set;
  set.version = &version;
  set.criteria_met = 2;
  set.criteria = {eval::Outcome::met, eval::Outcome::not_met, eval::Outcome::met, eval::Outcome::missing,
                  eval::Outcome::not_applicable};
  const float none = std::numeric_limits<float>::quiet_NaN();
  set.values = {none, 92.43F, none, none, none, none, none, none, -3.5F, 1e30F, none};
  row.sets.push_back(set);
  row.findings.push_back(thin_margin(row.file));
  eval::Finding other;
  other.severity = eval::Severity::error;
  other.code = "duplicate-submission";
  other.where = {"elsewhere.xml", 0, 0};
  other.detail = std::string(300, 'x'); // a length of two bytes
  row.findings.push_back(other);
  eval::Finding nowhere;
  nowhere.severity = eval::Severity::warning;
  nowhere.code = "criterion-regressed";
  nowhere.criterion = "11";
  row.findings.push_back(nowhere);
  return row;
}

void check_same(const eval::Finding& a, const eval::Finding& b)
{
  CHECK(a.severity == b.severity);
  CHECK(a.code == b.code);
  CHECK(a.set_ref == b.set_ref);
  CHECK(a.indicator == b.indicator);
  CHECK(a.claimed == b.claimed);
  CHECK(a.actual == b.actual);
  CHECK(a.where.str() == b.where.str());
  CHECK(a.criterion == b.criterion);
  CHECK(a.detail == b.detail);
  CHECK(a.amount == b.amount);
  CHECK(a.percent == b.percent);
}

} // namespace

TEST_CASE("a packed row reads back as it was stored")
{
  const model::RuleSet version = version_named("xa-ntm");
  const eval::CommuneRow row = full_row(1, version);
  eval::AuditRows rows(3);
  rows.store(row);
  const eval::CommuneRow back = rows[1];
  CHECK(back.index == 1);
  CHECK(back.file == row.file);
  CHECK(back.evaluated);
  CHECK(back.commune.code == "11447");
  CHECK(back.commune.name == "Xã Đông Sơn");
  CHECK(back.commune.district == "Huyện Phước Hòa");
  CHECK(back.commune.province == "Trà Vinh");
  CHECK(back.year == 2023);
  CHECK(back.region == model::Region::tn);
  CHECK(back.status == "ntm");
  CHECK(back.claimed == row.claimed);
  CHECK(back.levels_reached == row.levels_reached);
  REQUIRE(back.sets.size() == 1);
  CHECK(back.sets[0].version == &version);
  CHECK(back.sets[0].criteria_met == 2);
  CHECK(back.sets[0].criteria == row.sets[0].criteria);
  REQUIRE(back.sets[0].values.size() == row.sets[0].values.size());
  for (std::size_t i = 0; i < row.sets[0].values.size(); ++i) {
    const float want = row.sets[0].values[i];
    const float got = back.sets[0].values[i];
    CHECK((std::isnan(want) ? std::isnan(got) : got == want));
  }
  REQUIRE(back.findings.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    check_same(back.findings[i], row.findings[i]);
  }
  CHECK(rows.count(eval::Severity::error) == 1);
  CHECK(rows.count(eval::Severity::warning) == 1);
  CHECK(rows.count(eval::Severity::info) == 1);

  const eval::AuditRows::Key key = rows.key(1);
  CHECK(key.evaluated);
  CHECK(key.year == 2023);
  CHECK(key.code == "11447");
  CHECK(key.district == "Huyện Phước Hòa");
  CHECK(key.province == "Trà Vinh");

  // Rows not stored are empty, with their index.
  CHECK(rows[2].index == 2);
  CHECK(rows[2].file.empty());
  CHECK_FALSE(rows.key(2).evaluated);
  CHECK(rows.unpack(1, eval::AuditRows::Part::without_findings).findings.empty());
  CHECK(rows.unpack(1, eval::AuditRows::Part::without_findings).file == row.file);
  const eval::CommuneRow numbers = rows.unpack(1, eval::AuditRows::Part::numbers);
  CHECK(numbers.file.empty());
  CHECK(numbers.commune.name.empty());
  CHECK(numbers.findings.empty());
  CHECK(numbers.year == 2023);
  CHECK(numbers.region == model::Region::tn);
  CHECK(numbers.status == "ntm");
  CHECK(numbers.claimed == row.claimed);
  CHECK(numbers.levels_reached == row.levels_reached);
  REQUIRE(numbers.sets.size() == 1);
  CHECK(numbers.sets[0].criteria == row.sets[0].criteria);
  CHECK(rows.file(1) == row.file);
  CHECK(rows.file(2).empty());
}

TEST_CASE("findings added to a stored row follow its own, and the counts follow both")
{
  const model::RuleSet version = version_named("xa-ntm");
  eval::AuditRows rows(1);
  rows.store(full_row(0, version));
  const eval::CommuneRow row = rows[0];
  eval::Finding jump;
  jump.severity = eval::Severity::warning;
  jump.code = "unusual-jump";
  jump.where = {row.file, 0, 0};
  jump.percent = 46.6;
  rows.add_findings(0, row.file, {jump});
  rows.add_findings(0, row.file, {thin_margin(row.file)});

  const eval::CommuneRow back = rows[0];
  REQUIRE(back.findings.size() == 5);
  check_same(back.findings[3], jump);
  check_same(back.findings[4], thin_margin(row.file));
  CHECK(rows.count(eval::Severity::warning) == 2);
  CHECK(rows.count(eval::Severity::info) == 2);

  // Storing the row again replaces it whole, added findings included.
  eval::CommuneRow replaced = back;
  replaced.findings.resize(1);
  rows.store(replaced);
  CHECK(rows[0].findings.size() == 1);
  CHECK(rows.count(eval::Severity::error) == 0);
  CHECK(rows.count(eval::Severity::warning) == 0);
  CHECK(rows.count(eval::Severity::info) == 1);
}

TEST_CASE("rows larger than a block are kept whole")
{
  const model::RuleSet version = version_named("xa-ntm");
  eval::AuditRows rows(2);
  eval::CommuneRow big = full_row(0, version);
  big.findings.front().detail = std::string(3 << 20, 'y');
  rows.store(big);
  rows.store(full_row(1, version));
  CHECK(rows[0].findings.front().detail.size() == std::size_t{3} << 20);
  CHECK(rows[1].commune.name == "Xã Đông Sơn");
  std::size_t seen = 0;
  for (const eval::CommuneRow& row : rows) {
    CHECK(row.index == seen++);
  }
  CHECK(seen == 2);
}

TEST_CASE("texts of any length read back, in a row and in the findings added to it")
{
  // A record is written into room made for it at once: each text must be counted in it.
  const model::RuleSet version = version_named("xa-ntm");
  eval::AuditRows rows(1);
  eval::CommuneRow row = full_row(0, version);
  row.file = std::string(900, 'f') + "/" + std::string(700, 'g');
  row.commune.code = std::string(600, 'c');
  row.commune.name = std::string(500, 'n');
  row.levels_reached.assign(400, true);
  row.sets.front().values.assign(1000, 2.5F);
  eval::Finding& elsewhere = row.findings[1];
  elsewhere.where = {std::string(5000, 's'), 3, 4};
  elsewhere.claimed = std::string(3000, 'x');
  rows.store(row);
  eval::Finding added = elsewhere;
  added.detail = std::string(4000, 'd');
  rows.add_findings(0, row.file, {added});
  rows.add_findings(0, row.file, {added});
  row.findings.push_back(added);
  row.findings.push_back(added);

  const eval::CommuneRow back = rows[0];
  CHECK(back.file == row.file);
  CHECK(back.commune.code == row.commune.code);
  CHECK(back.commune.name == row.commune.name);
  CHECK(back.levels_reached == row.levels_reached);
  REQUIRE(back.sets.size() == 1);
  CHECK(back.sets.front().values == row.sets.front().values);
  REQUIRE(back.findings.size() == row.findings.size());
  for (std::size_t i = 0; i < row.findings.size(); ++i) {
    check_same(back.findings[i], row.findings[i]);
  }
}

TEST_CASE("a row unpacked into one that held another row keeps nothing of the other")
{
  // Findings in the other order, each field set in one row and not in the other, and values
  // present at each place of a bitmap byte: unpacking into a used row reuses its strings.
  const model::RuleSet version = version_named("xa-ntm");
  eval::AuditRows rows(2);
  eval::CommuneRow first = full_row(0, version);
  first.findings.push_back(thin_margin("elsewhere.xml"));
  rows.store(first);
  eval::CommuneRow second = full_row(1, version);
  std::reverse(second.findings.begin(), second.findings.end());
  second.findings.pop_back();
  second.findings[1].amount.reset();
  second.findings[1].where = {second.file, 3, 4};
  const float none = std::numeric_limits<float>::quiet_NaN();
  second.sets[0].values = {1.0F, none, none, none, none, none, none,  8.0F, 9.0F,
                           none, none, none, none, none, none, 16.0F, none, 18.0F};
  rows.store(second);
  rows.add_findings(1, second.file, {thin_margin(second.file)});
  second.findings.push_back(thin_margin(second.file));

  for (const eval::AuditRows::Part part :
       {eval::AuditRows::Part::all, eval::AuditRows::Part::without_findings,
        eval::AuditRows::Part::numbers}) {
    eval::CommuneRow reused;
    rows.unpack_into(0, eval::AuditRows::Part::all, reused);
    rows.unpack_into(1, part, reused);
    const eval::CommuneRow fresh = rows.unpack(1, part);
    CHECK(reused.file == fresh.file);
    CHECK(reused.commune.name == fresh.commune.name);
    REQUIRE(reused.sets.size() == 1);
    REQUIRE(reused.sets[0].values.size() == second.sets[0].values.size());
    for (std::size_t i = 0; i < second.sets[0].values.size(); ++i) {
      const float want = second.sets[0].values[i];
      const float got = reused.sets[0].values[i];
      CHECK((std::isnan(want) ? std::isnan(got) : got == want));
    }
    REQUIRE(reused.findings.size() == fresh.findings.size());
    REQUIRE(reused.findings.size() == (part == eval::AuditRows::Part::all ? second.findings.size() : 0));
    for (std::size_t i = 0; i < reused.findings.size(); ++i) {
      check_same(reused.findings[i], second.findings[i]);
      check_same(fresh.findings[i], second.findings[i]);
    }
  }
}

TEST_CASE("a row viewed in place shows the row stored and the findings added")
{
  const model::RuleSet version = version_named("xa-ntm");
  eval::AuditRows rows(3);
  eval::CommuneRow first = full_row(0, version);
  first.claimed.reset();
  first.sets.push_back(first.sets.front());
  first.sets.back().criteria_met = 1;
  first.sets.back().criteria.pop_back();
  rows.store(first);
  eval::CommuneRow second = full_row(1, version);
  second.findings.push_back(thin_margin("elsewhere.xml"));
  rows.store(second);
  rows.add_findings(1, second.file, {thin_margin(second.file)});
  second.findings.push_back(thin_margin(second.file));
  const std::vector<eval::CommuneRow> stored = {first, second, eval::CommuneRow()};

  eval::RowView view; // reused from row to row, as the JSON report does
  for (std::size_t index : {std::size_t{1}, std::size_t{0}, std::size_t{2}}) {
    CAPTURE(index);
    rows.view(index, view);
    const eval::CommuneRow& row = stored[index];
    CHECK(view.evaluated == row.evaluated);
    CHECK(view.year == row.year);
    CHECK(view.code == row.commune.code);
    CHECK(view.district == row.commune.district);
    CHECK(view.province == row.commune.province);
    CHECK(view.name == row.commune.name);
    CHECK(std::string(view.folder) + std::string(view.file_name) == row.file);
    CHECK(view.region == row.region);
    CHECK(view.status == row.status);
    CHECK(view.claimed == row.claimed);
    REQUIRE(view.levels_reached.size() == row.levels_reached.size());
    for (std::size_t l = 0; l < row.levels_reached.size(); ++l) {
      CHECK((view.levels_reached[l] != 0) == row.levels_reached[l]);
    }
    REQUIRE(view.sets.size() == row.sets.size());
    for (std::size_t s = 0; s < row.sets.size(); ++s) {
      CHECK(view.sets[s].version == row.sets[s].version);
      CHECK(view.sets[s].criteria_met == row.sets[s].criteria_met);
      REQUIRE(view.sets[s].criteria.size() == row.sets[s].criteria.size());
      for (std::size_t c = 0; c < row.sets[s].criteria.size(); ++c) {
        CHECK(static_cast<eval::Outcome>(view.sets[s].criteria[c]) == row.sets[s].criteria[c]);
      }
    }
    REQUIRE(view.findings.size() == row.findings.size());
    for (std::size_t f = 0; f < row.findings.size(); ++f) {
      const eval::FindingView& seen = view.findings[f];
      const eval::Finding& finding = row.findings[f];
      CHECK(seen.in_row_file == (!finding.where.source.empty() && finding.where.source.str() == row.file));
      eval::Finding as_seen{seen.severity,
                            std::string(seen.code),
                            std::string(seen.set_ref),
                            std::string(seen.indicator),
                            std::string(seen.claimed),
                            std::string(seen.actual),
                            {seen.in_row_file ? row.file : std::string(seen.source), seen.line, seen.column},
                            std::string(seen.criterion),
                            std::string(seen.detail),
                            seen.amount,
                            seen.percent};
      check_same(as_seen, finding);
    }
  }
  CHECK(view.findings.empty()); // row 2 was never stored
  // Without its findings, for reading while findings are added.
  rows.view(1, view, eval::AuditRows::Part::without_findings);
  CHECK(view.findings.empty());
  CHECK(view.code == "11447");
  REQUIRE(view.sets.size() == 1);
  CHECK(view.sets[0].criteria_met == 2);
  // Only what is counted, for the roll-ups: the names and the file are passed over, and none is
  // left from the row viewed before.
  rows.view(0, view, eval::AuditRows::Part::numbers);
  CHECK(view.evaluated);
  CHECK(view.year == first.year);
  CHECK((view.code.empty() && view.district.empty() && view.province.empty() && view.name.empty()));
  CHECK((view.folder.empty() && view.file_name.empty()));
  CHECK(view.region == first.region);
  CHECK(view.status == first.status);
  CHECK(view.claimed == first.claimed);
  CHECK(view.levels_reached.size() == first.levels_reached.size());
  REQUIRE(view.sets.size() == 2);
  CHECK(view.sets[1].version == first.sets[1].version);
  CHECK(view.sets[1].criteria_met == 1);
  CHECK(view.sets[1].criteria.size() == first.sets[1].criteria.size());
  CHECK(view.findings.empty());
}

TEST_CASE("a row viewed in place reads each value of its sets by position, NaN where it has none")
{
  const model::RuleSet version = version_named("xa-ntm");
  eval::AuditRows rows(2);
  eval::CommuneRow first = full_row(0, version);
  eval::SetSummary& wide = first.sets.emplace_back(first.sets.front());
  wide.values.clear();
  for (int i = 0; i < 70; ++i) { // past the first eight bytes of its bitmap
    wide.values.push_back(i % 3 == 0 ? std::numeric_limits<float>::quiet_NaN() : static_cast<float>(i) / 4);
  }
  rows.store(first);
  eval::CommuneRow second = full_row(1, version);
  second.sets.front().values.assign(5, std::numeric_limits<float>::quiet_NaN());
  rows.store(second);

  eval::RowView view;
  for (const eval::CommuneRow& row : {first, second}) {
    rows.view(row.index, view, eval::AuditRows::Part::numbers);
    REQUIRE(view.sets.size() == row.sets.size());
    for (std::size_t s = 0; s < row.sets.size(); ++s) {
      const std::vector<float>& values = row.sets[s].values;
      for (std::size_t i = 0; i < values.size(); ++i) {
        CAPTURE(row.index, s, i);
        if (std::isnan(values[i])) {
          CHECK(std::isnan(view.sets[s].value(i)));
        } else {
          CHECK(view.sets[s].value(i) == values[i]);
        }
      }
      CHECK(std::isnan(view.sets[s].value(values.size() + 8))); // past its last
    }
  }
}

TEST_CASE("the keys of rows of one district view its name and its province's in one place")
{
  // The roll-ups group rows by where their names are kept. Names copied apart, a row stored and
  // one read on another thread, a district of the same name in another province, and more other
  // districts between than a thread keeps recent look-ups of.
  const model::RuleSet version = version_named("xa-ntm");
  const std::size_t others = 300;
  eval::AuditRows rows(4 + others);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    eval::CommuneRow row = full_row(i, version);
    row.commune.district = i < 4 ? std::string("Huyện Trà Cú") : "Huyện " + std::to_string(i);
    row.commune.province = std::string(i == 3 ? "Sóc Trăng" : "Trà Vinh");
    if (i == 2) {
      std::thread([&] { rows.store(row); }).join();
    } else {
      rows.store(row);
    }
  }
  const eval::AuditRows::Key first = rows.key(0);
  for (std::size_t i = 4; i < rows.size(); ++i) {
    CHECK(rows.key(i).district.data() != first.district.data());
  }
  eval::AuditRows::Key elsewhere;
  std::thread([&] { elsewhere = rows.key(2); }).join();
  for (const eval::AuditRows::Key& key : {rows.key(1), elsewhere}) {
    CHECK(key.district.data() == first.district.data());
    CHECK(key.province.data() == first.province.data());
  }
  CHECK(rows.key(3).district.data() == first.district.data());
  CHECK(rows.key(3).province.data() != first.province.data());
  CHECK(rows.key(3).province == "Sóc Trăng");
}

TEST_CASE("a string table numbers each text once and names it back, whatever was looked up before")
{
  // Texts alike in length and ends (each thread keeps recent look-ups by a hash of those), more
  // texts than it keeps, two tables at once, and a table made where one was just destroyed.
  std::vector<std::string> words = {"",
                                    "12.1",
                                    "17.1",
                                    "15.1",
                                    "xa-ntm",
                                    "xa-ntm-nang-cao",
                                    "≥ 98%",
                                    "≥ 95%",
                                    "/tmp/district-0001/",
                                    "/tmp/district-0002/"};
  for (int i = 0; i < 600; ++i) {
    words.push_back("word " + std::to_string(i % 300) + std::string(static_cast<std::size_t>(i / 300), '-'));
  }
  for (int round = 0; round < 3; ++round) {
    auto first = std::make_unique<eval::StringTable>();
    eval::StringTable second;
    std::vector<std::uint32_t> first_ids(words.size());
    std::vector<std::uint32_t> second_ids(words.size());
    for (std::size_t i = 0; i < words.size(); ++i) {
      first_ids[i] = first->id(words[i]);
      second_ids[words.size() - 1 - i] = second.id(words[words.size() - 1 - i]);
    }
    CHECK(first_ids[0] == 0);
    CHECK(second_ids.back() == 0);
    for (int pass = 0; pass < 2; ++pass) {
      for (std::size_t i = 0; i < words.size(); ++i) {
        CAPTURE(words[i]);
        CHECK(first->id(words[i]) == first_ids[i]);
        CHECK(second.id(words[i]) == second_ids[i]);
        CHECK(first->text(first_ids[i]) == words[i]);
        CHECK(second.text(second_ids[i]) == words[i]);
      }
    }
    std::vector<std::uint32_t> sorted = first_ids;
    std::sort(sorted.begin(), sorted.end());
    CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
    first.reset();
    auto next = std::make_unique<eval::StringTable>();
    CHECK(next->id(words[5]) == 0);
    CHECK(next->id(words[1]) == 1);
    CHECK(next->text(0) == words[5]);
    CHECK(next->text(1) == words[1]);
  }
}

TEST_CASE("a string table looked up on several threads names each text the same everywhere")
{
  eval::StringTable table;
  std::vector<std::string> words;
  for (int i = 0; i < 401; ++i) { // a prime: each thread takes every word, in an order of its own
    words.push_back("w" + std::to_string(i));
  }
  std::vector<std::vector<std::uint32_t>> ids(3, std::vector<std::uint32_t>(words.size()));
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < ids.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int pass = 0; pass < 3; ++pass) {
        for (std::size_t i = 0; i < words.size(); ++i) {
          const std::size_t k = (i * (t + 1)) % words.size();
          ids[t][k] = table.id(words[k]);
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  for (std::size_t i = 0; i < words.size(); ++i) {
    CHECK(ids[1][i] == ids[0][i]);
    CHECK(ids[2][i] == ids[0][i]);
    CHECK(table.text(ids[0][i]) == words[i]);
  }
}
