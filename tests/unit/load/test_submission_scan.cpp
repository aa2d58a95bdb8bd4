// The loader reads a plain XML file with a scan of its own and any other with pugixml; both must
// give the same submission and the same errors. Each file here is loaded both ways and compared,
// and each case says which way the default load took, so that neither path goes untested.
#include "load/source_text.hpp"
#include "load/submission_loader.hpp"

#include "fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace {

/// Checks that two loads of one text gave the same result, field by field and error by error.
void check_same(const ntm::Loaded<ntm::model::Submission>& a, const ntm::Loaded<ntm::model::Submission>& b)
{
  CHECK(a.value.has_value() == b.value.has_value());
  if (a.value && b.value) {
    CHECK(*a.value == *b.value);
  }
  CHECK(a.errors == b.errors);
}

/// Loads `text` with the scan allowed and with pugixml alone, checks that both give the same
/// result, field by field and error by error, and returns whether the scan read it.
bool scanned_alike(const std::string& text, const std::string& name = "commune.xml")
{
  INFO(name << ":\n" << text);
  const ntm::model::RuleBook& book = ntm::test::rule_base().book();
  ntm::load::SubmissionWorkspace scanning;
  const auto& scanned = ntm::load::load_submission(ntm::load::NamedText{name, text}, book, scanning);
  ntm::load::SubmissionWorkspace parsing;
  parsing.scan_plain(false);
  const auto& parsed = ntm::load::load_submission(ntm::load::NamedText{name, text}, book, parsing);
  CHECK(parsing.plain_scans() == 0);
  check_same(scanned, parsed);
  return scanning.plain_scans() == 1;
}

const char* const k_head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const char* const k_commune =
    "  <commune code=\"83001\" name=\"Xã Thử Nghiệm\" district=\"Huyện Thử\" province=\"Trà Vinh\"/>\n";

/// A submission of `body` between its tags, after the declaration.
std::string submission(const std::string& body,
                       const std::string& attributes = "year=\"2024\" region=\"dbscl\"")
{
  return std::string(k_head) + "<submission " + attributes + ">\n" + body + "</submission>\n";
}

/// The same without the declaration, which only the start of a file may hold.
std::string submission_without_declaration(const std::string& body)
{
  return submission(body).substr(std::string(k_head).size());
}

/// A submission of one commune and one set of `indicators`.
std::string with_set(const std::string& indicators)
{
  return submission(std::string(k_commune) + "  <set ref=\"xa-ntm\">\n" + indicators + "  </set>\n");
}

} // namespace

TEST_CASE("every XML file of the repository loads alike both ways, and the scan reads the samples")
{
  std::vector<std::filesystem::path> paths;
  for (const char* folder : {"communes", "tests", "examples", "docs", "fuzz/corpus", "bench"}) {
    const std::filesystem::path root = std::filesystem::path(NTM_SOURCE_DIR) / folder;
    if (!std::filesystem::exists(root)) {
      continue;
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (entry.is_regular_file() && entry.path().extension() == ".xml") {
        paths.push_back(entry.path());
      }
    }
  }
  std::sort(paths.begin(), paths.end());
  REQUIRE(paths.size() > 50);
  std::size_t samples = 0;
  for (const auto& path : paths) {
    auto text = ntm::load::read_file(path);
    REQUIRE(text.value);
    const std::string relative = std::filesystem::relative(path, NTM_SOURCE_DIR).string();
    const bool scanned = scanned_alike(*text.value, relative);
    if (relative.starts_with("communes/")) {
      INFO(relative);
      CHECK(scanned);
      ++samples;
    }
  }
  CHECK(samples == 15);
}

TEST_CASE("the scan reads plain files, whether or not their values are right")
{
  const std::string indicator = "    <indicator code=\"1.1\" value=\"dat\"/>\n";
  const std::vector<std::string> texts = {
      with_set(indicator),
      // No declaration; a declaration of UTF-8 spelt otherwise, standalone.
      with_set(indicator).substr(std::string(k_head).size()),
      "<?xml version='1.0' encoding='utf8' standalone='yes'?><submission year=\"2024\" region=\"dbscl\">" +
          std::string(k_commune) + "</submission>",
      // Single quotes, the other quote inside a value, `>` inside a value.
      with_set("    <indicator code='1.1' value='dat' self-assessment='dat'/>\n"
               "    <indicator code=\"10\" value='6\"2'/>\n    <indicator code=\"11\" value=\"a>b\"/>\n"),
      // Line ends of Windows; spaces before `>` and `/>` and in an end tag.
      "<submission year=\"2024\" region=\"dbscl\" >\r\n" + std::string(k_commune) +
          "  <set ref=\"xa-ntm\"  >\r\n    <indicator code=\"1.1\" value=\"dat\" />\r\n  </set  >\r\n"
          "</submission >\r\n",
      // Comments everywhere one may be, one holding `--`; start and end tags for empty elements.
      "<!-- before -->" +
          submission_without_declaration("<!-- a -- b -->" + std::string(k_commune) +
                                         "  <claim level=\"ntm\"><!-- c --></claim>\n"
                                         "  <set ref=\"xa-ntm\"><!-- d -->\n"
                                         "    <indicator code=\"1.1\" value=\"dat\"><!-- e --></indicator>\n"
                                         "  </set><set ref=\"xa-ntm-nang-cao\"></set>\n") +
          "<!-- after -->\n",
      // Attributes in any order; a value of the longest length allowed.
      submission("  <commune province=\"Trà Vinh\" district=\"Huyện Thử\" name=\"" + std::string(4096, 'x') +
                     "\" code=\"83001\"/>\n",
                 "region=\"dbscl\" special-difficulty=\"true\" year=\"2024\""),
      // What the checks refuse: values, codes, sets, years, regions, flags, claims.
      with_set("    <indicator code=\"10\" value=\"abc\"/>\n    <indicator code=\"99\" value=\"dat\"/>\n"
               "    <indicator code=\"1.1\" value=\"\"/>\n    <indicator value=\"dat\"/>\n"
               "    <indicator code=\"11\" numerator=\"5\"/>\n    <indicator code=\"1.1\" value=\"dat\"/>\n"
               "    <indicator code=\"1.1\" value=\"khong-dat\"/>\n"),
      submission(std::string(k_commune) + "  <claim level=\"nang\"/>\n  <claim level=\"ntm\"/>\n" +
                     k_commune + "  <set ref=\"xa-ntm-x\"/>\n  <set/>\n  <set ref=\"\"/>\n",
                 "year=\"24\" region=\"xyz\" special-difficulty=\"yes\""),
      submission("  <set ref=\"xa-ntm\"><indicator code=\"1.1\" value=\"dat\"/></set>\n", "region=\"\""),
      "<submission/>",
      submission("  <commune code=\"8300\" name=\"\" district=\"Huyện Thử\" province=\"Tra Vinh\"/>\n"),
  };
  for (const std::string& text : texts) {
    CHECK(scanned_alike(text));
  }
}

TEST_CASE("the scan passes a line break and indentation of any depth, with other spaces among it")
{
  // Element by element, each indented by one more space than the one before, so that runs of
  // spaces shorter and longer than eight follow line breaks; an error on the last indicator
  // places it (line and column) as pugixml does.
  std::string indicators;
  for (std::size_t depth = 0; depth <= 18; ++depth) {
    indicators += std::string(depth, ' ') + "<indicator code=\"1.1\" value=\"dat\"/>\n";
  }
  indicators += std::string(9, ' ') + "<indicator code=\"99\" value=\"dat\"/>\n";
  CHECK(scanned_alike(with_set(indicators)));
  // Spaces, then another line break or a tab, within the spaces between elements.
  for (const char* between : {"\n    \n  ", "\n        \t", "\n\n\n", "\n \r\n  ", "\n\t\t"}) {
    CHECK(scanned_alike(with_set("    <indicator code=\"1.1\" value=\"dat\"/>" + std::string(between) +
                                 "<indicator code=\"99\" value=\"dat\"/>\n")));
  }
}

TEST_CASE("the scan leaves to pugixml what is not plain, and pugixml reads it as before")
{
  const std::vector<std::string> texts = {
      // References, and what pugixml turns into spaces in a value.
      with_set("    <indicator code=\"1.1\" value=\"d&#97;t\"/>\n"),
      with_set("    <indicator code=\"1.1\" value=\"d&amp;t\"/>\n"),
      with_set("    <indicator code=\"1.1\" value=\"dat\tx\"/>\n"),
      with_set("    <indicator code=\"1.1\" value=\"dat\nx\"/>\n"),
      with_set("    <indicator code=\"1.1\" value=\"dat\r\"/>\n"),
      // Markup the scan does not read.
      with_set("    <indicator code=\"1.1\"><![CDATA[x]]></indicator>\n"),
      with_set("    <?pi x?>\n"),
      "<!DOCTYPE submission>\n" + with_set(""),
      "<!DOCTYPE s [<!ENTITY e \"x\">]>\n" + with_set(""),
      "\xEF\xBB\xBF" + with_set(""),
      " <?xml version=\"1.0\"?>" + with_set("").substr(std::string(k_head).size()),
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<submission/>",
      "<?xml version=\"1.0\" encoding=\"\"?>\n<submission/>",
      "<?xml-stylesheet href=\"x\"?>\n<submission/>",
      "<?xml version=\"1.0?>\" encoding=\"UTF-8\"?>\n<submission/>",
      // What check_element reports.
      with_set("    <indicator code=\"1.1\" value=\"dat\" note=\"x\"/>\n"),
      with_set("    <indicator code=\"1.1\" value=\"dat\" value=\"khong-dat\"/>\n"),
      with_set("    <indicator code=\"1.1\" Value=\"dat\"/>\n"),
      with_set("    <indicator code=\"1.1\" xml:lang=\"vi\"/>\n"),
      with_set("    <criterion id=\"1\"/>\n"),
      with_set("    text\n"),
      with_set("    <indicator code=\"1.1\" value=\"dat\">x</indicator>\n"),
      with_set("    <indicator code=\"1.1\" value=\"dat\"><note/></indicator>\n"),
      submission(std::string(k_commune) + "  <indicator code=\"1.1\" value=\"dat\"/>\n"),
      submission("  <commune code=\"83001\" name=\"" + std::string(4097, 'x') + "\"/>\n"),
      // Syntax the scan does not take: spaces around `=`, no space between attributes, an end
      // tag of another name, another root or text after the root, a comment not closed.
      with_set("    <indicator code = \"1.1\" value=\"dat\"/>\n"),
      with_set("    <indicator code=\"1.1\"value=\"dat\"/>\n"),
      with_set("    <indicator code=\"1.1\" value=\"dat\"></indicators>\n"),
      // What follows an element's start tag where its end tag should be (found by the fuzzer).
      with_set("    <indicator code=\"1.1\" value=\"dat\"><2indicator>\n"),
      submission(
          "  <commune code=\"83001\" name=\"x\" district=\"y\" province=\"Trà Vinh\"><!-- c --><2commune>\n"),
      submission(std::string(k_commune) + "  <claim level=\"ntm\"><claim>\n"),
      with_set("") + "<submission/>\n",
      with_set("") + "x\n",
      with_set("") + "<!-- not closed -",
      // Not a submission, or not XML.
      "<rules/>",
      "",
      "<submission year=\"2024\">\n  <commune",
      "<submission year=\"2024\"></Submission>",
      "<Submission year=\"2024\"/>",
  };
  for (const std::string& text : texts) {
    CHECK_FALSE(scanned_alike(text));
  }
}

TEST_CASE("a workspace reading scanned and parsed files in turn reads each as when fresh")
{
  const std::vector<std::string> texts = {
      with_set("    <indicator code=\"1.1\" value=\"dat\"/>\n    <indicator code=\"10\" value=\"62.66\"/>\n"),
      with_set("    <indicator code=\"1.1\" value=\"d&#97;t\"/>\n"),
      submission(std::string(k_commune) + "  <set ref=\"xa-ntm\"/>\n  <set ref=\"xa-ntm-nang-cao\">\n"
                                          "    <indicator code=\"1.1\" value=\"dat\"/>\n  </set>\n"),
      "<rules/>",
      with_set("    <indicator code=\"1.1\" value=\"dat\" note=\"x\"/>\n"),
  };
  const ntm::model::RuleBook& book = ntm::test::rule_base().book();
  ntm::load::SubmissionWorkspace workspace;
  for (std::size_t round = 0; round < 2; ++round) {
    for (const std::string& text : texts) {
      INFO(text);
      const auto& reused =
          ntm::load::load_submission(ntm::load::NamedText{"commune.xml", text}, book, workspace);
      const auto fresh = ntm::load::load_submission(ntm::load::NamedText{"commune.xml", text}, book);
      check_same(reused, fresh);
    }
  }
  CHECK(workspace.plain_scans() == 4); // the first and third, twice
}
