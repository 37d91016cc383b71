// What every paravirtual device goes through, as Xen's libxl does it: its
// nodes written in one transaction, the backend awaited, the hotplug script
// run; on removal the backend asked to close, the script run again, the
// nodes removed. Internal to the library; disk.cpp and nic.cpp say what is
// particular to each kind.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "libxl/context.h"
#include "libxl/config/devices/disk.h"
#include "libxl/config/devices/nic.h"
#include "libxl/device/device.h"

namespace libxl::device {

using Kvs = std::vector<std::pair<std::string, std::string>>;

struct Nodes {
  Kvs back;         // backend nodes: the backend's, readable by the guest
  Kvs front;        // frontend nodes: the guest's, readable by the backend
  Kvs front_ro;     // frontend nodes the guest may only read
};

// Writes D's nodes; fails when D's frontend is already there.
Result<void> write_nodes(store::Store& xs, const Ref& d, const Nodes& nodes);

// Removes D's frontend, backend (with its parents once empty) and libxl's
// record of it. Missing nodes are not an error.
Result<void> remove_nodes(store::Store& xs, const Ref& d);

// The backend's `state`, read until it is WANTED or LIMIT passes.
// Polled, not watched: a watch on the context's one connection would take
// events meant for an embedder's DomainEvents.
Result<void> wait_backend_state(Context& ctx, const Ref& d, XenbusState wanted,
                                std::chrono::milliseconds limit);

// Runs the script the backend's `script` node names with ACTION ("add",
// "remove", "online", "offline"), as Xen's libxl does. Nothing to do when
// the backend has no script or another domain serves it.
Result<void> run_hotplug(Context& ctx, const Ref& d, const std::string& action);

// add: write the nodes, wait for the backend, run the script's ADD_ACTION;
// on any failure undo all of it.
Result<void> add_device(Context& ctx, const Ref& d, const Nodes& nodes, const std::string& add_action,
                        const std::string& remove_action);

// One device to add: its nodes and its script's two actions.
struct Addition {
  Ref d;
  Nodes nodes;
  std::string add_action, remove_action;
};
// Several at once, as a create adds a domain's disks and nics (and as Xen's
// libxl does): every device's nodes, then each backend awaited, then their
// scripts run together. On any failure all of them are undone.
Result<void> add_devices(Context& ctx, const std::vector<Addition>& adds);

// What add_disk and add_nic add, for add_devices.
Addition disk_addition(Context& ctx, DomId domid, const config::devices::Disk& disk, int devid);
Addition nic_addition(Context& ctx, DomId domid, const config::devices::Nic& nic);

// Several removals at once, as a domain destroy does: each backend asked to
// close, then their scripts run together, then their nodes removed. Goes on
// past failures; returns the first.
using Removal = std::pair<Ref, std::string>;  // a device, its script's remove action
Result<void> remove_devices(Context& ctx, const std::vector<Removal>& devices, bool force);

// remove: ask the backend to close (FORCE: take the frontend away first, and
// go on when the backend does not answer), run the script's REMOVE_ACTION,
// remove the nodes.
Result<void> remove_device(Context& ctx, const Ref& d, bool force, const std::string& remove_action);

}  // namespace libxl::device
