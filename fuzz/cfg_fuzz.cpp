// libFuzzer target: the xl.cfg parser. The input is a config file.
//
// Checked:
//   * parse() returns (no crash, no hang: the lexer and parser are linear);
//   * an error names the file and a line that exists;
//   * on success every setting's line exists, `effective` has one entry per
//     key and find()/line_of() agree with it, and the getters answer without
//     crashing (a value or an error naming the key's line);
//   * printing the settings back as text and parsing that gives the same
//     settings (names, `+=`, kinds, atoms, list shapes);
//   * parse_xl_conf() on the result returns.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "libxl/config/cfg_file.h"
#include "libxl/config/xl_conf.h"

using namespace libxl::config;

namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "INVARIANT VIOLATED: %s\n", what.c_str());
  std::abort();
}

void print(const Value& v, std::string& out) {
  if (v.kind == Value::Kind::Atom) {
    out += '"';
    for (char c : v.atom) {
      if (c == '"' || c == '\\') (out += '\\') += c;
      else if (c == '\n') out += "\\n";
      else out += c;
    }
    out += '"';
    return;
  }
  out += "[\n";
  for (const Value& item : v.items) {
    print(item, out);
    out += ",\n";
  }
  out += "]";
}

bool same(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == Value::Kind::Atom) return a.atom == b.atom;
  if (a.items.size() != b.items.size()) return false;
  for (std::size_t i = 0; i < a.items.size(); ++i)
    if (!same(a.items[i], b.items[i])) return false;
  return true;
}

template <typename R>
void check_getter(const R& r, const CfgFile& cfg, const Setting& s, const char* which) {
  if (r) {
    if (!*r) fail(std::string(which) + ": a present key read as absent: " + s.name);
    return;
  }
  if (r.error().file != cfg.filename || r.error().line < 1 || r.error().message.empty())
    fail(std::string(which) + ": bad error: " + r.error().str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  int lines = 1;
  for (char c : text) lines += c == '\n';

  auto r = parse(text, "f.cfg");
  if (!r) {
    const ConfigError& e = r.error();
    if (e.file != "f.cfg" || e.line < 1 || e.line > lines || e.message.empty())
      fail("bad parse error: " + e.str());
    return 0;
  }
  const CfgFile& cfg = *r;
  for (const Setting& s : cfg.settings)
    if (s.line < 1 || s.line > lines || s.value.line != s.line) fail("setting line out of range: " + s.name);
  for (const Setting& s : cfg.effective) {
    if (cfg.find(s.name) != &s.value) fail("find() disagrees with effective: " + s.name);
    if (cfg.line_of(s.name) != s.line) fail("line_of() disagrees with effective: " + s.name);
    check_getter(cfg.get_string(s.name), cfg, s, "get_string");
    check_getter(cfg.get_long(s.name), cfg, s, "get_long");
    check_getter(cfg.get_bool(s.name), cfg, s, "get_bool");
    check_getter(cfg.get_string_list(s.name), cfg, s, "get_string_list");
    check_getter(cfg.get_string_list(s.name, true), cfg, s, "get_string_list(atom)");
    auto str = cfg.get_string(s.name);
    if (str && s.value.kind == Value::Kind::Atom && **str != s.value.atom) fail("get_string changed the atom");
  }
  if (cfg.unused({}).size() != cfg.effective.size()) fail("unused({}) is not every key");

  std::string again;
  for (const Setting& s : cfg.settings) {
    again += s.name + (s.append ? " += " : " = ");
    print(s.value, again);
    again += '\n';
  }
  auto r2 = parse(again, "f.cfg");
  if (!r2) fail("printed settings do not parse: " + r2.error().str());
  if (r2->settings.size() != cfg.settings.size()) fail("printed settings: count differs");
  for (std::size_t i = 0; i < cfg.settings.size(); ++i) {
    const Setting& a = cfg.settings[i];
    const Setting& b = r2->settings[i];
    if (a.name != b.name || a.append != b.append || !same(a.value, b.value))
      fail("printed settings: " + a.name + " differs");
  }

  (void)parse_xl_conf(cfg);
  return 0;
}
