#include "load/xml_reader.hpp"

#include <catch2/catch.hpp>

#include <string>

using ntm::load::NameList;

namespace {

/// `name` followed by its NUL and `after`, as a name lies in a parsed text: 16 bytes and more.
std::string padded(const std::string& name, const std::string& after = "=\"x\" other=\"y\"/>")
{
  return name + '\0' + after + std::string(16, '\0');
}

} // namespace

TEST_CASE("a name list finds each name, compared at once or byte by byte")
{
  const NameList names{"code", "value", "numerator", "denominator", "self-assessment"};
  REQUIRE(names.size() == 5);
  for (const bool at_once : {true, false}) {
    INFO("at once: " << at_once);
    CHECK(names.index_of(padded("code").c_str(), at_once) == 0);
    CHECK(names.index_of(padded("value").c_str(), at_once) == 1);
    CHECK(names.index_of(padded("denominator").c_str(), at_once) == 3);
    CHECK(names.index_of(padded("self-assessment").c_str(), at_once) == 4); // 15 bytes and its NUL
  }
}

TEST_CASE("a name list does not take a prefix or an extension of a name for it")
{
  const NameList names{"code", "value"};
  for (const bool at_once : {true, false}) {
    INFO("at once: " << at_once);
    CHECK(names.index_of(padded("cod").c_str(), at_once) == 2);
    CHECK(names.index_of(padded("codes").c_str(), at_once) == 2);
    CHECK(names.index_of(padded("Code").c_str(), at_once) == 2);
    CHECK(names.index_of(padded("valuf").c_str(), at_once) == 2);
    CHECK(names.index_of(padded("").c_str(), at_once) == 2);
    // What follows the NUL (the rest of the text) does not matter.
    CHECK(names.index_of(padded("code", "de").c_str(), at_once) == 0);
    CHECK(names.index_of(padded("code", "code").c_str(), at_once) == 0);
  }
}

TEST_CASE("a name list finds names that share a first letter, and long names")
{
  const NameList names{"name", "name-en", "count-unit-en", "special-difficulty", "n", "name"};
  for (const bool at_once : {true, false}) {
    INFO("at once: " << at_once);
    CHECK(names.index_of(padded("name").c_str(), at_once) == 0); // the first of equal names
    CHECK(names.index_of(padded("name-en").c_str(), at_once) == 1);
    CHECK(names.index_of(padded("n").c_str(), at_once) == 4);
    CHECK(names.index_of(padded("count-unit-en").c_str(), at_once) == 2);
    CHECK(names.index_of(padded("special-difficulty").c_str(), at_once) == 3); // past 15 bytes
    CHECK(names.index_of(padded("special-difficult").c_str(), at_once) == 6);
    CHECK(names.index_of(padded("special-difficultyy").c_str(), at_once) == 6);
    CHECK(names.index_of(padded("name-e").c_str(), at_once) == 6);
  }
  CHECK(names.strings() ==
        std::vector<std::string>{"name", "name-en", "count-unit-en", "special-difficulty", "n", "name"});
}

TEST_CASE("an empty name list finds nothing")
{
  const NameList names{};
  CHECK(names.size() == 0);
  CHECK(names.index_of(padded("code").c_str(), true) == 0);
}

TEST_CASE("a name list finds a name in the text, followed by '=' or as a view, and nothing else")
{
  const NameList names{"name", "name-en", "count-unit-en", "special-difficulty", "n", "self-assessment"};
  // As a scan meets an attribute: the name, '=', the value, and more text after it.
  const auto text = [](const std::string& start) {
    return start + "\"x\" other=\"y\"/>" + std::string(16, '\0');
  };
  CHECK(names.index_of_assigned(text("name=").c_str()) == 0);
  CHECK(names.index_of_assigned(text("name-en=").c_str()) == 1);
  CHECK(names.index_of_assigned(text("n=").c_str()) == 4);
  CHECK(names.index_of_assigned(text("self-assessment=").c_str()) == 5);    // 15 bytes and its '='
  CHECK(names.index_of_assigned(text("special-difficulty=").c_str()) == 3); // past 15 bytes
  CHECK(names.index_of_assigned(text("special-difficulty =").c_str()) == 6);
  CHECK(names.index_of_assigned(text("special-difficult=").c_str()) == 6);
  CHECK(names.index_of_assigned(text("name =").c_str()) == 6);
  CHECK(names.index_of_assigned(text("name-e=").c_str()) == 6);
  CHECK(names.index_of_assigned(text("names=").c_str()) == 6);
  CHECK(names.index_of_assigned(text("Name=").c_str()) == 6);
  CHECK(names.index_of_assigned(text("=").c_str()) == 6);
  CHECK(names.index_of_assigned(text("name").c_str()) == 6); // a quote, not '=', follows

  const std::string line = text("name-en special-difficulty n");
  CHECK(names.index_of(std::string_view(line).substr(0, 7)) == 1);
  CHECK(names.index_of(std::string_view(line).substr(8, 18)) == 3);
  CHECK(names.index_of(std::string_view(line).substr(27, 1)) == 4);
  CHECK(names.index_of(std::string_view(line).substr(0, 4)) == 0);
  CHECK(names.index_of(std::string_view(line).substr(0, 6)) == 6);
  CHECK(names.index_of(std::string_view(line).substr(8, 17)) == 6);
  CHECK(names.index_of(std::string_view()) == 6);
  CHECK(names.name(3) == "special-difficulty");
}
