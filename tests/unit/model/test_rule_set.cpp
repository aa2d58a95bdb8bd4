#include "model/rule_set.hpp"

#include "fixtures.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

TEST_CASE("the version in force among a ref's versions is the one found by its ref")
{
  const auto& book = ntm::test::rule_base().book();
  for (const std::string& ref : book.refs()) {
    std::vector<std::size_t> versions;
    for (std::size_t index = 0; index < book.sets.size(); ++index) {
      if (book.sets[index].ref == ref) {
        versions.push_back(index);
      }
    }
    for (const char* province : {"Trà Vinh", "Bến Tre"}) {
      for (int year = 2020; year <= 2027; ++year) {
        INFO(ref << " " << province << " " << year);
        CHECK(book.select(versions, province, year) == book.select(ref, province, year));
      }
    }
  }
  std::vector<std::size_t> national; // xa-ntm's versions, the province's own first
  for (const char* id : {"xa-ntm@tra-vinh-1306-2022", "xa-ntm@318-2022"}) {
    national.push_back(static_cast<std::size_t>(book.find_version(id) - book.sets.data()));
  }
  CHECK(book.select(national, "Trà Vinh", 2024)->id == "xa-ntm@tra-vinh-1306-2022");
  CHECK(book.select(national, "Bến Tre", 2024)->id == "xa-ntm@318-2022");
  CHECK(book.select(national, "Bến Tre", 2021) == nullptr);
  CHECK(book.select(std::vector<std::size_t>{}, "Bến Tre", 2024) == nullptr);
}
