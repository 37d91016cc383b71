// The hypervisor's own console ring (xl dmesg) and its debug keys (xl
// debug-keys).
#pragma once

#include <string>

#include "libxl/context.h"

namespace libxl::host {

// Everything the ring holds; CLEAR empties it after reading.
Result<std::string> read_console_ring(Context& ctx, bool clear);
Result<void> send_debug_keys(Context& ctx, const std::string& keys);

}  // namespace libxl::host
