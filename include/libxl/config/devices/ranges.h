// Mirrors libxl_ioport_range and libxl_iomem_range (Xen 4.17's
// libxl_types.idl) and parses xl.cfg's ioports=, iomem= and irqs= entries.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "libxl/config/devices/common.h"

namespace libxl::config::devices {

struct IoportRange {
  std::uint32_t first = 0;
  std::uint32_t number = 0;
};

inline constexpr std::uint64_t kInvalidGfn = ~std::uint64_t{0};

struct IomemRange {
  std::uint64_t start = 0;
  std::uint64_t number = 0;
  std::uint64_t gfn = kInvalidGfn;
};

// "FIRST[-LAST]" in hex, read with strtoul as xl does: junk after a lone
// FIRST is only reported (appended to `warnings`), a reversed range wraps.
std::expected<IoportRange, SpecError> parse_ioport_range(std::string_view spec,
                                                         std::vector<std::string>* warnings = nullptr);
// "START,NUM[@GFN]" in hex (page frame numbers).
std::expected<IomemRange, SpecError> parse_iomem_range(std::string_view spec);
// One irqs= entry: a decimal number.
std::expected<std::uint32_t, SpecError> parse_irq(std::string_view spec);

void write_json(json::Writer& w, const IoportRange& r);
void write_json(json::Writer& w, const IomemRange& r);

}  // namespace libxl::config::devices
