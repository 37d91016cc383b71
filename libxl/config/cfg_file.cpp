// Lookup and typed access on a parsed xl.cfg, with xl's (libxlutil's) rules.
#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdlib>

#include "cfg_lexer.h"

namespace libxl::config {

std::string ConfigError::str() const {
  if (line <= 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ": " + message;
}

CfgFile::CfgFile(const CfgFile& other)
    : filename(other.filename),
      settings(other.settings),
      merged_(other.merged_),
      sources_(other.sources_),
      slots_(other.slots_) {
  bind();
}

CfgFile& CfgFile::operator=(const CfgFile& other) {
  if (this != &other) {
    CfgFile copy(other);
    *this = std::move(copy);
  }
  return *this;
}

void CfgFile::bind() {
  effective.items_.resize(sources_.size());
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    const Source& src = sources_[i];
    effective.items_[i] = src.merged ? &merged_[src.index] : &settings[src.index];
  }
}

namespace {

std::uint64_t hash_key(std::string_view key) { return std::hash<std::string_view>{}(key); }

}  // namespace

std::size_t CfgFile::lookup(std::string_view key) const {
  if (slots_.empty()) return std::string_view::npos;
  std::uint64_t h = hash_key(key);
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.key == 0) return std::string_view::npos;
    if (slot.hash == static_cast<std::uint32_t>(h) && effective.items_[slot.key - 1]->name == key)
      return slot.key - 1;
  }
}

// One pass over `settings`. A key set once (or whose last `=` has no `+=`
// after it) needs no copy: its effective entry is that setting. Only `+=`
// copies, into merged_: one entry per key, reused by later `=` / `+=` rounds.
std::expected<void, ConfigError> CfgFile::reindex() {
  merged_.clear();
  sources_.clear();
  effective.items_.clear();
  slots_.assign(std::bit_ceil(std::max<std::size_t>(8, 2 * settings.size())), Slot{});
  std::size_t mask = slots_.size() - 1;
  // Per key, parallel to sources_: its first setting, whose name the table
  // compares against (a merged_ entry may move as merged_ grows), and its
  // merged_ slot once it has one.
  struct Key {
    std::uint32_t first;
    std::size_t merged = std::string_view::npos;
  };
  std::vector<Key> keys;
  for (std::size_t n = 0; n < settings.size(); ++n) {
    const Setting& s = settings[n];
    std::uint64_t h = hash_key(s.name);
    std::size_t i = h & mask;
    std::size_t k = std::string_view::npos;
    for (;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.key == 0) break;
      if (slot.hash == static_cast<std::uint32_t>(h) && settings[keys[slot.key - 1].first].name == s.name) {
        k = slot.key - 1;
        break;
      }
    }
    if (k == std::string_view::npos) {
      slots_[i] = Slot{static_cast<std::uint32_t>(sources_.size() + 1), static_cast<std::uint32_t>(h)};
      sources_.push_back(Source{static_cast<std::uint32_t>(n), false});
      keys.push_back(Key{static_cast<std::uint32_t>(n)});
      continue;
    }
    Source& src = sources_[k];
    if (!s.append) {
      src = Source{static_cast<std::uint32_t>(n), false};
      continue;
    }
    const Setting& cur = src.merged ? merged_[src.index] : settings[src.index];
    // `+=` extends what is there; a list and a string do not mix.
    if (cur.value.kind != s.value.kind) {
      ConfigError err{filename, s.line,
                      "'" + s.name + " +=' " +
                          (s.value.kind == Value::Kind::List ? "adds a list to a single value"
                                                             : "adds a single value to a list") +
                          " (set on line " + std::to_string(cur.line) + ")"};
      bind();
      return std::unexpected(std::move(err));
    }
    if (!src.merged) {
      // First `+=` since the last `=`: copy that setting into the key's slot.
      std::size_t& m = keys[k].merged;
      if (m == std::string_view::npos) {
        m = merged_.size();
        merged_.push_back(cur);
      } else {
        merged_[m] = cur;
      }
      src = Source{static_cast<std::uint32_t>(m), true};
    }
    Setting& e = merged_[src.index];
    if (s.value.kind == Value::Kind::Atom) {
      e.value.atom += s.value.atom;
      e.value.quoted = e.value.quoted || s.value.quoted;
    } else {
      e.value.items.insert(e.value.items.end(), s.value.items.begin(), s.value.items.end());
    }
    e.line = s.line;
    e.append = true;
  }
  bind();
  return {};
}

const Value* CfgFile::find(std::string_view key) const {
  const Setting* s = find_setting(key);
  return s ? &s->value : nullptr;
}

const Setting* CfgFile::find_setting(std::string_view key) const {
  std::size_t k = lookup(key);
  return k == std::string_view::npos ? nullptr : effective.items_[k];
}

int CfgFile::line_of(std::string_view key) const {
  const Setting* s = find_setting(key);
  return s ? s->line : 0;
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
