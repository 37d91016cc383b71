// What Xen's xen-init-dom0 does at boot, so that a host needs none of Xen's
// tools: dom0's name and id and the default cpupool's name in XenStore, and
// dom0's stored configuration, which `xl list -l` and the other tools read.
#pragma once

#include "libxl/context.h"

namespace libxl::domain {

// Idempotent: run twice, it leaves the same state.
Result<void> init_dom0(Context& ctx);

}  // namespace libxl::domain
