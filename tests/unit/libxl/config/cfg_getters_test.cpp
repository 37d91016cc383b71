// Typed access to xl.cfg settings, with xl's (libxlutil's) rules; the values
// accepted and refused match xlu_cfg_get_long / _get_string / _get_defbool.
#include <doctest/doctest.h>

#include <string>

#include "libxl/config/cfg_file.h"

using libxl::config::CfgFile;
using libxl::config::parse;

namespace {

CfgFile cfg(std::string_view text) {
  auto r = parse(text, "g.cfg");
  REQUIRE(r);
  return std::move(*r);
}

}  // namespace

TEST_CASE("get_long: strtol base 0, whole string") {
  auto c = cfg(R"(a = 512
b = 0x1f
c = 010
d = "-1"
e = " 12"
f = "+5"
g = 9223372036854775807
h = "-9223372036854775808"
i = "0X1F"
j = "-0x10"
k = 0
l = 00
)");
  CHECK(c.get_long("a")->value() == 512);
  CHECK(c.get_long("b")->value() == 31);
  CHECK(c.get_long("c")->value() == 8);  // leading 0: octal, as xl reads it
  CHECK(c.get_long("d")->value() == -1);
  CHECK(c.get_long("e")->value() == 12);  // strtol skips leading blanks
  CHECK(c.get_long("f")->value() == 5);
  CHECK(c.get_long("g")->value() == INT64_MAX);
  CHECK(c.get_long("h")->value() == INT64_MIN);
  CHECK(c.get_long("i")->value() == 31);
  CHECK(c.get_long("j")->value() == -16);
  CHECK(c.get_long("k")->value() == 0);
  CHECK(c.get_long("l")->value() == 0);
  CHECK(c.get_long("absent").value() == std::nullopt);
}

TEST_CASE("get_long: errors name FILE:LINE and the key") {
  auto c = cfg(R"(name = "x"
memory = "abc"
b = 08
c = 1e5
d = "12 "
e = ""
f = 9223372036854775808
g = [1]
h = 0x
i = 5
i += 6
j += 7
k = "1.5"
)");
  CHECK(c.get_long("memory").error().str() ==
        "g.cfg:2: 'memory' must be a number (decimal, 0x hex or 0 octal), not \"abc\"");
  CHECK(c.get_long("b").error().str() == "g.cfg:3: 'b' must be a number (decimal, 0x hex or 0 octal), not 08");
  CHECK(c.get_long("c").error().str() == "g.cfg:4: 'c' must be a number (decimal, 0x hex or 0 octal), not 1e5");
  CHECK(c.get_long("d").error().str() == "g.cfg:5: 'd' must be a number (decimal, 0x hex or 0 octal), not \"12 \"");
  CHECK(c.get_long("e").error().str() == "g.cfg:6: 'e' must be a number (decimal, 0x hex or 0 octal), not \"\"");
  CHECK(c.get_long("f").error().str() == "g.cfg:7: 'f' = 9223372036854775808 is out of range for a number");
  CHECK(c.get_long("g").error().str() == "g.cfg:8: 'g' must be a number, not a list");
  CHECK(c.get_long("h").error().str() == "g.cfg:9: 'h' must be a number (decimal, 0x hex or 0 octal), not 0x");
  // xl refuses += on a number, even when there was nothing to add to.
  CHECK(c.get_long("i").error().str() == "g.cfg:11: 'i' is a number: '+=' cannot be used with it");
  CHECK(c.get_long("j").error().str() == "g.cfg:12: 'j' is a number: '+=' cannot be used with it");
  CHECK(c.get_string("i")->value() == "56");  // as a string it is the concatenation
  CHECK(c.get_long("k").error().str() == "g.cfg:13: 'k' must be a number (decimal, 0x hex or 0 octal), not \"1.5\"");
}

TEST_CASE("get_string: any atom, quoted or not; a list is an error") {
  auto c = cfg("a = \"x\"\nb = 512\nc = ['x']\nd = ''\n");
  CHECK(c.get_string("a")->value() == "x");
  CHECK(c.get_string("b")->value() == "512");
  CHECK(c.get_string("d")->value() == "");
  CHECK(c.get_string("c").error().str() == "g.cfg:3: 'c' must be a single value, not a list");
  CHECK(c.get_string("zz").value() == std::nullopt);
}

TEST_CASE("get_bool: xl's defbool, a number where only 0 is false") {
  auto c = cfg("a = 0\nb = 1\nc = 2\nd = \"-1\"\ne = 0x0\nf = \"yes\"\ng = [1]\nh = \"true\"\n");
  CHECK(c.get_bool("a")->value() == false);
  CHECK(c.get_bool("b")->value() == true);
  CHECK(c.get_bool("c")->value() == true);
  CHECK(c.get_bool("d")->value() == true);
  CHECK(c.get_bool("e")->value() == false);
  CHECK(c.get_bool("f").error().str() == "g.cfg:6: 'f' must be a number (decimal, 0x hex or 0 octal), not \"yes\"");
  CHECK(c.get_bool("g").error().str() == "g.cfg:7: 'g' must be a number, not a list");
  CHECK_FALSE(c.get_bool("h"));
  CHECK(c.get_bool("none").value() == std::nullopt);
}

TEST_CASE("get_string_list: a list of atoms") {
  auto c = cfg("disk = [ 'a', 2, \"c\" ]\nempty = []\none = 'x'\nnested = [ 'a',\n ['b'] ]\n");
  CHECK(c.get_string_list("disk")->value() == std::vector<std::string>{"a", "2", "c"});
  CHECK(c.get_string_list("empty")->value().empty());
  CHECK(c.get_string_list("one").error().str() == "g.cfg:3: 'one' must be a list ([ ... ]), not a single value");
  CHECK(c.get_string_list("one", true)->value() == std::vector<std::string>{"x"});
  CHECK(c.get_string_list("nested").error().str() == "g.cfg:5: item 2 of 'nested' is a list; it must be a single value");
  CHECK(c.get_string_list("none").value() == std::nullopt);
}

TEST_CASE("unused: each unknown key once, in file order") {
  auto c = cfg("name = 'x'\nfoo = 1\nmemory = 2\nfoo = 3\nbar = [1]\n");
  auto u = c.unused({"name", "memory"});
  REQUIRE(u.size() == 2);
  CHECK(u[0]->name == "foo");
  CHECK(u[0]->line == 4);
  CHECK(u[1]->name == "bar");
  CHECK(c.unused({"name", "memory", "foo", "bar"}).empty());
}

TEST_CASE("reindex: settings edited by hand") {
  auto c = cfg("a = 1\n");
  libxl::config::Setting s;
  s.name = "a";
  s.append = true;
  s.line = 9;
  s.value.atom = "2";
  c.settings.push_back(s);
  REQUIRE(c.reindex());
  CHECK(c.get_string("a")->value() == "12");
  CHECK(c.line_of("a") == 9);
  s.value.kind = libxl::config::Value::Kind::List;
  c.settings.push_back(s);
  CHECK(c.reindex().error().str() == "g.cfg:9: 'a +=' adds a list to a single value (set on line 9)");
}
