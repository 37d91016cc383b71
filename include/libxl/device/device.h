// A paravirtual device as XenStore knows it: its kind, its frontend domain
// and number, and the backend domain serving it; the three places its nodes
// live, and the XenBus states its ends move through.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "libxl/context.h"

namespace libxl::device {

enum class Kind { Vbd, Vif, Console };
std::string_view to_string(Kind k);  // "vbd", "vif", "console"

// Linux's xenbus states (xen/include/public/io/xenbus.h).
enum class XenbusState : int {
  Unknown = 0,
  Initialising = 1,
  InitWait = 2,
  Initialised = 3,
  Connected = 4,
  Closing = 5,
  Closed = 6,
  Reconfiguring = 7,
  Reconfigured = 8,
};

struct Ref {
  Kind kind = Kind::Vbd;
  DomId domid = 0;          // the guest (frontend)
  int devid = 0;
  DomId backend_domid = 0;  // dom0 unless a driver domain serves it
  bool operator==(const Ref&) const = default;
};

// /local/domain/<domid>/device/<kind>/<devid>
std::string frontend_path(const Ref& d);
// /local/domain/<backend>/backend/<kind>/<domid>/<devid>
std::string backend_path(const Ref& d);
// /libxl/<domid>/device/<kind>/<devid>: libxl's own record of the device
std::string libxl_path(const Ref& d);

}  // namespace libxl::device

namespace libxl::device {

// Takes every disk and nic away from DOMID as a domain destroy does: the
// frontends first (the guest is not asked), the hotplug scripts run so that
// loop devices and bridge ports go, then the nodes. Goes on past failures;
// returns the first.
Result<void> remove_all_devices(Context& ctx, DomId domid);

// The domid of a device's backend= domain name (libxl's setdefault):
// BACKEND_DOMID when no name is given.
Result<DomId> backend_domain(Context& ctx, const std::optional<std::string>& name, DomId backend_domid);

}  // namespace libxl::device
