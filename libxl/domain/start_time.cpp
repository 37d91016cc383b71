#include "libxl/domain/start_time.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace libxl::domain {

std::optional<std::uint64_t> start_time(Context& ctx, DomId domid) {
  auto vm = ctx.store().read("/local/domain/" + std::to_string(domid) + "/vm");
  if (!vm) return std::nullopt;
  auto t = ctx.store().read(*vm + "/start_time");
  if (!t) return std::nullopt;
  return std::strtoull(t->c_str(), nullptr, 10);
}

std::string format_uptime(std::uint64_t seconds, bool short_mode) {
  const unsigned long day = seconds / 86400, hour = seconds % 86400 / 3600,
                     min = seconds % 3600 / 60, sec = seconds % 60;
  char buf[64];
  std::string days;
  if (day > 0) days = std::to_string(day) + (day > 1 ? " days, " : " day, ");
  if (short_mode)
    std::snprintf(buf, sizeof buf, "%2lu:%02lu", hour, min);
  else
    std::snprintf(buf, sizeof buf, "%2lu:%02lu:%02lu", hour, min, sec);
  return days + buf;
}

}  // namespace libxl::domain
