// Value types shared by the device structs: libxl's builtins (defbool, MAC,
// UUID, domid/devid defaults) and the error every spec parser returns.
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace libxl::json {
class Writer;
}

namespace libxl::config::devices {

// What went wrong and, where xl says it, the offending part of the spec. One
// line per problem (the disk parser can report several).
struct SpecError {
  std::string message;
  // xl prefixes libxlutil's messages with the config source ("command line",
  // or the file name) but prints its own (e.g. "Invalid parameter `mac'.") bare.
  bool needs_source = true;

  // The text xl prints, each line ending in a newline.
  std::string render(std::string_view source) const;
};

// strtok's view of `s`: the non-empty runs between any of `delims` (xl splits
// most specs with strtok, so empty fields vanish).
std::vector<std::string> strtok_split(std::string_view s, std::string_view delims);
// `s` without leading and trailing white space.
std::string trim(std::string_view s);

// One field of a comma-separated device spec ("KEY=VALUE, KEY=VALUE, ...")
// as xl's strtok(spec, ",") loops see it.
struct SpecField {
  std::string_view text;                  // the whole field
  std::string_view key;                   // before the first '=' (all of text without one)
  std::optional<std::string_view> value;  // after the first '='; empty optional without one

  // xl's MATCH_OPTION(k): the field starts with "k=".
  bool is(std::string_view k) const { return value && key == k; }
};

// How for_each_field treats the fields; xl's loops differ in these two points.
struct FieldRules {
  // Most loops skip the spaces (' ' only, not tabs) at the start of a field;
  // the cpu list parser keeps them.
  bool drop_leading_spaces = true;
  // The p9, vtpm, vfb and pvcalls loops end quietly at the first field
  // without '='; the others hand it over (value unset) like any other.
  bool stop_at_field_without_equals = false;
};

using FieldVisitor = std::function<std::expected<void, SpecError>(const SpecField&)>;

// Splits `spec` at every ',' (empty fields vanish, as with strtok) and calls
// `visit` on each field in order, stopping at the first error it returns.
std::expected<void, SpecError> for_each_field(std::string_view spec, FieldRules rules,
                                              const FieldVisitor& visit);

// libxl_defbool: unset, false or true. Unset is the IDL default.
using Defbool = std::optional<bool>;

// libxl strings are NULL by default; NULL and "" print differently.
using OptString = std::optional<std::string>;

// libxl_mac: all zero is "not set".
using Mac = std::array<std::uint8_t, 6>;

// libxl_uuid: all zero is "not set".
using Uuid = std::array<std::uint8_t, 16>;

// libxl_devid defaults to -1 (let libxl choose).
inline constexpr int kDevidDefault = -1;

// Parses "xx:xx:xx:xx:xx:xx" (hex, any case; each part one or two digits, as
// libxl_mac's parser reads it).
std::optional<Mac> parse_mac(std::string_view s);
std::string format_mac(const Mac& m);
std::optional<Uuid> parse_uuid(std::string_view s);
std::string format_uuid(const Uuid& u);

// JSON helpers with libxl's rules: a member is written only when it differs
// from the IDL default.
void put_defbool(json::Writer& w, std::string_view key, const Defbool& v);  // "True"/"False"
void put_string(json::Writer& w, std::string_view key, const OptString& v);
void put_int(json::Writer& w, std::string_view key, std::int64_t v, std::int64_t dflt = 0);
void put_uint(json::Writer& w, std::string_view key, std::uint64_t v, std::uint64_t dflt = 0);
void put_bool(json::Writer& w, std::string_view key, bool v);  // written when true
void put_mac(json::Writer& w, std::string_view key, const Mac& m);
void put_uuid(json::Writer& w, std::string_view key, const Uuid& u);

}  // namespace libxl::config::devices
