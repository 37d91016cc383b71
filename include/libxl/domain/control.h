// Asking a running guest to power off or reboot, and waiting for it.
#pragma once

#include <functional>
#include <vector>

#include "libxl/context.h"
#include "libxl/domain/events.h"

namespace libxl::domain {

enum class Request { PowerOff, Reboot };

// Writes the request to the guest's control/shutdown node, where its PV
// control driver picks it up. A PVH guest that has not announced such a
// driver gets ErrorCode::NoParavirt, unless FALLBACK: then the hypervisor
// shuts it down with that reason itself.
Result<void> request(Context& ctx, DomId domid, Request req, bool fallback);

// Waits until each of DOMIDS has shut down or died, telling ON_EACH as each
// does (the event says which).
Result<void> wait_for_shutdown(Context& ctx, DomainEvents& events, std::vector<DomId> domids,
                               const std::function<void(const DomainEvent&)>& on_each);

}  // namespace libxl::domain
