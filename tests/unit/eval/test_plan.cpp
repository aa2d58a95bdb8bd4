#include "eval/explain.hpp"
#include "eval/plan.hpp"
#include "eval/rule_base.hpp"
#include "load/source_text.hpp"
#include "load/submission_loader.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

namespace fs = std::filesystem;
using namespace ntm;

namespace {

const eval::RuleBase& bundled()
{
  static const eval::RuleBase rules = [] {
    auto loaded = eval::RuleBase::load(fs::path(NTM_SOURCE_DIR) / "rules");
    REQUIRE(loaded.ok());
    return std::move(*loaded.value);
  }();
  return rules;
}

model::Submission sample(const std::string& name)
{
  const fs::path path = fs::path(NTM_SOURCE_DIR) / "communes" / "tra-cu-2023" / name;
  auto text = load::read_file(path);
  REQUIRE(text.value);
  auto loaded = load::load_submission({name, *text.value}, bundled().book());
  REQUIRE(loaded.ok());
  return *loaded.value;
}

eval::Plan plan_for(const std::string& name, std::optional<std::string> target = {}, std::optional<int> year = {})
{
  const eval::Evaluator evaluator(bundled());
  std::string error;
  auto plan = eval::make_plan(evaluator, bundled().book(), sample(name), target, year, error);
  INFO(error);
  REQUIRE(plan);
  return std::move(*plan);
}

/// "set:code" of each item of one level, in plan order.
std::vector<std::string> item_codes(const eval::Plan& plan, const eval::LevelPlan& level)
{
  std::vector<std::string> codes;
  for (const eval::PlanItem& item : level.items) {
    const eval::SetResult& set = plan.evaluation.sets[item.set];
    codes.push_back(set.version->ref + ":" + set.criteria[item.criterion].indicators[item.indicator].rule->code);
  }
  return codes;
}

const eval::PlanItem& item_of(const eval::Plan& plan, const std::string& code)
{
  for (const eval::LevelPlan& level : plan.levels) {
    for (const eval::PlanItem& item : level.items) {
      if (plan.evaluation.sets[item.set].criteria[item.criterion].indicators[item.indicator].rule->code == code) {
        return item;
      }
    }
  }
  FAIL("no plan item " << code);
  throw std::logic_error("unreachable");
}

const eval::IndicatorResult& result_of(const eval::Plan& plan, const eval::PlanItem& item)
{
  return plan.evaluation.sets[item.set].criteria[item.criterion].indicators[item.indicator];
}

} // namespace

// Hand-checked against communes/tra-cu-2023/tan-hiep.xml and the ĐBSCL 2023 targets:
// 11: 175 poor households of 3874 = 4.52% > 4%; 4% of 3874 = 154.96, so at most 154: 21 fewer.
// 17.6: 64.8% < 70%, short by 5.2 points.
TEST_CASE("Tân Hiệp's plan to NTM is poverty, then solid waste")
{
  const eval::Plan plan = plan_for("tan-hiep.xml");
  CHECK(plan.target == "ntm");
  REQUIRE(plan.levels.size() == 1);
  const eval::LevelPlan& ntm_level = plan.levels.front();
  CHECK_FALSE(ntm_level.reached);
  CHECK(ntm_level.not_met == 2);
  CHECK(ntm_level.missing == 0);
  CHECK(item_codes(plan, ntm_level) == std::vector<std::string>{"xa-ntm:11", "xa-ntm:17.6"});
  const eval::PlanItem& poverty = item_of(plan, "11");
  CHECK(*poverty.count_change == -21);
  CHECK(*result_of(plan, poverty).gap == Approx(0.5172).epsilon(0.001));
  const eval::PlanItem& waste = item_of(plan, "17.6");
  CHECK_FALSE(waste.count_change);
  CHECK(*result_of(plan, waste).gap == Approx(5.2));
  const std::span<const std::string> blocks =
      plan.evaluation.sets[poverty.set].criteria[poverty.criterion].blocks;
  CHECK(std::vector<std::string>(blocks.begin(), blocks.end()) ==
        std::vector<std::string>{"ntm", "ntm-nang-cao", "ntm-kieu-mau"});
}

// Định An (14/19): 5: 4 of 6 schools = 66.67% < 80%; 80% of 6 = 4.8, so 5 schools: 1 more.
// 10: 48.73 < 50 (short by 1.27); 11: 186 of 3295 = 5.64% > 4%; 4% of 3295 = 131.8, so 131: 55 fewer.
// 13.3: khong-dat; 17.1: 92.8 < 95 (short by 2.2).
TEST_CASE("Định An's plan lists five indicators in criterion order with their gaps")
{
  const eval::Plan plan = plan_for("dinh-an.xml");
  REQUIRE(plan.levels.size() == 1);
  CHECK(item_codes(plan, plan.levels.front()) ==
        std::vector<std::string>{"xa-ntm:5", "xa-ntm:10", "xa-ntm:11", "xa-ntm:13.3", "xa-ntm:17.1"});
  CHECK(*item_of(plan, "5").count_change == 1);
  CHECK(*result_of(plan, item_of(plan, "10")).gap == Approx(1.27));
  CHECK(*item_of(plan, "11").count_change == -55);
  CHECK_FALSE(result_of(plan, item_of(plan, "13.3")).gap);
  CHECK(*result_of(plan, item_of(plan, "17.1")).gap == Approx(2.2));
}

// Ngọc Biên is NTM; the next level is advanced NTM, whose set it meets 14/19: 5.2 (6 of 7 schools
// = 85.7% < 90%: 90% of 7 = 6.3, so 7: 1 more), 12 (27.9 < 30), 15.1 (38.2 < 50), 17.2 (36.5 < 50),
// 18.1 (44.1 < 50).
TEST_CASE("Ngọc Biên's plan goes to advanced NTM, the level below already reached")
{
  const eval::Plan plan = plan_for("ngoc-bien.xml");
  CHECK(plan.target == "ntm-nang-cao");
  REQUIRE(plan.levels.size() == 2);
  CHECK(plan.levels[0].level->id == "ntm");
  CHECK(plan.levels[0].reached);
  CHECK(plan.levels[0].items.empty());
  CHECK(plan.levels[1].level->id == "ntm-nang-cao");
  CHECK(item_codes(plan, plan.levels[1]) ==
        std::vector<std::string>{"xa-ntm-nang-cao:5.2", "xa-ntm-nang-cao:12", "xa-ntm-nang-cao:15.1",
                                 "xa-ntm-nang-cao:17.2", "xa-ntm-nang-cao:18.1"});
  CHECK(*item_of(plan, "5.2").count_change == 1);
  CHECK(*result_of(plan, item_of(plan, "12")).gap == Approx(2.1));
}

TEST_CASE("a plan for the model level puts the lower levels first and says when only data are missing")
{
  const eval::Plan plan = plan_for("ngoc-bien.xml", std::string("ntm-kieu-mau"));
  REQUIRE(plan.levels.size() == 3);
  CHECK(plan.levels[0].level->id == "ntm");
  CHECK(plan.levels[1].level->id == "ntm-nang-cao");
  CHECK(plan.levels[2].level->id == "ntm-kieu-mau");
  // The model-commune set was not submitted: its income comes from xa-ntm:10 and is met against
  // 1.1 × the advanced target, the two other conditions are missing.
  const eval::LevelPlan& model = plan.levels[2];
  CHECK(model.not_met == 0);
  CHECK(model.missing == 2);
  CHECK(model.only_missing_data());
  CHECK(item_codes(plan, model) == std::vector<std::string>{"xa-ntm-kieu-mau:3", "xa-ntm-kieu-mau:4"});
}

// Long Hiệp's income 55.12 meets the 2023 target (50) but not 2025's (58): short by 2.88.
TEST_CASE("a later year shows the rising income target")
{
  const eval::Plan own = plan_for("long-hiep.xml");
  for (const eval::PlanItem& item : own.levels.front().items) {
    CHECK(result_of(own, item).rule->code != "10");
  }
  const eval::Plan later = plan_for("long-hiep.xml", std::nullopt, 2025);
  CHECK(later.own_year == 2023);
  CHECK(later.plan_year == 2025);
  const eval::PlanItem& income = item_of(later, "10");
  CHECK(income.newly_blocking);
  REQUIRE(income.own_year_target);
  CHECK(income.own_year_target->number == 50);
  CHECK(result_of(later, income).target->number == 58);
  CHECK(*result_of(later, income).gap == Approx(2.88));
}

TEST_CASE("a plan refuses an unknown level and a year no version covers")
{
  const eval::Evaluator evaluator(bundled());
  std::string error;
  CHECK_FALSE(eval::make_plan(evaluator, bundled().book(), sample("tan-hiep.xml"), std::string("ntm-cao"),
                              std::nullopt, error));
  CHECK(error == "unknown level 'ntm-cao'");
  CHECK_FALSE(eval::make_plan(evaluator, bundled().book(), sample("tan-hiep.xml"), std::nullopt, 2030, error));
  CHECK(error == "no version of set 'xa-ntm' covers year 2030");
}

TEST_CASE("explain traces an indicator to its target row and to what depends on it")
{
  const eval::Evaluator evaluator(bundled());
  const eval::Evaluation evaluation = evaluator.evaluate(sample("tan-hiep.xml"));
  std::string error;
  const auto x = eval::explain(bundled(), evaluation, "11", error);
  REQUIRE(x);
  REQUIRE(x->indicator);
  CHECK(x->set->version->id == "xa-ntm@tra-vinh-1306-2022");
  CHECK(x->criterion->rule->id == "11");
  CHECK(x->indicator->target->region == model::Region::dbscl);
  CHECK(x->indicator->target->year == 2023);
  std::vector<std::string> dependents;
  for (const eval::Dependent& d : x->dependents) {
    dependents.push_back(d.key);
  }
  // Its criterion and set, the levels, then the district conditions that count communes at a level.
  CHECK(dependents == std::vector<std::string>{"11", "xa-ntm@tra-vinh-1306-2022", "ntm", "ntm-nang-cao",
                                               "ntm-kieu-mau", "1", "2", "huyen-ntm@320-2022", "1", "2"});
}

TEST_CASE("explain finds a criterion, a set-qualified code, and suggests a near code")
{
  const eval::Evaluator evaluator(bundled());
  const eval::Evaluation evaluation = evaluator.evaluate(sample("ngoc-bien.xml"));
  std::string error;
  const auto criterion = eval::explain(bundled(), evaluation, "17", error);
  REQUIRE(criterion);
  CHECK_FALSE(criterion->indicator);
  CHECK(criterion->criterion->rule->id == "17");
  const auto advanced = eval::explain(bundled(), evaluation, "xa-ntm-nang-cao:10", error);
  REQUIRE(advanced);
  CHECK(advanced->set->version->ref == "xa-ntm-nang-cao");
  // The model set's income target derives from this one: it depends on it across sets.
  bool model_income = false;
  for (const eval::Dependent& d : advanced->dependents) {
    model_income = model_income || (d.set_id == "xa-ntm-kieu-mau@319-2022" && d.key == "2");
  }
  CHECK(model_income);
  CHECK_FALSE(eval::explain(bundled(), evaluation, "17.13", error));
  CHECK(error == "no indicator or criterion '17.13' in the sets of this submission, did you mean '17.1'?");
}
