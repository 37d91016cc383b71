// A running domain's memory: its balloon target (xl mem-set) and the most
// Xen lets it have (xl mem-max), as libxl 4.17's libxl_set_memory_target
// and libxl_domain_setmaxmem do them. Sizes in KiB.
#pragma once

#include <cstdint>

#include "libxl/context.h"

namespace libxl::domain {

// What Xen's limit is set above the target for, on x86 (LIBXL_MAXMEM_CONSTANT).
inline constexpr std::uint64_t kMaxmemConstantKb = 1024;
// The least dom0 may be given (LIBXL_MIN_DOM0_MEM).
inline constexpr std::uint64_t kMinDom0MemKb = 128 * 1024;

// Sets memory/target (less any videoram) and /vm/<uuid>/memory (MiB), and,
// enforced, Xen's limit to the target plus the constant; an HVM container
// also gets its populate-on-demand target. The target may not pass
// memory/static-max. Dom0's nodes are filled from its current state first
// when missing.
Result<void> set_memory_target(Context& ctx, DomId domid, std::uint64_t target_kb);

// Xen's limit to MAX_KB plus the constant; MAX_KB may not be below the
// current target. XenStore is left alone (static-max included), as in 4.17.
Result<void> set_max_memory(Context& ctx, DomId domid, std::uint64_t max_kb);

}  // namespace libxl::domain
