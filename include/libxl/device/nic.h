// Network interfaces (vif): a netback interface in dom0 that the hotplug
// script (vif-bridge, vif-route, vif-nat, vif-openvswitch) wires up, as
// Xen's libxl sets them up.
#pragma once

#include <string>
#include <vector>

#include "libxl/config/devices/nic.h"
#include "libxl/context.h"

namespace libxl::device {

// What `xl network-list` shows of one nic (-1 where the guest has not
// written it yet).
struct NicInfo {
  int devid = 0;
  DomId backend_id = 0;
  std::string mac;
  int state = 0;
  int evtch = -1;
  int rref_tx = -1, rref_rx = -1;
  std::string backend;
};

// Settles what the spec left open: the device number (the next free one of
// DOMID's), a MAC in Xen's OUI (00:16:3e) with the rest random, the type
// (a PV interface; an emulated one is refused).
Result<void> nic_setdefault(Context& ctx, DomId domid, config::devices::Nic& nic);
// The same for a domain being built, whose earlier nics are in TAKEN.
Result<void> nic_setdefault(config::devices::Nic& nic, const std::vector<int>& taken);

// Adds NIC (after nic_setdefault) to DOMID; on failure none of it is left.
Result<void> add_nic(Context& ctx, DomId domid, const config::devices::Nic& nic);

// Removes nic DEVID from DOMID (FORCE: without waiting for the guest).
Result<void> remove_nic(Context& ctx, DomId domid, int devid, bool force);

// DOMID's nics in device-number order.
Result<std::vector<NicInfo>> list_nics(Context& ctx, DomId domid);

}  // namespace libxl::device
