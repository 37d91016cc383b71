// An xl.cfg / xl.conf file as Xen's libxlutil reads it: a sequence of
// settings `KEY = VALUE` or `KEY += VALUE`, where VALUE is an atom (a
// string, quoted or not, which includes numbers) or a list of values.
// Typed access follows xl's rules; every error names FILE:LINE and the key.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
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
  std::vector<Setting> settings;  // in file order; a later one wins

  // The effective setting of a key: the last `=` with every later `+=`
  // appended (xl's semantics); nullptr when absent.
  const Value* find(std::string_view key) const;
  int line_of(std::string_view key) const;  // 0 when absent

  // Typed access as xl does it: nullopt when the key is absent, an error
  // naming FILE:LINE and the key when present with the wrong kind.
  std::expected<std::optional<std::string>, ConfigError> get_string(std::string_view key) const;
  std::expected<std::optional<std::int64_t>, ConfigError> get_long(std::string_view key) const;
  // 0/1 and the other forms xl accepts for booleans.
  std::expected<std::optional<bool>, ConfigError> get_bool(std::string_view key) const;
  // A list of atoms; a single atom counts as a one-element list where xl
  // allows it (`allow_atom`).
  std::expected<std::optional<std::vector<std::string>>, ConfigError> get_string_list(
      std::string_view key, bool allow_atom = false) const;

  // Keys that nothing asked for; the caller warns once about each.
  std::vector<const Setting*> unused(const std::vector<std::string_view>& known) const;
};

// Parses the text of a file. `filename` is only used in messages.
std::expected<CfgFile, ConfigError> parse(std::string_view text, std::string filename);
// Reads and parses a file.
std::expected<CfgFile, ConfigError> parse_file(const std::string& path);

}  // namespace libxl::config
