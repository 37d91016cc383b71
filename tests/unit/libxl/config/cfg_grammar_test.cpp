// The xl.cfg grammar: what parses, into what, and the exact error for what
// does not. The accept/reject verdicts were checked against libxlutil 4.17
// (tests/integration/cfg_differential.sh runs the same inputs through both).
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "libxl/config/cfg_file.h"

using libxl::config::CfgFile;
using libxl::config::parse;
using libxl::config::Value;

namespace {

CfgFile ok(std::string_view text) {
  auto r = parse(text, "t.cfg");
  if (!r) FAIL_CHECK("unexpected error: " << r.error().str());
  REQUIRE(r);
  return std::move(*r);
}

std::string err(std::string_view text) {
  auto r = parse(text, "t.cfg");
  if (r) {
    FAIL_CHECK("parsed, but should not have: " << text);
    return "";
  }
  return r.error().str();
}

// A value as text: atoms quoted, lists in brackets.
std::string dump(const Value& v) {
  if (v.kind == Value::Kind::Atom) return "\"" + v.atom + "\"";
  std::string s = "[";
  for (std::size_t i = 0; i < v.items.size(); ++i) s += (i ? "," : "") + dump(v.items[i]);
  return s + "]";
}

std::string value_of(const CfgFile& c, std::string_view key) {
  const Value* v = c.find(key);
  return v ? dump(*v) : "(absent)";
}

}  // namespace

TEST_CASE("cfg: empty files and blank lines have no settings") {
  CHECK(ok("").settings.empty());
  CHECK(ok("\n\n\n").settings.empty());
  CHECK(ok("# just a comment\n").settings.empty());
  CHECK(ok(";;\n;").settings.empty());
  CHECK(ok("  \t \n").settings.empty());
}

TEST_CASE("cfg: settings are separated by newlines or ';'") {
  auto c = ok("a = 1; b = 2;; c = \"x\" ;\n;\nd = 4");
  REQUIRE(c.settings.size() == 4);
  CHECK(c.settings[0].name == "a");
  CHECK(c.settings[3].name == "d");
  CHECK(c.settings[3].line == 3);
  CHECK(value_of(c, "c") == "\"x\"");
  CHECK(ok("a = 1").settings.size() == 1);  // no final newline
}

TEST_CASE("cfg: names are [a-z][a-z0-9_.]*") {
  auto c = ok("a.b.c = 1\nx_y9 = 2\nz=3\n");
  CHECK(value_of(c, "a.b.c") == "\"1\"");
  CHECK(value_of(c, "x_y9") == "\"2\"");
  CHECK(err("Memory = 512\n") ==
        "t.cfg:1: unexpected 'Memory': setting names are lower case ([a-z][a-z0-9_.]*) and text "
        "values must be quoted");
  CHECK(err("_a = 1\n") ==
        "t.cfg:1: unexpected '_a': setting names are lower case ([a-z][a-z0-9_.]*) and text values "
        "must be quoted");
  CHECK(err("9a = 1\n") == "t.cfg:1: expected a setting name, got '9a'");
  CHECK(err("\"a\" = 1\n") == "t.cfg:1: expected a setting name, got '\"a\"'");
  CHECK(err("= 1\n") == "t.cfg:1: expected a setting name, got '='");
}

TEST_CASE("cfg: comments run from # to the end of the line") {
  auto c = ok("# leading\n  # indented\na = 1 # trailing\nb = \"# not a comment\" # but this\n");
  CHECK(value_of(c, "a") == "\"1\"");
  CHECK(value_of(c, "b") == "\"# not a comment\"");
  CHECK(c.line_of("b") == 4);
  // libxlutil wants a newline after a comment; we also take one on the last line.
  CHECK(value_of(ok("a = 1 # end"), "a") == "\"1\"");
  CHECK(ok("a = 1\n# end").settings.size() == 1);
}

TEST_CASE("cfg: unquoted values are numbers as xl's lexer reads them") {
  auto c = ok("a = 512\nb = 0x1f\nc = 010\nd = 1e5\ne = 12abc\nf = 0x\n");
  CHECK(value_of(c, "a") == "\"512\"");
  CHECK(value_of(c, "b") == "\"0x1f\"");
  CHECK(value_of(c, "d") == "\"1e5\"");  // a number token, but not a number to get_long
  CHECK(value_of(c, "e") == "\"12abc\"");
  CHECK_FALSE(c.find("a")->quoted);
  CHECK(err("builder = hvm\n") ==
        "t.cfg:1: expected a value for 'builder' (a number, a quoted string or a [list]), got "
        "'hvm' (text values must be quoted: \"hvm\")");
  CHECK(err("a = 0xzz\n") ==
        "t.cfg:1: expected a new line or ';' after the value of 'a', got 'zz' (text values must be "
        "quoted: \"zz\")");
  CHECK(err("a = -1\n") ==
        "t.cfg:1: unexpected '-1': a value is a number, a quoted string or a [list] (xl config files "
        "are not Python)");
  CHECK(err("a = +5\n") ==
        "t.cfg:1: unexpected '+5': a value is a number, a quoted string or a [list] (xl config files "
        "are not Python)");
  CHECK(err("a = .5\n") ==
        "t.cfg:1: unexpected '.5': a value is a number, a quoted string or a [list] (xl config files "
        "are not Python)");
}

TEST_CASE("cfg: quoted strings, single or double, with escapes") {
  auto c = ok("a = 'single'\nb = \"double\"\nc = 'has \"dq\"'\nd = \"has 'sq'\"\ne = ''\nf = \"\"\n");
  CHECK(c.find("a")->atom == "single");
  CHECK(c.find("a")->quoted);
  CHECK(c.find("c")->atom == "has \"dq\"");
  CHECK(c.find("d")->atom == "has 'sq'");
  CHECK(c.find("e")->atom.empty());
  CHECK(c.find("f")->atom.empty());
  auto e = ok(R"(a = "t\tn\nr\rq\"s\'b\\" 
b = '\a\b\f\v'
c = 's\'q'
)");
  CHECK(e.find("a")->atom == "t\tn\nr\rq\"s'b\\");
  CHECK(e.find("b")->atom == "\a\b\f\v");
  CHECK(e.find("c")->atom == "s'q");
  CHECK(ok("a = \"g\xc3\xa4st\"").find("a")->atom == "g\xc3\xa4st");  // bytes pass through
  CHECK(ok("a = \"x\ty\"").find("a")->atom == "x\ty");               // a raw tab is fine
}

TEST_CASE("cfg: string errors") {
  CHECK(err("a = \"abc\nb = 1\n") ==
        "t.cfg:1: unterminated string \"abc (a string must end on the line it starts on)");
  CHECK(err("a = \"abc") == "t.cfg:1: unterminated string \"abc (a string must end on the line it starts on)");
  CHECK(err("a = 'abc\n") == "t.cfg:1: unterminated string 'abc (a string must end on the line it starts on)");
  CHECK(err("a = 1\nb = \"abc\\\ndef\"\n") ==
        "t.cfg:2: unterminated string \"abc\\ (a string must end on the line it starts on)");
  CHECK(err("a = 'x\\'\n") == "t.cfg:1: unterminated string 'x\\' (a string must end on the line it starts on)");
  CHECK(err("a = \"\\q\"\n") ==
        "t.cfg:1: unknown escape '\\q' in a quoted string (known: \\\" \\' \\\\ \\a \\b \\f \\n \\r "
        "\\t \\v)");
  CHECK(err("a = \"\\ \"\n") ==
        "t.cfg:1: unknown escape '\\ ' in a quoted string (known: \\\" \\' \\\\ \\a \\b \\f \\n \\r "
        "\\t \\v)");
  const std::string numeric =
      "numeric escapes such as '\\x41' or '\\101' are not supported in quoted strings (xl rejects "
      "or silently drops them): write the character itself";
  CHECK(err("a = \"\\x41\"\n") == "t.cfg:1: " + numeric);
  CHECK(err("a = \"A\\101B\"\n") == "t.cfg:1: " + numeric);
  CHECK(err("a = \"\\0\"\n") == "t.cfg:1: " + numeric);
}

TEST_CASE("cfg: lists, trailing commas, newlines and nesting") {
  auto c = ok(R"(disk = [ "a", "b", ]
vif = [
  "bridge=xenbr0",   # first
  "mac=00:16:3e:00:00:01"
  ,
]
empty = []
emptynl = [

]
vnuma = [ [ "pnode=0", "size=512" ],
          [ "pnode=1", "size=512" ] ]
deep = [[[["x"]]], []]
)");
  CHECK(value_of(c, "disk") == "[\"a\",\"b\"]");
  CHECK(value_of(c, "vif") == "[\"bridge=xenbr0\",\"mac=00:16:3e:00:00:01\"]");
  CHECK(value_of(c, "empty") == "[]");
  CHECK(value_of(c, "emptynl") == "[]");
  CHECK(value_of(c, "vnuma") == "[[\"pnode=0\",\"size=512\"],[\"pnode=1\",\"size=512\"]]");
  CHECK(value_of(c, "deep") == "[[[[\"x\"]]],[]]");
  CHECK(c.find("vif")->items[1].line == 4);
  CHECK(c.line_of("vnuma") == 11);
  CHECK(value_of(ok("a = [1,\n2]"), "a") == "[\"1\",\"2\"]");
}

TEST_CASE("cfg: list errors") {
  CHECK(err("a = [ 1, 2\nb = 3\n") == "t.cfg:2: expected ',' or ']' in the list of 'a', got 'b' (text values must be quoted: \"b\")");
  CHECK(err("a = [ 1, 2\n") == "t.cfg:2: the list of 'a' opened on line 1 is not closed (missing ']')");
  CHECK(err("a = [ [ 1, 2 ]\n") == "t.cfg:2: the list of 'a' opened on line 1 is not closed (missing ']')");
  CHECK(err("a = [1") == "t.cfg:1: the list of 'a' opened on line 1 is not closed (missing ']')");
  CHECK(err("a = 1 ]\n") == "t.cfg:1: unexpected ']' after the value of 'a' (no list is open)");
  CHECK(err("a = [1,,2]\n") == "t.cfg:1: unexpected ',' in the list of 'a' (an empty item?)");
  CHECK(err("a = [,]\n") == "t.cfg:1: unexpected ',' in the list of 'a' (an empty item?)");
  CHECK(err("a = [1 2]\n") == "t.cfg:1: expected ',' or ']' in the list of 'a', got '2'");
  CHECK(err("a = [1; 2]\n") == "t.cfg:1: expected ',' or ']' in the list of 'a', got ';'");
  CHECK(err("a = [ \"x\", y ]\n") ==
        "t.cfg:1: expected a value for 'a' (a number, a quoted string or a [list]), got 'y' (text "
        "values must be quoted: \"y\")");
  std::string deep(100, '[');
  CHECK(err("a = " + deep) == "t.cfg:1: lists nested more than 64 deep in 'a'");
  std::string sixty_four = "a = " + std::string(64, '[') + std::string(64, ']');
  CHECK(ok(sixty_four).settings.size() == 1);
}

TEST_CASE("cfg: statement errors") {
  CHECK(err("a =\n") ==
        "t.cfg:1: expected a value for 'a' (a number, a quoted string or a [list]), got the end of "
        "the line");
  CHECK(err("a") == "t.cfg:1: expected '=' or '+=' after 'a', got the end of the file");
  CHECK(err("a 1\n") == "t.cfg:1: expected '=' or '+=' after 'a', got '1'");
  CHECK(err("a\n= 1\n") == "t.cfg:1: expected '=' or '+=' after 'a', got the end of the line");
  CHECK(err("a = \"x\" \"y\"\n") == "t.cfg:1: expected a new line or ';' after the value of 'a', got '\"y\"'");
  CHECK(err("a = 1 b = 2\n") ==
        "t.cfg:1: expected a new line or ';' after the value of 'a', got 'b' (text values must be "
        "quoted: \"b\")");
  CHECK(err("a = \"ab\"c\n") ==
        "t.cfg:1: expected a new line or ';' after the value of 'a', got 'c' (text values must be "
        "quoted: \"c\")");
}

TEST_CASE("cfg: garbage and binary input") {
  CHECK(err("a = @@@\n") == "t.cfg:1: unexpected '@@@'");
  CHECK(err("a = 1\nb = 2 +\n") ==
        "t.cfg:2: unexpected '+': a value is a number, a quoted string or a [list] (xl config files "
        "are not Python)");
  CHECK(err("import os\n") == "t.cfg:1: expected '=' or '+=' after 'import', got 'os'");
  CHECK(err("disk = (\"a\", \"b\")\n") ==
        "t.cfg:1: unexpected '(\"a\",': a value is a number, a quoted string or a [list] (xl config "
        "files are not Python)");
  CHECK(err("a = 1\r\nb = 2\r\n") ==
        "t.cfg:1: carriage return: the file has DOS (CRLF) line endings, xl reads only Unix (LF) ones");
  using namespace std::string_literals;
  CHECK(err("a = \"x\0y\"\n"s) == "t.cfg:1: NUL byte in a quoted string (is this a binary file?)");
  CHECK(err("a = 1\0\n"s) == "t.cfg:1: NUL byte in the file (is this a binary file?)");
  CHECK(err("# c\0\n"s) == "t.cfg:1: NUL byte in a comment (is this a binary file?)");
  CHECK(err("a = \"\\\0\"\n"s) == "t.cfg:1: NUL byte in a quoted string (is this a binary file?)");
  CHECK(err("\x7f\x45LF\x02\x01") == "t.cfg:1: unexpected '\\x7fELF\\x02\\x01'");
  CHECK(err("a = 1 @") == "t.cfg:1: unexpected '@'");  // libxlutil ignores this one
  CHECK(err(std::string(100, '@')) ==
        "t.cfg:1: unexpected '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@...'");
}

TEST_CASE("cfg: a later setting wins; += appends") {
  auto c = ok("a = 1\na = \"two\"\na = [3]\nb = [1]\nb = 2\n");
  CHECK(value_of(c, "a") == "[\"3\"]");
  CHECK(c.line_of("a") == 3);
  CHECK(value_of(c, "b") == "\"2\"");
  CHECK(c.settings.size() == 5);
  CHECK(c.effective.size() == 2);

  auto d = ok("a = [1]\na += [2, [3]]\nb = \"x\"\nb += \"y\"\nc += \"z\"\ne = [1]\ne += []\n"
              "f = [5]\nf += [6]\nf = [7]\nf += [8]\nf += [9]\n");
  CHECK(value_of(d, "a") == "[\"1\",\"2\",[\"3\"]]");
  CHECK(value_of(d, "b") == "\"xy\"");  // strings concatenate, as in libxlutil
  CHECK(value_of(d, "c") == "\"z\"");   // += with nothing before is a plain value
  CHECK(value_of(d, "e") == "[\"1\"]");
  CHECK(value_of(d, "f") == "[\"7\",\"8\",\"9\"]");
  CHECK(d.settings[1].append);
  CHECK(d.find_setting("f")->append);
  CHECK(d.find_setting("f")->line == 12);

  CHECK(err("a = \"x\"\na += [1]\n") == "t.cfg:2: 'a +=' adds a list to a single value (set on line 1)");
  CHECK(err("a = [1]\nb = 2\na += \"x\"\n") == "t.cfg:3: 'a +=' adds a single value to a list (set on line 1)");
}

TEST_CASE("cfg: line numbers count every newline, in lists and comments too") {
  auto c = ok("# 1\n\na = [\n 1, # 4\n 2\n]\n\nb = 1 ; c = 2\n");
  CHECK(c.line_of("a") == 3);
  CHECK(c.line_of("b") == 8);
  CHECK(c.line_of("c") == 8);
  CHECK(c.line_of("nope") == 0);
  CHECK(err("a = [\n1,\n\n2 3]\n") == "t.cfg:4: expected ',' or ']' in the list of 'a', got '3'");
}

TEST_CASE("cfg: ConfigError formats FILE:LINE: message") {
  CHECK(libxl::config::ConfigError{"f", 3, "m"}.str() == "f:3: m");
  CHECK(libxl::config::ConfigError{"f", 0, "m"}.str() == "f: m");
  auto r = libxl::config::parse_file("/nonexistent/dir/x.cfg");
  REQUIRE_FALSE(r);
  CHECK(r.error().str() == "/nonexistent/dir/x.cfg: cannot open: No such file or directory");
}

// The issue's bound is "well under a second"; bench/cfgbench measures. Under
// ASan and UBSan on a busy 2-core machine the same parse can take 2-3x longer,
// and a guard against quadratic work still catches a 100x regression there.
#if defined(__SANITIZE_ADDRESS__)
constexpr double kParseLimit = 4.0;
#else
constexpr double kParseLimit = 1.0;
#endif

TEST_CASE("cfg: big inputs parse in linear time") {
  using clock = std::chrono::steady_clock;
  // 10,000 lines, one of them a 10,000-item list.
  std::string text;
  for (int i = 0; i < 9999; ++i) text += "key" + std::to_string(i) + " = \"value " + std::to_string(i) + "\"\n";
  text += "big = [";
  for (int i = 0; i < 10000; ++i) text += "\"item" + std::to_string(i) + "\", ";
  text += "]\n";
  auto t0 = clock::now();
  auto c = ok(text);
  const double small = std::chrono::duration<double>(clock::now() - t0).count();
  CHECK(c.find("big")->items.size() == 10000);
  CHECK(c.effective.size() == 10000);
  INFO("10,000 lines with a 10,000-item list: " << small << " s");
  CHECK(small < kParseLimit);

  // 10 MB: one string, then many short settings, then a long list over many lines.
  std::string big = "s = \"" + std::string(4 << 20, 'x') + "\"\n";
  while (big.size() < (7u << 20)) big += "k = [ 1, \"two\", [ 3 ] ] ; k += [ 4 ]\n";
  big += "l = [\n";
  while (big.size() < (10u << 20)) big += "  \"0123456789abcdef\",\n";
  big += "]\n";
  const auto t1 = clock::now();
  auto b = ok(big);
  const double large = std::chrono::duration<double>(clock::now() - t1).count();
  CHECK(b.find("s")->atom.size() == (4u << 20));
  INFO("10 MB: " << large << " s");
  CHECK(large < kParseLimit);
}
