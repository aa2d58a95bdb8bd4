#include "load/file_reader.hpp"
#include "load/source_text.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

using ntm::Diagnostics;
using ntm::load::check_encoding;
using ntm::load::FileReader;
using ntm::load::LazyLocation;
using ntm::load::find_invalid_utf8;
using ntm::load::read_file;
using ntm::load::same_text;
using ntm::load::SourceText;

namespace {

std::string where(const SourceText& source, std::size_t offset)
{
  return source.locate(offset).str();
}

/// Lines of every length from 0 to 40 bytes, then empty lines in a row.
std::string lines_of_every_length()
{
  std::string text;
  for (std::size_t length = 0; length <= 40; ++length) {
    text += std::string(length, 'x') + "\n";
  }
  return text + "\n\n\nend";
}

/// A fresh directory under the system temp dir, removed with everything in it at the end.
class TempDir {
public:
  TempDir()
  {
    std::random_device random;
    m_path = std::filesystem::temp_directory_path() / ("ntm-unit-source-text-" + std::to_string(random()));
    std::filesystem::create_directories(m_path);
  }
  ~TempDir()
  {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return m_path; }

  std::filesystem::path write(const std::string& name, const std::string& bytes) const
  {
    const auto file = m_path / name;
    std::ofstream out(file, std::ios::binary);
    out << bytes;
    return file;
  }

private:
  std::filesystem::path m_path;
};

/// The bytes read, or the one error as `file: message [code]`.
std::string outcome(const ntm::Loaded<std::string>& read)
{
  if (read.value) {
    return *read.value;
  }
  REQUIRE(read.errors.size() == 1);
  return read.errors[0].str() + " [" + read.errors[0].code + "]";
}

} // namespace

TEST_CASE("locate counts lines from 1 and columns in characters, not bytes")
{
  // "Xã Ngọc Biên" is 12 characters in 16 bytes: ã and ê take 2 bytes, ọ takes 3.
  const SourceText source("xa.xml", "Xã Ngọc Biên\nấp 3");
  CHECK(where(source, 0) == "xa.xml:1:1");
  CHECK(where(source, 1) == "xa.xml:1:2");   // ã
  CHECK(where(source, 3) == "xa.xml:1:3");   // the space after ã (byte 3)
  CHECK(where(source, 4) == "xa.xml:1:4");   // N
  CHECK(where(source, 9) == "xa.xml:1:7");   // c, after the 3-byte ọ
  CHECK(where(source, 16) == "xa.xml:1:13"); // the newline ends line 1
  CHECK(where(source, 17) == "xa.xml:2:1");  // ấ
  CHECK(where(source, 20) == "xa.xml:2:2");  // p, after the 3-byte ấ
  CHECK(where(source, 22) == "xa.xml:2:4");  // 3
}

TEST_CASE("locate past the end points at the end of the text")
{
  const SourceText source("xa.xml", "Xã Ngọc Biên\nấp 3");
  CHECK(where(source, 23) == "xa.xml:2:5");
  CHECK(where(source, 1000) == "xa.xml:2:5");
  const SourceText empty("empty.xml", "");
  CHECK(where(empty, 0) == "empty.xml:1:1");
  CHECK(where(empty, 5) == "empty.xml:1:1");
}

TEST_CASE("locate after a final newline is on a new line")
{
  const SourceText source("a.xml", "<a/>\n\n");
  CHECK(where(source, 4) == "a.xml:1:5");
  CHECK(where(source, 5) == "a.xml:2:1");
  CHECK(where(source, 6) == "a.xml:3:1");
}

TEST_CASE("locate finds a place on a nearby line, a far one and an earlier one alike")
{
  std::string text;
  for (int line = 1; line <= 100; ++line) {
    text += "line " + std::to_string(line) + "\n";
  }
  const SourceText source("a.xml", text);
  const auto start = [&](int line) { return text.find("line " + std::to_string(line) + "\n"); };
  CHECK(where(source, start(2) + 1) == "a.xml:2:2");
  CHECK(where(source, start(3)) == "a.xml:3:1");
  CHECK(where(source, start(90) + 2) == "a.xml:90:3");
  CHECK(where(source, start(7)) == "a.xml:7:1");
  CHECK(where(source, start(7) + 3) == "a.xml:7:4");
  CHECK(where(source, start(12)) == "a.xml:12:1");
  CHECK(where(source, 0) == "a.xml:1:1");
  CHECK(where(source, text.size()) == "a.xml:101:1");
}

TEST_CASE("locate gives every offset the place a count from the start of the text gives")
{
  // Lines of ASCII shorter and longer than a word of 8 bytes, indented or not, CRLF ends, text
  // past the indentation in 2- and 3-byte characters, a byte-order mark, a text of a few bytes.
  const std::vector<std::string> texts = {
      "<a>\r\n  <b/>\r\n\t<c x=\"1\"/>\r\n        <d/>\r\n</a>",
      "\xEF\xBB\xBF<a>\n    <b name=\"Xã Ngọc Biên\"/>\n  ấp<c/>\n\n         <d/>",
      "ã\n ọ\nab",
      "ab",
      "",
      lines_of_every_length(),
  };
  for (const std::string& text : texts) {
    const SourceText source("a.xml", text);
    // What locate must give: the newlines before the place, and the characters before it on its
    // line, a byte-order mark not counted.
    const auto expected = [&](std::size_t offset) {
      int line = 1;
      std::size_t start = 0;
      for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
          ++line;
          start = i + 1;
        }
      }
      if (start == 0 && text.compare(0, 3, "\xEF\xBB\xBF") == 0 && offset >= 3) {
        start = 3;
      }
      int column = 1;
      for (std::size_t i = start; i < offset; ++i) {
        column += (static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U ? 1 : 0;
      }
      return "a.xml:" + std::to_string(line) + ":" + std::to_string(column);
    };
    // In the order of the text, as a loader asks, then backwards.
    for (std::size_t offset = 0; offset <= text.size(); ++offset) {
      INFO("text " << text << ", offset " << offset);
      CHECK(where(source, offset) == expected(offset));
    }
    for (std::size_t offset = text.size() + 1; offset-- > 0;) {
      INFO("text " << text << ", offset " << offset);
      CHECK(where(source, offset) == expected(offset));
    }
  }
}

TEST_CASE("a text with a borrowed name locates as one that owns its name, and its places follow the name")
{
  std::string name = "dir/a.xml";
  const std::string text = lines_of_every_length();
  SourceText borrowing;
  borrowing.assign_borrowed(name, text);
  const SourceText owning(name, text);
  for (std::size_t offset = 0; offset <= text.size(); offset += 7) {
    CHECK(borrowing.locate(offset) == owning.locate(offset));
  }
  const ntm::Location place = borrowing.locate(20);
  const ntm::Location copy = place;
  CHECK(&copy.source.str() == &name); // not a copy of the name: the name itself
  name = "dir/b.xml";
  CHECK(copy.str() == "dir/b.xml:6:6");
  CHECK(ntm::SourceName::borrowed(name) == ntm::SourceName("dir/b.xml"));
}

TEST_CASE("a lazy location gives the place it was made from: an offset, a line and column, or a location")
{
  std::string name = "dir/a.xml";
  SourceText source;
  source.assign_borrowed(name, lines_of_every_length());
  CHECK(ntm::Location(LazyLocation(source, std::size_t{20})) == source.locate(20));
  CHECK(ntm::Location(LazyLocation(source, std::size_t{0})).str() == "dir/a.xml:1:1");
  const ntm::Location known = LazyLocation(source, 7, 3);
  CHECK(known.str() == "dir/a.xml:7:3");
  CHECK(&known.source.str() == &name); // named as the text's places are
  CHECK(ntm::Location(LazyLocation(source, 0, 0)) == ntm::Location{name, 0, 0});
  const ntm::Location elsewhere{"data.json#/sets/0", 0, 0};
  const LazyLocation referring = elsewhere;
  const LazyLocation copy = referring;
  CHECK(ntm::Location(copy) == elsewhere);
  CHECK(ntm::Location(LazyLocation()) == ntm::Location());
}

TEST_CASE("a byte-order mark is not counted as a column")
{
  const SourceText source("bom.xml", "\xEF\xBB\xBF<a>\n<b/>");
  CHECK(where(source, 0) == "bom.xml:1:1");
  CHECK(where(source, 3) == "bom.xml:1:1"); // '<', the first character an editor shows
  CHECK(where(source, 4) == "bom.xml:1:2");
  CHECK(where(source, 7) == "bom.xml:2:1");
  const SourceText only_bom("bom.xml", "\xEF\xBB\xBF");
  CHECK(where(only_bom, 3) == "bom.xml:1:1");
}

TEST_CASE("UTF-16 is named as such, with or without a byte-order mark")
{
  for (const std::string& text :
       {std::string("\xFF\xFE<\0a\0", 6), std::string("<\0?\0x\0", 6), std::string("\0<\0?\0x", 6)}) {
    Diagnostics errors;
    CHECK_FALSE(check_encoding(SourceText("u.xml", text), errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].str() == "u.xml:1:1: file is UTF-16; save it as UTF-8");
  }
  Diagnostics errors;
  CHECK_FALSE(check_encoding(SourceText("n.xml", std::string("<a>\0</a>", 8)), errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].str() == "n.xml:1:4: NUL byte in text");
}

TEST_CASE("source text keeps its name and bytes")
{
  const SourceText source("rules/levels.xml", std::string("a\0b", 3));
  CHECK(source.name() == "rules/levels.xml");
  CHECK(source.text() == std::string("a\0b", 3));
}

TEST_CASE("valid UTF-8 has no invalid byte")
{
  CHECK(find_invalid_utf8("") == std::string_view::npos);
  CHECK(find_invalid_utf8("plain ASCII") == std::string_view::npos);
  CHECK(find_invalid_utf8("Xã Ngọc Biên, huyện Trà Cú") == std::string_view::npos);
  CHECK(find_invalid_utf8("\xF0\x9F\x98\x80") == std::string_view::npos); // U+1F600, 4 bytes
  CHECK(find_invalid_utf8("\xF4\x8F\xBF\xBF") == std::string_view::npos); // U+10FFFF, the last
  CHECK(find_invalid_utf8("\xEF\xBB\xBF<a/>") == std::string_view::npos); // UTF-8 BOM
}

TEST_CASE("an invalid byte is found wherever it falls in a long ASCII run")
{
  // Every place in 41 bytes: in the first or second half of a 16-byte step, in the 8-byte step
  // after the last whole one, and in the bytes left over.
  for (std::size_t at = 0; at < 41; ++at) {
    std::string text(41, 'a');
    text[at] = '\xFF';
    CHECK(find_invalid_utf8(text) == at);
  }
  const std::string vietnamese = "<commune name=\"Xã Ngọc Biên\" district=\"huyện Trà Cú\"/>";
  CHECK(find_invalid_utf8(vietnamese + vietnamese) == std::string_view::npos);
  CHECK(find_invalid_utf8(vietnamese + "\xE1\xBB" + vietnamese) == vietnamese.size());
}

TEST_CASE("an invalid sequence is found after Vietnamese words and ASCII runs alike")
{
  // Before the sequence: nothing, a few characters of 2 and 3 bytes, ASCII runs of any length;
  // after it, more than a word of ASCII, so that it is read where the text does not end.
  const std::vector<std::string> before = {
      "", "Xã ", "Ngọc", std::string(20, 'a'), std::string(37, 'a') + "ọ", "Biên" + std::string(9, 'a')};
  const std::vector<std::string> invalid = {"\xC0\xAF",
                                            "\xC1\xBF",
                                            "\xE0\x80\xAF",
                                            "\xED\xA0\x80",
                                            "\xF0\x82\x82\xAC",
                                            "\xF4\x90\x80\x80",
                                            "\xF8\x88\x80\x80",
                                            "\xE1\xBBx",
                                            "\xC3x",
                                            "\x80",
                                            "\xFF",
                                            "\xE1\x41\x8D",
                                            "\xE1\xBB\x41",
                                            "\xEE\x80",
                                            "\xC3\xC3\xA3"};
  const std::vector<std::string> valid = {"ã",
                                          "ọ",
                                          "\xC2\x80",
                                          "\xDF\xBF",
                                          "\xE0\xA0\x80",
                                          "\xED\x9F\xBF",
                                          "\xEF\xBF\xBF",
                                          "\xF0\x9F\x98\x80",
                                          "\xF4\x8F\xBF\xBF"};
  for (const std::string& start : before) {
    for (const std::string& bytes : invalid) {
      INFO("after '" << start << "'");
      CHECK(find_invalid_utf8(start + bytes + std::string(20, 'b') + "ã") == start.size());
    }
    for (const std::string& bytes : valid) {
      INFO("after '" << start << "'");
      CHECK(find_invalid_utf8(start + bytes + std::string(20, 'b') + "ã") == std::string_view::npos);
    }
  }
}

TEST_CASE("a character cut short by the end of the text is invalid however long the text")
{
  // The text ends inside a character whose bytes go on past it, in memory that is not its own.
  for (std::size_t ascii = 0; ascii < 40; ++ascii) {
    const std::string bytes = std::string(ascii, 'a') + "ọã" + std::string(20, 'b');
    const std::string_view all(bytes);
    INFO(ascii << " ASCII bytes first");
    CHECK(find_invalid_utf8(all.substr(0, ascii + 1)) == ascii);
    CHECK(find_invalid_utf8(all.substr(0, ascii + 2)) == ascii);
    CHECK(find_invalid_utf8(all.substr(0, ascii + 3)) == std::string_view::npos);
    CHECK(find_invalid_utf8(all.substr(0, ascii + 4)) == ascii + 3);
    CHECK(find_invalid_utf8(all.substr(0, ascii + 5)) == std::string_view::npos);
  }
}

TEST_CASE("same_text tells texts apart by any byte, whatever their length")
{
  // Lengths on both sides of each way of comparing (1, 2–3, 4–7, 8–16 bytes, longer), texts that
  // differ in one byte at each place, and texts of other lengths that share a prefix.
  const std::string letters = "abcdefghijklmnopqrstuvwxyz";
  for (std::size_t n = 0; n <= 20; ++n) {
    const std::string text = letters.substr(0, n);
    INFO("length " << n);
    CHECK(same_text(text, std::string(text)));
    CHECK_FALSE(same_text(text, letters.substr(0, n + 1)));
    for (std::size_t at = 0; at < n; ++at) {
      std::string other = text;
      other[at] = '.';
      CHECK_FALSE(same_text(text, other));
      CHECK_FALSE(same_text(other, text));
    }
  }
  CHECK(same_text("khong-dat", std::string("khong-") + "dat"));
  CHECK_FALSE(same_text("12.1", "12.2"));
}

TEST_CASE("overlong forms are not UTF-8")
{
  CHECK(find_invalid_utf8("ab\xC0\xAF") == 2);                    // '/' in 2 bytes
  CHECK(find_invalid_utf8("\xC1\xBF") == 0);                      // U+007F in 2 bytes
  CHECK(find_invalid_utf8("x\xE0\x80\xAF") == 1);                 // '/' in 3 bytes
  CHECK(find_invalid_utf8("Xã\xF0\x82\x82\xAC") == 3);            // € in 4 bytes, after a 2-byte ã
  CHECK(find_invalid_utf8("\xDF\xBF") == std::string_view::npos); // U+07FF is the shortest form
}

TEST_CASE("surrogates and code points past U+10FFFF are not UTF-8")
{
  CHECK(find_invalid_utf8("a\xED\xA0\x80") == 1);                     // U+D800
  CHECK(find_invalid_utf8("\xED\xBF\xBF") == 0);                      // U+DFFF
  CHECK(find_invalid_utf8("\xED\x9F\xBF") == std::string_view::npos); // U+D7FF is fine
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0);                  // U+110000
  CHECK(find_invalid_utf8("\xF8\x88\x80\x80\x80") == 0);              // 5-byte form
  CHECK(find_invalid_utf8("\xFF") == 0);
}

TEST_CASE("truncated sequences and stray continuation bytes are not UTF-8")
{
  CHECK(find_invalid_utf8("ab\xE1\xBB") == 2); // ọ cut at the end of the text
  CHECK(find_invalid_utf8("\xE1\xBBx") == 0);  // ọ cut by an ASCII byte
  CHECK(find_invalid_utf8("Xã\xC3") == 3);     // a lead byte with nothing after it
  CHECK(find_invalid_utf8("\x80") == 0);       // continuation byte alone
  CHECK(find_invalid_utf8("ê\xBF") == 2);      // continuation byte after a whole character
}

TEST_CASE("a UTF-16 file is refused with a hint")
{
  for (const std::string& text : {std::string("\xFF\xFE<\0a\0", 6), std::string("\xFE\xFF\0<\0a", 6)}) {
    const SourceText source("utf16.xml", text);
    Diagnostics errors;
    CHECK_FALSE(check_encoding(source, errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].str() == "utf16.xml:1:1: file is UTF-16; save it as UTF-8");
    CHECK(errors[0].code == "encoding");
  }
}

TEST_CASE("a Latin-1 byte is reported at its line and column")
{
  // "café" saved as Latin-1: é is the single byte 0xE9.
  const SourceText source("latin1.xml", "<a>\n  caf\xE9</a>\n");
  Diagnostics errors;
  CHECK_FALSE(check_encoding(source, errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].str() ==
        "latin1.xml:2:6: invalid UTF-8 byte 0xE9 (Latin-1 or Windows-1258?); save the file as UTF-8");
}

TEST_CASE("an invalid byte after Vietnamese text is located by characters")
{
  const SourceText source("x.xml", "Trà Cú \x80");
  Diagnostics errors;
  CHECK_FALSE(check_encoding(source, errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].str() ==
        "x.xml:1:8: invalid UTF-8 byte 0x80 (Latin-1 or Windows-1258?); save the file as UTF-8");
}

TEST_CASE("a NUL byte is refused")
{
  const SourceText source("nul.xml", std::string("<a>\nxã\0</a>", 12));
  Diagnostics errors;
  CHECK_FALSE(check_encoding(source, errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].str() == "nul.xml:2:3: NUL byte in text");
  CHECK(errors[0].code == "encoding");
}

TEST_CASE("UTF-8 text passes the encoding check and adds nothing")
{
  const SourceText source("ok.xml", "<?xml version=\"1.0\"?>\n<a name=\"Xã Ngọc Biên\"/>\n");
  Diagnostics errors;
  CHECK(check_encoding(source, errors));
  CHECK(errors.empty());
}

TEST_CASE("read_file returns the bytes of a file unchanged")
{
  const TempDir dir;
  const std::string bytes("Xã\r\n\0\xFF end", 11);
  const auto path = dir.write("a.xml", bytes);
  const auto read = read_file(path);
  REQUIRE(read.ok());
  CHECK(*read.value == bytes);

  const auto empty = read_file(dir.write("empty.xml", ""));
  REQUIRE(empty.ok());
  CHECK(empty.value->empty());
}

TEST_CASE("read_file reports a missing file by its path")
{
  const TempDir dir;
  const auto path = dir.path() / "missing.xml";
  const auto read = read_file(path);
  CHECK_FALSE(read.value);
  REQUIRE(read.errors.size() == 1);
  CHECK(read.errors[0].str() == path.string() + ": no such file");
  CHECK(read.errors[0].code == "unreadable");
}

TEST_CASE("read_file refuses a directory")
{
  const TempDir dir;
  const auto read = read_file(dir.path());
  CHECK_FALSE(read.value);
  REQUIRE(read.errors.size() == 1);
  CHECK(read.errors[0].str() == dir.path().string() + ": is a directory, not a file");
}

TEST_CASE("read_file refuses what is not a regular file")
{
  const auto read = read_file("/dev/null");
  CHECK_FALSE(read.value);
  REQUIRE(read.errors.size() == 1);
  CHECK(read.errors[0].str() == "/dev/null: is not a regular file");
}

TEST_CASE("read_file refuses a file above the size limit and accepts one at it")
{
  const TempDir dir;
  const auto path = dir.write("big.xml", "0123456789A"); // 11 bytes
  const auto too_large = read_file(path, 10);
  CHECK_FALSE(too_large.value);
  REQUIRE(too_large.errors.size() == 1);
  CHECK(too_large.errors[0].str() == path.string() + ": file is too large (11 bytes; the limit is 10 bytes)");
  CHECK(too_large.errors[0].code == "too-large");

  const auto at_limit = read_file(path, 11);
  REQUIRE(at_limit.ok());
  CHECK(*at_limit.value == "0123456789A");
}

TEST_CASE("the default size limit is 32 MiB")
{
  CHECK(ntm::load::k_max_file_bytes == 33554432U);
}

TEST_CASE("a file reader reads each file of folders taken in turn, and of a folder seen before")
{
  const TempDir dir;
  for (const char* folder : {"a", "b", "b/sub"}) {
    std::filesystem::create_directories(dir.path() / folder);
  }
  // The same names in two folders, and files larger and smaller than the one before.
  const std::string a1 = dir.write("a/1.xml", "first of a").string();
  const std::string a2 = dir.write("a/2.xml", "second of a, longer than the first").string();
  const std::string b1 = dir.write("b/1.xml", "b").string();
  const std::string b2 = dir.write("b/sub/../2.xml", std::string("b\0two", 5)).string();
  const std::string empty = dir.write("b/empty.xml", "").string();
  FileReader reader;
  for (const std::string& path : {a1, a2, b1, b2, empty, a1, b1}) {
    INFO(path);
    CHECK(outcome(reader.read(path)) == outcome(read_file(path)));
  }
  CHECK(outcome(reader.read(b2)) == std::string("b\0two", 5));
  CHECK(outcome(reader.read(a2)) == "second of a, longer than the first");
}

TEST_CASE("a file reader refuses a missing, non-regular or too large file with the whole message")
{
  const TempDir dir;
  std::filesystem::create_directories(dir.path() / "a" / "folder.xml");
  const std::string file = dir.write("a/file.xml", "0123456789A").string(); // 11 bytes
  const std::string root = dir.path().string();
  // In this order, each after a file of another folder or of the same one: the folder kept from
  // the file before must not change what is said of the next.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {root + "/a/missing.xml", root + "/a/missing.xml: no such file [unreadable]"},
      {root + "/a/folder.xml", root + "/a/folder.xml: is a directory, not a file [unreadable]"},
      {root + "/gone/file.xml", root + "/gone/file.xml: no such file [unreadable]"},
      {root + "/a/file.xml/inside.xml", root + "/a/file.xml/inside.xml: no such file [unreadable]"},
      {root + "/a/", root + "/a/: is a directory, not a file [unreadable]"},
      {"/dev/null", "/dev/null: is not a regular file [unreadable]"},
      {"no-such-file-here.xml", "no-such-file-here.xml: no such file [unreadable]"},
      {file, file + ": file is too large (11 bytes; the limit is 10 bytes) [too-large]"},
  };
  FileReader reader;
  for (const auto& [path, message] : cases) {
    INFO(path);
    CHECK(outcome(reader.read(path, 10)) == message);
    CHECK(outcome(read_file(path, 10)) == message);
  }
  CHECK(outcome(reader.read(file, 11)) == "0123456789A");
}

TEST_CASE("a file reader told that a listing found a file regular reads it and refuses the rest alike")
{
  const TempDir dir;
  std::filesystem::create_directories(dir.path() / "folder.xml");
  std::vector<std::string> paths;
  // Around the 64 KiB read at once: less, as much, more; empty; then larger than any storage kept.
  for (const std::size_t size : {std::size_t{0}, std::size_t{5}, std::size_t{65535}, std::size_t{65536},
                                 std::size_t{65537}, std::size_t{3} << 20}) {
    std::string text(size, 'x');
    if (size > 0) {
      text.back() = 'y';
    }
    paths.push_back(dir.write("f" + std::to_string(size) + ".xml", text).string());
  }
  paths.push_back(dir.path().string() + "/folder.xml");
  paths.push_back(dir.path().string() + "/missing.xml");
  paths.push_back("/dev/zero"); // fills what is read at once: then found not to be a file
  FileReader listed;
  FileReader asked;
  for (const std::string& path : paths) {
    // Compared, not printed: a failure would print megabytes.
    const std::string read_listed = outcome(listed.read(path, ntm::load::k_max_file_bytes, true));
    const std::string read_asked = outcome(asked.read(path));
    INFO(path << ": " << read_listed.size() << " bytes read as listed, " << read_asked.size()
              << " with the size asked");
    const bool same = read_listed == read_asked;
    CHECK(same);
  }
  CHECK(outcome(listed.read("/dev/zero", ntm::load::k_max_file_bytes, true)) ==
        "/dev/zero: is not a regular file [unreadable]");
  // The limit holds: a file one byte over it is refused from its size, one at it is read.
  const std::string eleven = dir.write("eleven.xml", "0123456789A").string();
  CHECK(outcome(listed.read(eleven, 10, true)) ==
        eleven + ": file is too large (11 bytes; the limit is 10 bytes) [too-large]");
  CHECK(outcome(listed.read(eleven, 11, true)) == "0123456789A");
}

TEST_CASE("a file reader reads a file larger than the storage it keeps, and a small one after it")
{
  const TempDir dir;
  const std::string large(3 << 20, 'x');
  const std::string big = dir.write("big.xml", large).string();
  const std::string small = dir.write("small.xml", "small").string();
  FileReader reader;
  CHECK(outcome(reader.read(small)) == "small");
  CHECK(outcome(reader.read(big)) == large);
  CHECK(outcome(reader.read(small)) == "small");
}
