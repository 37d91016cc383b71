// Shared state of the xl.cfg -> DomainConfig translation, split by concern
// over the from_cfg_*.cpp files. Each step follows parse_config_data's order,
// so the first error reported is the one xl would report.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libxl/config/cfg_file.h"
#include "libxl/config/from_cfg.h"

namespace libxl::config::detail {

using Status = std::expected<void, DomainConfigError>;

// xl's exit statuses: exit(1) and exit(-ERROR_FAIL).
inline constexpr int kExitFailure = 1;
inline constexpr int kExitErrorFail = 3;

struct Parser {
  const CfgFile& cfg;
  const XlOptions& opts;
  DomainConfig& d;
  std::vector<std::string>& warnings;

  // "FILE:LINE" of a key's effective setting ("FILE" when absent).
  std::string where(std::string_view key) const;
  // An error about a key's value, prefixed with its FILE:LINE.
  DomainConfigError fail(std::string_view key, std::string msg, int status = kExitFailure) const;
  void warn(std::string msg) { warnings.push_back(std::move(msg)); }

  const Value* value(std::string_view key) const { return cfg.find(key); }
  bool is_list(std::string_view key) const {
    const Value* v = value(key);
    return v && v->kind == Value::Kind::List;
  }
  // xlu_cfg_get_string / _long: a value of the wrong kind draws a warning and
  // reads as absent, as in xl (dont_warn silences the warning).
  std::optional<std::string> str(std::string_view key, bool dont_warn = false);
  std::optional<std::int64_t> lng(std::string_view key, bool dont_warn = false);
  // xlu_cfg_get_defbool: a number, non-zero meaning true. True when set.
  bool defbool(std::string_view key, Defbool& out, bool dont_warn = false);
  // xlu_cfg_replace_string.
  void replace_string(std::string_view key, OptString& out);
  // The atoms of a list (nullopt when absent or not a list); xl stops at the
  // first item that is not an atom.
  std::optional<std::vector<std::string>> list(std::string_view key);
};

// The steps, in xl's order.
Status parse_create_info(Parser& p);   // from_cfg.cpp
Status parse_memory_vcpus(Parser& p);  // from_cfg_vcpus.cpp
Status parse_build_info(Parser& p);    // from_cfg_build.cpp
Status parse_hvm_firmware(Parser& p);  // from_cfg_hvm.cpp (the type switch)
Status parse_resources(Parser& p);     // from_cfg_build.cpp: altp2m .. iomem
Status parse_pci(Parser& p);           // from_cfg_devices.cpp: pci_*, rdm, pci, dtdev
Status parse_devices(Parser& p);       // from_cfg_devices.cpp: disk .. usbdev
Status parse_cpuid(Parser& p);         // from_cfg_cpuid.cpp
Status parse_device_model(Parser& p);  // from_cfg_hvm.cpp: device_model_* .. vga etc.
Status parse_tail(Parser& p);          // from_cfg_devices.cpp: gic, tee, vkb, compat

// Case-insensitive lookup of an enum by libxl's name (libxl_*_from_string).
template <class E>
std::optional<E> enum_from_string(std::string_view s, std::initializer_list<E> values) {
  for (E v : values) {
    std::string_view n = to_string(v);
    if (n.size() != s.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < n.size() && same; ++i) {
      char a = n[i], b = s[i];
      if (a >= 'A' && a <= 'Z') a = char(a - 'A' + 'a');
      if (b >= 'A' && b <= 'Z') b = char(b - 'A' + 'a');
      same = a == b;
    }
    if (same) return v;
  }
  return std::nullopt;
}

// strncmp(buf, word, strlen(buf)) == 0: buf is a prefix of word (xl's loose match).
inline bool prefix_of(std::string_view buf, std::string_view word) {
  return word.substr(0, buf.size()) == buf && buf.size() <= word.size();
}

}  // namespace libxl::config::detail
