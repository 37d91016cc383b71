#include "generic.h"
#include "info.h"
#include "libxl/device/disk.h"
#include "libxl/device/nic.h"

namespace libxl::device {

Result<void> remove_all_devices(Context& ctx, DomId domid) {
  std::vector<Removal> all;
  for (int devid : devids(ctx, Kind::Vif, domid))
    all.emplace_back(Ref{Kind::Vif, domid, devid, backend_domid_of(ctx, Kind::Vif, domid, devid)}, "offline");
  for (int devid : devids(ctx, Kind::Vbd, domid))
    all.emplace_back(Ref{Kind::Vbd, domid, devid, backend_domid_of(ctx, Kind::Vbd, domid, devid)}, "remove");
  if (all.empty()) return {};
  return remove_devices(ctx, all, true);
}

}  // namespace libxl::device
