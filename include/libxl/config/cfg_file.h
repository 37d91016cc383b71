// An xl.cfg / xl.conf file as Xen's libxlutil reads it: a sequence of
// settings `KEY = VALUE` or `KEY += VALUE`, where VALUE is an atom (a
// string, quoted or not, which includes numbers) or a list of values.
// Typed access follows xl's rules; every error names FILE:LINE and the key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace libxl::config {

struct Value {
  enum class Kind { Atom, List };
  Kind kind = Kind::Atom;
  std::string atom;          // Atom: the text, quotes removed and escapes applied
  bool quoted = false;       // Atom: written as a quoted string
  std::vector<Value> items;  // List
  int line = 0;              // where the value starts
};

struct Setting {
  std::string name;
  Value value;
  int line = 0;
  bool append = false;  // written with +=
};

// "FILE:LINE: message" (line 0: "FILE: message"), as xl reports errors.
struct ConfigError {
  std::string file;
  int line = 0;
  std::string message;
  std::string str() const;
};

class CfgFile {
 public:
  std::string filename;
  std::vector<Setting> settings;  // in file order, as written; a later one wins

  // One entry per key, in the order the keys first appear: the value xl sees
  // (the last `=` with every later `+=` appended; strings concatenate), the
  // line of the key's last setting, and `append` when that one was `+=`
  // (xl then refuses the key as a number). parse() fills it; after editing
  // `settings` by hand call reindex().
  std::vector<Setting> effective;
  // Recomputes `effective` from `settings`; fails where xl does, on `+=`
  // mixing a list and a string.
  std::expected<void, ConfigError> reindex();

  // The effective setting of a key: the last `=` with every later `+=`
  // appended (xl's semantics); nullptr when absent.
  const Value* find(std::string_view key) const;
  // The same as a whole effective Setting (its line, whether it ended in +=).
  const Setting* find_setting(std::string_view key) const;
  int line_of(std::string_view key) const;  // 0 when absent

  // Typed access as xl does it: nullopt when the key is absent, an error
  // naming FILE:LINE and the key when present with the wrong kind.
  // get_string: any atom, quoted or not (512 reads as "512"); a list is an error.
  std::expected<std::optional<std::string>, ConfigError> get_string(std::string_view key) const;
  // get_long: xlu_cfg_get_long's rules, i.e. strtol(s, &end, 0) over the whole
  // atom: blanks and a sign first, then decimal, 0x hex or 0 octal; errors
  // for a list, a key whose last setting was `+=`, junk, or overflow.
  std::expected<std::optional<std::int64_t>, ConfigError> get_long(std::string_view key) const;
  // get_bool: xl's defbool: a number as get_long reads it, 0 false, anything
  // else true ("yes"/"true" are errors, as in xl).
  std::expected<std::optional<bool>, ConfigError> get_bool(std::string_view key) const;
  // A list of atoms (a nested list is an error naming the item); a single
  // atom counts as a one-element list where xl allows it (`allow_atom`),
  // otherwise it is an error.
  std::expected<std::optional<std::vector<std::string>>, ConfigError> get_string_list(
      std::string_view key, bool allow_atom = false) const;

  // Keys that nothing asked for; the caller warns once about each.
  // One entry (from `effective`) per key not in `known`, in file order.
  std::vector<const Setting*> unused(const std::vector<std::string_view>& known) const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> index_;  // key -> effective
};

// Parses the text of a file. `filename` is only used in messages.
std::expected<CfgFile, ConfigError> parse(std::string_view text, std::string filename);
// Reads and parses a file.
std::expected<CfgFile, ConfigError> parse_file(const std::string& path);

}  // namespace libxl::config
