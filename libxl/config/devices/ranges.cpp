#include "libxl/config/devices/ranges.h"

#include <cerrno>
#include <cstdlib>
#include <string>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

namespace {

// A whole hex number (no sign, no prefix needed, 64-bit).
std::optional<std::uint64_t> hex(std::string_view s) {
  if (s.empty() || s.find_first_not_of("0123456789abcdefABCDEFxX") != s.npos) return std::nullopt;
  std::string t(s);
  errno = 0;
  char* end = nullptr;
  unsigned long long v = std::strtoull(t.c_str(), &end, 16);
  if (errno == ERANGE || *end != '\0') return std::nullopt;
  return v;
}

}  // namespace

std::expected<IoportRange, SpecError> parse_ioport_range(std::string_view spec) {
  auto fail = [&] {
    return std::unexpected(SpecError{"xl: Invalid argument parsing ioport: " + std::string(spec), false});
  };
  std::size_t dash = spec.find('-');
  auto first = hex(spec.substr(0, dash));
  auto last = dash == spec.npos ? first : hex(spec.substr(dash + 1));
  if (!first || !last || *first > *last || *last > 0xffffffffULL) return fail();
  return IoportRange{std::uint32_t(*first), std::uint32_t(*last - *first + 1)};
}

std::expected<IomemRange, SpecError> parse_iomem_range(std::string_view spec) {
  auto fail = [&] {
    return std::unexpected(SpecError{"xl: Invalid argument parsing iomem: " + std::string(spec), false});
  };
  std::size_t comma = spec.find(',');
  if (comma == spec.npos) return fail();
  std::size_t at = spec.find('@', comma);
  auto start = hex(spec.substr(0, comma));
  auto number = hex(spec.substr(comma + 1, at == spec.npos ? spec.npos : at - comma - 1));
  if (!start || !number) return fail();
  IomemRange r{*start, *number, kInvalidGfn};
  if (at != spec.npos) {
    auto gfn = hex(spec.substr(at + 1));
    if (!gfn) return fail();
    r.gfn = *gfn;
  }
  return r;
}

std::expected<std::uint32_t, SpecError> parse_irq(std::string_view spec) {
  std::string s(spec);
  char* end = nullptr;
  errno = 0;
  unsigned long v = std::strtoul(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || errno == ERANGE || v > 0xffffffffUL)
    return std::unexpected(SpecError{"xl: Invalid argument parsing irq: " + s, false});
  return std::uint32_t(v);
}

void write_json(json::Writer& w, const IoportRange& r) {
  w.begin_object();
  put_uint(w, "first", r.first);
  put_uint(w, "number", r.number);
  w.end_object();
}

void write_json(json::Writer& w, const IomemRange& r) {
  w.begin_object();
  put_uint(w, "start", r.start);
  put_uint(w, "number", r.number);
  put_uint(w, "gfn", r.gfn, kInvalidGfn);
  w.end_object();
}

}  // namespace libxl::config::devices
