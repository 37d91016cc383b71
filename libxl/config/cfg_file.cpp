// Lookup and typed access on a parsed xl.cfg, with xl's (libxlutil's) rules.
#include <cerrno>
#include <cstdlib>

#include "cfg_lexer.h"

namespace libxl::config {

std::string ConfigError::str() const {
  if (line <= 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ": " + message;
}

std::expected<void, ConfigError> CfgFile::reindex() {
  effective.clear();
  index_.clear();
  for (const Setting& s : settings) {
    auto it = index_.find(s.name);
    if (it == index_.end()) {
      index_.emplace(s.name, effective.size());
      effective.push_back(s);
      continue;
    }
    Setting& e = effective[it->second];
    if (s.append) {
      // `+=` extends what is there; a list and a string do not mix.
      if (e.value.kind != s.value.kind)
        return std::unexpected(ConfigError{
            filename, s.line,
            "'" + s.name + " +=' " +
                (s.value.kind == Value::Kind::List ? "adds a list to a single value"
                                                   : "adds a single value to a list") +
                " (set on line " + std::to_string(e.line) + ")"});
      if (s.value.kind == Value::Kind::Atom) {
        e.value.atom += s.value.atom;
        e.value.quoted = e.value.quoted || s.value.quoted;
      } else {
        e.value.items.insert(e.value.items.end(), s.value.items.begin(), s.value.items.end());
      }
    } else {
      e.value = s.value;
    }
    e.line = s.line;
    e.append = s.append;
  }
  return {};
}

const Value* CfgFile::find(std::string_view key) const {
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &effective[it->second].value;
}

const Setting* CfgFile::find_setting(std::string_view key) const {
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &effective[it->second];
}

int CfgFile::line_of(std::string_view key) const {
  auto it = index_.find(key);
  return it == index_.end() ? 0 : effective[it->second].line;
}

namespace {

ConfigError at(const CfgFile& cfg, int line, std::string message) {
  return ConfigError{cfg.filename, line, std::move(message)};
}

// The text of an atom for a message: quoted like it was written.
std::string written(const Value& v) {
  return v.quoted ? "\"" + detail::show(v.atom) + "\"" : detail::show(v.atom);
}

}  // namespace

std::expected<std::optional<std::string>, ConfigError> CfgFile::get_string(std::string_view key) const {
  const Setting* s = find_setting(key);
  if (!s) return std::nullopt;
  if (s->value.kind != Value::Kind::Atom)
    return std::unexpected(at(*this, s->line, "'" + s->name + "' must be a single value, not a list"));
  return s->value.atom;
}

// xl reads numbers with strtol(s, &end, 0): optional blanks and sign, then
// decimal, 0x hex or 0 octal, and nothing after.
std::expected<std::optional<std::int64_t>, ConfigError> CfgFile::get_long(std::string_view key) const {
  const Setting* s = find_setting(key);
  if (!s) return std::nullopt;
  const std::string& name = s->name;
  if (s->value.kind != Value::Kind::Atom)
    return std::unexpected(at(*this, s->line, "'" + name + "' must be a number, not a list"));
  if (s->append)
    return std::unexpected(at(*this, s->line, "'" + name + "' is a number: '+=' cannot be used with it"));
  const std::string& text = s->value.atom;
  errno = 0;
  char* end = nullptr;
  long long n = std::strtoll(text.c_str(), &end, 0);
  if (errno == ERANGE)
    return std::unexpected(at(*this, s->line, "'" + name + "' = " + written(s->value) + " is out of range for a number"));
  if (end == text.c_str() || *end != '\0')
    return std::unexpected(at(*this, s->line,
                              "'" + name + "' must be a number (decimal, 0x hex or 0 octal), not " +
                                  written(s->value)));
  return static_cast<std::int64_t>(n);
}

std::expected<std::optional<bool>, ConfigError> CfgFile::get_bool(std::string_view key) const {
  auto n = get_long(key);
  if (!n) return std::unexpected(n.error());
  if (!*n) return std::nullopt;
  return **n != 0;
}

std::expected<std::optional<std::vector<std::string>>, ConfigError> CfgFile::get_string_list(
    std::string_view key, bool allow_atom) const {
  const Setting* s = find_setting(key);
  if (!s) return std::nullopt;
  std::vector<std::string> out;
  if (s->value.kind == Value::Kind::Atom) {
    if (!allow_atom)
      return std::unexpected(at(*this, s->line, "'" + s->name + "' must be a list ([ ... ]), not a single value"));
    out.push_back(s->value.atom);
    return out;
  }
  out.reserve(s->value.items.size());
  for (std::size_t i = 0; i < s->value.items.size(); ++i) {
    const Value& item = s->value.items[i];
    if (item.kind != Value::Kind::Atom)
      return std::unexpected(at(*this, item.line,
                                "item " + std::to_string(i + 1) + " of '" + s->name +
                                    "' is a list; it must be a single value"));
    out.push_back(item.atom);
  }
  return out;
}

std::vector<const Setting*> CfgFile::unused(const std::vector<std::string_view>& known) const {
  std::vector<const Setting*> out;
  for (const Setting& s : effective) {
    bool found = false;
    for (std::string_view k : known)
      if (k == s.name) {
        found = true;
        break;
      }
    if (!found) out.push_back(&s);
  }
  return out;
}

}  // namespace libxl::config
