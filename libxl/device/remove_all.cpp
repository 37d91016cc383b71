#include "info.h"
#include "libxl/device/disk.h"
#include "libxl/device/nic.h"

namespace libxl::device {

Result<void> remove_all_devices(Context& ctx, DomId domid) {
  Result<void> first;
  auto keep = [&](Result<void> r) {
    if (!r && first) first = std::move(r);
  };
  // In the reverse of the order they were added: nics, then disks.
  for (int devid : devids(ctx, Kind::Vif, domid)) keep(remove_nic(ctx, domid, devid, true));
  for (int devid : devids(ctx, Kind::Vbd, domid)) keep(remove_disk(ctx, domid, devid, true));
  return first;
}

}  // namespace libxl::device
