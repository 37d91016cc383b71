#include "libxl/host/console_ring.h"

namespace libxl::host {

Result<std::string> read_console_ring(Context& ctx, bool clear) {
  auto r = ctx.hypervisor().read_console_ring(clear);
  if (!r) return std::unexpected(Error{ErrorCode::Fail, "reading console ring buffer: " + r.error().message()});
  return *r;
}

Result<void> send_debug_keys(Context& ctx, const std::string& keys) {
  auto r = ctx.hypervisor().send_debug_keys(keys);
  if (!r) return std::unexpected(Error{ErrorCode::Fail, "sending debug keys: " + r.error().message()});
  return {};
}

}  // namespace libxl::host
