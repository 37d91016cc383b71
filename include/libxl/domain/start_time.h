// When a domain started: /vm/<uuid>/start_time, which creation writes as
// "<seconds>.<centiseconds>" (xl uptime reads the whole seconds).
#pragma once

#include <cstdint>
#include <optional>

#include "libxl/context.h"

namespace libxl::domain {

// Seconds since the epoch; nullopt when the node is missing.
std::optional<std::uint64_t> start_time(Context& ctx, DomId domid);

// Formats an uptime as xl does: "H:MM:SS" (short: "H:MM"), after "N days, ".
std::string format_uptime(std::uint64_t seconds, bool short_mode);

}  // namespace libxl::domain
