// Disks (vbd): a raw file or a block device served by dom0's blkback,
// through the `block` hotplug script, as Xen's libxl sets them up.
#pragma once

#include <string>
#include <vector>

#include "libxl/config/devices/disk.h"
#include "libxl/context.h"

namespace libxl::device {

// What `xl block-list` shows of one disk: the frontend's view (-1 where the
// guest has not written it yet).
struct DiskInfo {
  int devid = 0;
  DomId backend_id = 0;
  DomId frontend_id = 0;
  int state = 0;
  int evtch = -1;
  int rref = -1;
  std::string backend;  // the backend's path
};

// Settles what the spec left open (raw format, the phy backend for a file
// or a block device) and refuses what cannot be served: a bad vdev, a
// missing target, formats that need QEMU's qdisk (not yet: it comes with
// HVM). Returns the device number.
Result<int> disk_setdefault(config::devices::Disk& disk);

// Adds DISK (after disk_setdefault) to DOMID: its nodes, the backend, the
// hotplug script; on failure none of it is left.
Result<void> add_disk(Context& ctx, DomId domid, const config::devices::Disk& disk, int devid);

// Removes disk DEVID from DOMID (FORCE: without waiting for the guest).
Result<void> remove_disk(Context& ctx, DomId domid, int devid, bool force);

// DOMID's disks in device-number order.
Result<std::vector<DiskInfo>> list_disks(Context& ctx, DomId domid);

}  // namespace libxl::device
