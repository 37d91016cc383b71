#include "libxl/config/devices/ranges.h"

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "libxl/json/writer.h"
#include "../json_out.h"

namespace libxl::config::devices {

namespace {

std::string hex_text(unsigned long v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lx", v);
  return buf;
}

}  // namespace

std::expected<IoportRange, SpecError> parse_ioport_range(std::string_view spec,
                                                         std::vector<std::string>* warnings) {
  std::string s(spec);
  const std::string invalid = "xl: Invalid argument parsing ioport: " + s;
  auto fail = [](std::string m) { return std::unexpected(SpecError{std::move(m), false}); };
  auto too_big = [&](unsigned long v) { return fail("xl: ioport " + hex_text(v) + " too big"); };
  char* end = nullptr;
  unsigned long v = std::strtoul(s.c_str(), &end, 16);
  if (end == s.c_str()) return fail(invalid);
  if (v >= 0xffffffffUL) return too_big(v);
  std::uint32_t first = std::uint32_t(v), last = first;
  if (*end == '-') {
    const char* second = end + 1;
    v = std::strtoul(second, &end, 16);
    // xl compares the start with itself here, so a reversed range passes
    // and its count wraps.
    if (end == second || *end != '\0') return fail(invalid);
    if (v >= 0xffffffffUL) return too_big(v);
    last = std::uint32_t(v);
  } else if (*end != '\0' && warnings) {
    warnings->push_back(invalid);  // reported, but the number is used
  }
  return IoportRange{first, last - first + 1};
}

std::expected<IomemRange, SpecError> parse_iomem_range(std::string_view spec) {
  std::string s(spec);
  IomemRange r{0, 0, kInvalidGfn};
  std::uint64_t start = 0, number = 0, gfn = 0;
  int used = 0;
  // sscanf's hex conversions, as xl reads it: spaces, a sign and 0x allowed.
  int n = std::sscanf(s.c_str(), "%" SCNx64 ",%" SCNx64 "%n@%" SCNx64 "%n", &start, &number,
                      &used, &gfn, &used);
  if (n < 2 || s[std::size_t(used)] != '\0')
    return std::unexpected(SpecError{"xl: Invalid argument parsing iomem: " + s, false});
  r.start = start;
  r.number = number;
  if (n == 3) r.gfn = gfn;
  return r;
}

std::expected<std::uint32_t, SpecError> parse_irq(std::string_view spec) {
  std::string s(spec);
  char* end = nullptr;
  unsigned long v = std::strtoul(s.c_str(), &end, 10);
  if (end == s.c_str() || *end != '\0')
    return std::unexpected(SpecError{"xl: Invalid argument parsing irq: " + s, false});
  if (v >= 0xffffffffUL)
    return std::unexpected(SpecError{"xl: irq " + hex_text(v) + " too big", false});
  return std::uint32_t(v);
}

void write_json(json::Writer& w, const IoportRange& r) {
  JsonOut out(w);
  w.begin_object();
  fields(out, r);
  w.end_object();
}

void write_json(json::Writer& w, const IomemRange& r) {
  JsonOut out(w);
  w.begin_object();
  fields(out, r);
  w.end_object();
}

}  // namespace libxl::config::devices
