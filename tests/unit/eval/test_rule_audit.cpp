#include "eval/rule_audit.hpp"

#include "fixtures.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using ntm::eval::RuleAudit;
using ntm::model::Region;
using Missing = std::vector<std::pair<Region, std::vector<int>>>;
using Codes = std::vector<std::string>;

namespace {

const char* const k_levels = R"xml(<levels none-id="chua-dat" none-name="Chưa đạt">
  <level id="dat" rank="1" name="Đạt"><requires set="xa-a"/></level>
</levels>
)xml";

// Indicator 1 has no row for tdmnpb after 2023 nor for five regions at all; 3 takes its value
// from xa-b:1, so xa-b:1 is needed by level `dat` while xa-b:2 is not.
const char* const k_national =
    R"xml(<rule-set id="xa-a@1" ref="xa-a" name="A" from-year="2022" to-year="2025">
  <legal-basis decision="1" date="2022-01-01" verified="true" source="s"/>
  <criterion id="1" name="Một">
    <indicator code="1" type="number" name="Một">
      <target op="ge" value="10" region="dbscl" verified="true" source="s"/>
      <target op="ge" value="8" region="tdmnpb" year="2022 2023" verified="true" source="s"/>
    </indicator>
    <indicator code="2" type="bool" name="Hai">
      <target op="eq" value="dat" verified="true" source="s"/>
    </indicator>
    <indicator code="3" type="number" name="Ba" value-from="xa-b:1">
      <target op="ge" value="1" verified="true" source="s"/>
    </indicator>
  </criterion>
</rule-set>
)xml";

// Two more years than its parent, and an override of 2 that forgets every region but dbscl.
const char* const k_provincial =
    R"xml(<rule-set id="xa-a@tinh" ref="xa-a" name="A tỉnh" from-year="2022" to-year="2027"
          extends="xa-a@1">
  <legal-basis decision="2" date="2022-01-01" verified="true" source="s"/>
  <applies-to province="Tỉnh X"/>
  <override indicator="2">
    <target op="eq" value="dat" region="dbscl" verified="true" source="s"/>
  </override>
</rule-set>
)xml";

const char* const k_unrequired =
    R"xml(<rule-set id="xa-b@1" ref="xa-b" name="B" from-year="2022" to-year="2025">
  <legal-basis decision="1" date="2022-01-01" verified="true" source="s"/>
  <criterion id="1" name="Một">
    <indicator code="1" type="number" name="Một">
      <target op="ge" value="1" verified="true" source="s"/>
    </indicator>
    <indicator code="2" type="number" name="Hai">
      <target op="ge" value="1" verified="true" source="s"/>
    </indicator>
  </criterion>
</rule-set>
)xml";

const char* const k_district =
    R"xml(<rule-set id="huyen-c@1" ref="huyen-c" scope="district" name="C" from-year="2022"
          to-year="2025">
  <legal-basis decision="1" date="2022-01-01" verified="true" source="s"/>
  <criterion id="1" name="Một">
    <indicator code="1" type="percent" share-of-level="dat" name="Tỷ lệ xã đạt">
      <target op="ge" value="100" verified="true" source="s"/>
    </indicator>
  </criterion>
</rule-set>
)xml";

const ntm::eval::RuleBase& audit_rules_base()
{
  static const ntm::eval::RuleBase base = [] {
    auto loaded = ntm::eval::RuleBase::load({{"levels.xml", k_levels},
                                             {"huyen-c.xml", k_district},
                                             {"tinh/xa-a.xml", k_provincial},
                                             {"xa-a.xml", k_national},
                                             {"xa-b.xml", k_unrequired}});
    if (!loaded.ok()) {
      throw std::runtime_error("test rules do not load: " + ntm::test::messages(loaded.errors).front());
    }
    return std::move(*loaded.value);
  }();
  return base;
}

const ntm::model::RuleSet& set_of(std::size_t index)
{
  return audit_rules_base().book().sets.at(index);
}

const std::vector<int> k_all_years = {2022, 2023, 2024, 2025};

} // namespace

TEST_CASE("the fixture rules have no gap and no unused indicator; Trà Vinh replaces the national version")
{
  const RuleAudit audit = ntm::eval::audit_rules(ntm::test::rule_base());
  CHECK(audit.unused.empty());
  CHECK(audit.gaps.empty());
  REQUIRE(audit.shadowed.size() == 1);
  const auto& book = ntm::test::rule_base().book();
  CHECK(book.sets[audit.shadowed[0].provincial].id == "xa-ntm@tra-vinh-1306-2022");
  CHECK(book.sets[audit.shadowed[0].national].id == "xa-ntm@318-2022");
  CHECK(audit.shadowed[0].from_year == 2022);
  CHECK(audit.shadowed[0].to_year == 2025);
}

TEST_CASE("indicators no level depends on are listed per version; district sets are left out")
{
  const RuleAudit audit = ntm::eval::audit_rules(audit_rules_base());
  REQUIRE(audit.unused.size() == 1);
  CHECK(set_of(audit.unused[0].set_index).id == "xa-b@1");
  CHECK(audit.unused[0].codes == Codes{"2"}); // 1 is needed through xa-a:3's value-from
  CHECK(audit.unused[0].total == 2);
}

TEST_CASE("regions and years without a target are listed per indicator, where the rows are written")
{
  const RuleAudit audit = ntm::eval::audit_rules(audit_rules_base());
  REQUIRE(audit.gaps.size() == 3);

  // The provincial version, in file order first: the years it adds to its parent for the inherited
  // indicator 1, at the version; every region but dbscl for its override of 2, at the override.
  CHECK(set_of(audit.gaps[0].set_index).id == "xa-a@tinh");
  CHECK(audit.gaps[0].code == "1");
  CHECK(audit.gaps[0].where.str() == "tinh/xa-a.xml:1:1");
  CHECK(audit.gaps[0].missing == Missing{{Region::tdmnpb, {2026, 2027}},
                                         {Region::dbsh, {2026, 2027}},
                                         {Region::btb, {2026, 2027}},
                                         {Region::dhntb, {2026, 2027}},
                                         {Region::tn, {2026, 2027}},
                                         {Region::dnb, {2026, 2027}}});
  CHECK(audit.gaps[1].code == "2");
  CHECK(audit.gaps[1].where.str() == "tinh/xa-a.xml:5:3");
  CHECK(audit.gaps[1].missing.size() == 6);
  CHECK(audit.gaps[1].missing.front() ==
        std::pair(Region::tdmnpb, std::vector<int>{2022, 2023, 2024, 2025, 2026, 2027}));

  CHECK(set_of(audit.gaps[2].set_index).id == "xa-a@1");
  CHECK(audit.gaps[2].code == "1");
  CHECK(audit.gaps[2].where.str() == "xa-a.xml:4:5");
  CHECK(audit.gaps[2].missing == Missing{{Region::tdmnpb, {2024, 2025}},
                                         {Region::dbsh, k_all_years},
                                         {Region::btb, k_all_years},
                                         {Region::dhntb, k_all_years},
                                         {Region::tn, k_all_years},
                                         {Region::dnb, k_all_years}});
}

TEST_CASE("a provincial version shadows the national version in the years they share")
{
  const RuleAudit audit = ntm::eval::audit_rules(audit_rules_base());
  REQUIRE(audit.shadowed.size() == 1);
  CHECK(set_of(audit.shadowed[0].provincial).id == "xa-a@tinh");
  CHECK(set_of(audit.shadowed[0].national).id == "xa-a@1");
  CHECK(audit.shadowed[0].from_year == 2022);
  CHECK(audit.shadowed[0].to_year == 2025);
}
