// Adding disks and nics to a running domain and taking them away (xl
// block-attach/-detach, network-attach/-detach): the device itself, under
// the domain's lock, and the stored configuration kept in step, so that
// `xl list -l` and a later restart see the change.
#pragma once

#include "libxl/config/devices/disk.h"
#include "libxl/config/devices/nic.h"
#include "libxl/context.h"

namespace libxl::domain {

// Returns the new disk's device number.
Result<int> attach_disk(Context& ctx, DomId domid, config::devices::Disk disk);
Result<void> detach_disk(Context& ctx, DomId domid, int devid, bool force);

// Returns the new nic's device number.
Result<int> attach_nic(Context& ctx, DomId domid, config::devices::Nic nic);
Result<void> detach_nic(Context& ctx, DomId domid, int devid, bool force);

}  // namespace libxl::domain
