#include "graph/dependency_graph.hpp"

#include "eval/rule_base.hpp"
#include "fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using ntm::graph::DependencyGraph;
using ntm::graph::Edge;
using ntm::graph::find_cycle;
using ntm::graph::NodeKind;
using ntm::load::NamedText;
using ntm::test::messages;
using Indices = std::vector<std::size_t>;
using Labels = std::set<std::string>;
using Messages = std::vector<std::string>;

namespace {

// Set indices of the fixture book, in file order.
constexpr std::size_t k_national = 0;
constexpr std::size_t k_tra_vinh = 1;
constexpr std::size_t k_advanced = 2;
constexpr std::size_t k_model = 3;

const DependencyGraph& graph()
{
  return ntm::test::rule_base().graph();
}

std::size_t position(std::size_t node)
{
  const auto& order = graph().order();
  const auto it = std::find(order.begin(), order.end(), node);
  REQUIRE(it != order.end());
  return static_cast<std::size_t>(it - order.begin());
}

std::size_t indicator(std::size_t set, const std::string& code)
{
  const auto node = graph().find_indicator(set, code);
  REQUIRE(node);
  return *node;
}

std::size_t criterion(std::size_t set, const std::string& id)
{
  const auto node = graph().find_criterion(set, id);
  REQUIRE(node);
  return *node;
}

std::size_t set_node(std::size_t set)
{
  const auto node = graph().find_set(set);
  REQUIRE(node);
  return *node;
}

std::size_t level(const std::string& id)
{
  const auto node = graph().find_level(id);
  REQUIRE(node);
  return *node;
}

Labels labels(const Indices& nodes)
{
  Labels out;
  for (std::size_t node : nodes) {
    out.insert(graph().label(node));
  }
  return out;
}

std::string rule_set(const std::string& id, const std::string& extends)
{
  const std::string ref = id.substr(0, id.find('@'));
  return "<rule-set id=\"" + id + "\" ref=\"" + ref + "\" name=\"" + id +
         "\" from-year=\"2022\" to-year=\"2025\" extends=\"" + extends +
         "\">\n"
         "  <legal-basis decision=\"1\" date=\"2022-01-01\" verified=\"true\" source=\"s\"/>\n"
         "</rule-set>\n";
}

/// A set with one number indicator `1` (line 4) whose attributes and target (line 5) are given.
std::string one_indicator_set(const std::string& ref, const std::string& indicator_attributes,
                              const std::string& target_attributes)
{
  return "<rule-set id=\"" + ref + "@1\" ref=\"" + ref +
         "\" name=\"Bộ\" from-year=\"2022\" to-year=\"2025\">\n"
         "  <legal-basis decision=\"1\" date=\"2022-01-01\" verified=\"true\" source=\"s\"/>\n"
         "  <criterion id=\"1\" name=\"Thu nhập\">\n"
         "    <indicator code=\"1\" type=\"number\" name=\"Thu nhập\"" +
         indicator_attributes +
         ">\n"
         "      <target op=\"ge\" " +
         target_attributes +
         " verified=\"true\" source=\"s\"/>\n"
         "    </indicator>\n"
         "  </criterion>\n"
         "</rule-set>\n";
}

std::string levels_requiring(const std::vector<std::string>& refs)
{
  std::string requires_;
  for (const std::string& ref : refs) {
    requires_ += "<requires set=\"" + ref + "\"/>";
  }
  return "<levels none-id=\"chua-dat\" none-name=\"Chưa đạt\">\n  <level id=\"dat\" rank=\"1\" "
         "name=\"Đạt\">" +
         requires_ + "</level>\n</levels>\n";
}

Messages load_errors(const std::vector<NamedText>& files)
{
  const auto loaded = ntm::eval::RuleBase::load(files);
  CHECK_FALSE(loaded.value);
  return messages(loaded.errors);
}

} // namespace

TEST_CASE("the graph has a node for every indicator, criterion, set version and level")
{
  // xa-ntm and its Trà Vinh version: 1 + 4 + 5 each; nang-cao and kieu-mau: 1 + 2 + 2 each; 3 levels.
  CHECK(graph().size() == 33);
  CHECK(graph().node(indicator(k_national, "13.2")).kind == NodeKind::indicator);
  CHECK(graph().node(indicator(k_national, "13.2")).key == "13.2");
  CHECK(graph().node(indicator(k_national, "13.2")).set_index == k_national);
  CHECK(graph().node(criterion(k_tra_vinh, "13")).kind == NodeKind::criterion);
  CHECK(graph().node(set_node(k_model)).kind == NodeKind::set);
  CHECK(graph().node(set_node(k_model)).key == "xa-ntm-kieu-mau@319-2022");
  CHECK(graph().node(level("ntm")).kind == NodeKind::level);
  CHECK(graph().node(level("ntm")).where.str() == "levels.xml:3:3");
  CHECK(graph().node(indicator(k_national, "10")).where.str() == "2021-2025/xa-ntm.xml:15:5");
}

TEST_CASE("unknown nodes are not found")
{
  CHECK_FALSE(graph().find_indicator(k_national, "17.7"));
  CHECK_FALSE(graph().find_indicator(9, "10"));
  CHECK_FALSE(graph().find_criterion(k_advanced, "1"));
  CHECK_FALSE(graph().find_set(4));
  CHECK_FALSE(graph().find_level("chua-dat"));
}

TEST_CASE("labels name indicators, criteria, sets and levels")
{
  CHECK(graph().label(indicator(k_national, "10")) == "xa-ntm@318-2022:10");
  CHECK(graph().label(indicator(k_tra_vinh, "10")) == "xa-ntm@tra-vinh-1306-2022:10");
  CHECK(graph().label(criterion(k_national, "10")) == "xa-ntm@318-2022 criterion 10");
  CHECK(graph().label(set_node(k_advanced)) == "xa-ntm-nang-cao@318-2022");
  CHECK(graph().label(level("ntm-kieu-mau")) == "level ntm-kieu-mau");
}

TEST_CASE("the order holds every node once, each after everything it needs")
{
  const auto& order = graph().order();
  REQUIRE(order.size() == graph().size());
  Indices sorted = order;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    REQUIRE(sorted[i] == i);
  }
  std::size_t edges = 0;
  for (std::size_t node = 0; node < graph().size(); ++node) {
    for (std::size_t input : graph().needs(node)) {
      INFO(graph().label(input) << " is needed by " << graph().label(node));
      CHECK(position(input) < position(node));
      ++edges;
    }
  }
  CHECK(edges > 30); // the check above ran over the real graph
}

TEST_CASE("an indicator comes before its criterion, its set and the levels above")
{
  CHECK(position(indicator(k_national, "10")) < position(criterion(k_national, "10")));
  CHECK(position(criterion(k_national, "10")) < position(set_node(k_national)));
  CHECK(position(set_node(k_national)) < position(level("ntm")));
  CHECK(position(set_node(k_national)) < position(set_node(k_tra_vinh))); // the version extending it
  CHECK(position(set_node(k_tra_vinh)) < position(level("ntm")));
  CHECK(position(level("ntm")) < position(level("ntm-nang-cao")));
  CHECK(position(set_node(k_advanced)) < position(level("ntm-nang-cao")));
  CHECK(position(level("ntm-nang-cao")) < position(level("ntm-kieu-mau")));
  CHECK(position(set_node(k_model)) < position(level("ntm-kieu-mau")));
}

TEST_CASE("the value-from source and a derived target's base come before the derived indicator")
{
  const std::size_t derived = indicator(k_model, "1");
  // The value comes from xa-ntm:10 in every version of xa-ntm, the target from xa-ntm-nang-cao:10.
  CHECK(labels(graph().needs(derived)) ==
        Labels{"xa-ntm@318-2022:10", "xa-ntm@tra-vinh-1306-2022:10", "xa-ntm-nang-cao@318-2022:10"});
  CHECK(position(indicator(k_national, "10")) < position(derived));
  CHECK(position(indicator(k_tra_vinh, "10")) < position(derived));
  CHECK(position(indicator(k_advanced, "10")) < position(derived));
}

TEST_CASE("needs lists the direct inputs of a node")
{
  CHECK(labels(graph().needs(criterion(k_national, "13"))) ==
        Labels{"xa-ntm@318-2022:13.1", "xa-ntm@318-2022:13.2"});
  CHECK(labels(graph().needs(set_node(k_tra_vinh))) ==
        Labels{"xa-ntm@318-2022", "xa-ntm@tra-vinh-1306-2022 criterion 1",
               "xa-ntm@tra-vinh-1306-2022 criterion 10", "xa-ntm@tra-vinh-1306-2022 criterion 11",
               "xa-ntm@tra-vinh-1306-2022 criterion 13"});
  CHECK(labels(graph().needs(level("ntm"))) == Labels{"xa-ntm@318-2022", "xa-ntm@tra-vinh-1306-2022"});
  CHECK(labels(graph().needs(level("ntm-nang-cao"))) == Labels{"xa-ntm-nang-cao@318-2022", "level ntm"});
  CHECK(graph().needs(indicator(k_national, "1.1")).empty());
}

TEST_CASE("what an indicator blocks: its criterion, its set, what derives from it and the levels above")
{
  const Indices blocked = graph().blocks(indicator(k_national, "10"));
  CHECK(std::is_sorted(blocked.begin(), blocked.end()));
  CHECK(labels(blocked) == Labels{"xa-ntm@318-2022 criterion 10", "xa-ntm@318-2022",
                                  "xa-ntm@tra-vinh-1306-2022", // extends the national version
                                  "xa-ntm-kieu-mau@319-2022:1", "xa-ntm-kieu-mau@319-2022 criterion 1",
                                  "xa-ntm-kieu-mau@319-2022", "level ntm", "level ntm-nang-cao",
                                  "level ntm-kieu-mau"});
  CHECK(blocked.size() == 9);
}

TEST_CASE("an advanced indicator blocks only the advanced and model levels")
{
  CHECK(labels(graph().blocks(indicator(k_advanced, "17.7"))) ==
        Labels{"xa-ntm-nang-cao@318-2022 criterion 17", "xa-ntm-nang-cao@318-2022", "level ntm-nang-cao",
               "level ntm-kieu-mau"});
  CHECK(labels(graph().blocks(level("ntm"))) == Labels{"level ntm-nang-cao", "level ntm-kieu-mau"});
  CHECK(graph().blocks(level("ntm-kieu-mau")).empty());
}

TEST_CASE("find_cycle returns the path of a cycle in an edge list")
{
  CHECK(find_cycle(3, {{0, 1}, {1, 2}, {2, 0}}) == Indices{0, 1, 2, 0});
  CHECK(find_cycle(4, {{0, 1}, {1, 2}, {2, 3}, {3, 1}}) == Indices{1, 2, 3, 1});
  CHECK(find_cycle(2, {{1, 1}}) == Indices{1, 1});
}

TEST_CASE("find_cycle finds nothing in a graph without cycles")
{
  CHECK(find_cycle(0, {}).empty());
  CHECK(find_cycle(3, {}).empty());
  CHECK(find_cycle(4, {{0, 1}, {1, 2}, {0, 2}, {3, 2}}).empty()); // a diamond is no cycle
}

TEST_CASE("extension order puts each version after the version it extends")
{
  const auto order = ntm::graph::extension_order(ntm::test::rule_base().book());
  REQUIRE(order.ok());
  REQUIRE(order.value->size() == 4);
  const auto at = [&](std::size_t set) { return std::find(order.value->begin(), order.value->end(), set); };
  CHECK(at(k_national) < at(k_tra_vinh));
}

TEST_CASE("an extends cycle is reported with its whole path")
{
  ntm::model::RuleBook book;
  for (const auto& [id, extends] :
       {std::pair{"a@1", "b@1"}, std::pair{"b@1", "c@1"}, std::pair{"c@1", "a@1"}}) {
    ntm::model::RuleSet set;
    set.id = id;
    set.extends = extends;
    set.where = {std::string(id).substr(0, 1) + ".xml", 2, 1};
    book.sets.push_back(set);
  }
  const auto order = ntm::graph::extension_order(book);
  CHECK_FALSE(order.value);
  CHECK(messages(order.errors) == Messages{"a.xml:2:1: dependency cycle: a@1 -> b@1 -> c@1 -> a@1"});
}

TEST_CASE("a set extends cycle across three files is a load error naming the path")
{
  CHECK(load_errors({{"levels.xml", levels_requiring({"x"})},
                     {"a.xml", rule_set("x@a", "x@b")},
                     {"b.xml", rule_set("x@b", "x@c")},
                     {"c.xml", rule_set("x@c", "x@a")}}) ==
        Messages{"a.xml:1:1: dependency cycle: x@a -> x@b -> x@c -> x@a"});
}

TEST_CASE("a set extending itself is a cycle")
{
  CHECK(load_errors({{"levels.xml", levels_requiring({"x"})}, {"a.xml", rule_set("x@a", "x@a")}}) ==
        Messages{"a.xml:1:1: dependency cycle: x@a -> x@a"});
}

TEST_CASE("a derived target that refers to its own indicator is a cycle")
{
  CHECK(load_errors({{"levels.xml", levels_requiring({"p"})},
                     {"p.xml", one_indicator_set("p", "", "factor=\"1.1\" of=\"p:1\"")}}) ==
        Messages{"p.xml:4:5: dependency cycle: p@1:1 -> p@1:1"});
}

TEST_CASE("value-from between two sets in both directions is a cycle")
{
  CHECK(load_errors({{"levels.xml", levels_requiring({"p", "q"})},
                     {"p.xml", one_indicator_set("p", " value-from=\"q:1\"", "value=\"10\"")},
                     {"q.xml", one_indicator_set("q", " value-from=\"p:1\"", "value=\"10\"")}}) ==
        Messages{"p.xml:4:5: dependency cycle: p@1:1 -> q@1:1 -> p@1:1"});
}

TEST_CASE("value-from in one direction only is no cycle")
{
  const auto loaded = ntm::eval::RuleBase::load(std::vector<NamedText>{
      {"levels.xml", levels_requiring({"p", "q"})},
      {"p.xml", one_indicator_set("p", " value-from=\"q:1\"", "factor=\"2\" of=\"q:1\"")},
      {"q.xml", one_indicator_set("q", "", "value=\"10\"")}});
  REQUIRE(messages(loaded.errors).empty());
  const auto& g = loaded.value->graph();
  const auto p = g.find_indicator(0, "1");
  const auto q = g.find_indicator(1, "1");
  REQUIRE(p);
  REQUIRE(q);
  CHECK(g.needs(*p) == Indices{*q});
}
