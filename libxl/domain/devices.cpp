#include "libxl/domain/devices.h"

#include <algorithm>

#include "../json/ordered.h"
#include "libxl/device/device.h"
#include "libxl/device/disk.h"
#include "libxl/device/nic.h"
#include "libxl/device/vdev.h"
#include "libxl/domain/userdata.h"
#include "libxl/json/writer.h"

namespace libxl::domain {

using json::Node;

namespace {

// libxl_domain_config's members from `disks` on, in IDL order: a device
// array missing from the stored configuration goes before the next present.
const std::vector<std::string> kAfterDisks = {
    "disks", "nics",     "pcidevs",  "rdms",     "dtdevs",       "vfbs",          "vkbs",         "vtpms",
    "p9s",      "pvcallsifs", "vdispls", "vsnds",       "channels",      "usbctrls",     "usbdevs",
    "on_poweroff", "on_reboot", "on_watchdog", "on_crash", "on_soft_reset"};

struct Locked {
  std::string uuid;
  DomainLock lock;
};

Result<Locked> lock_domain(Context& ctx, DomId domid) {
  auto info = ctx.hypervisor().domain(domid);
  if (!info || info->dying)
    return std::unexpected(Error{ErrorCode::DomainNotFound, "domain " + std::to_string(domid) + " does not exist"});
  std::string uuid = config::devices::format_uuid(info->handle);
  auto lock = DomainLock::acquire(ctx, domid, uuid);
  if (!lock) return std::unexpected(lock.error());
  return Locked{uuid, std::move(*lock)};
}

// Applies EDIT to the array KEY of DOMID's stored configuration.
Result<void> edit_stored(Context& ctx, DomId domid, const std::string& uuid, const std::string& key,
                         const std::function<void(std::vector<Node>&)>& edit) {
  auto text = read_config_json(ctx, domid, uuid);
  if (!text) return {};  // nothing stored (a domain another toolstack made)
  std::string err;
  auto root = json::parse(*text, err);
  if (!root || root->kind != Node::Kind::Object)
    return std::unexpected(Error{ErrorCode::Fail, "the stored configuration of domain " + std::to_string(domid) +
                                                      " does not parse: " + err});
  Node* arr = root->find(key);
  if (!arr) {
    Node empty;
    empty.kind = Node::Kind::Array;
    auto after = std::find(kAfterDisks.begin(), kAfterDisks.end(), key);
    root->set(key, empty, std::vector<std::string>(after == kAfterDisks.end() ? after : after + 1, kAfterDisks.end()));
    arr = root->find(key);
  }
  edit(arr->items);
  if (arr->items.empty()) std::erase_if(root->members, [&](const auto& m) { return m.first == key; });
  return store_config_json(ctx, domid, uuid, json::to_text(*root));
}

template <class Device>
Node as_node(const Device& dev) {
  json::Writer w;
  config::devices::write_json(w, dev);
  std::string err;
  return json::parse(w.str(), err).value_or(Node{});
}

std::optional<int> number_member(const Node& n, const std::string& key) {
  for (const auto& [k, v] : n.members)
    if (k == key && v.kind == Node::Kind::Number) return std::atoi(v.text.c_str());
  return std::nullopt;
}

std::optional<std::string> string_member(const Node& n, const std::string& key) {
  for (const auto& [k, v] : n.members)
    if (k == key && v.kind == Node::Kind::String) return v.text;
  return std::nullopt;
}

}  // namespace

Result<int> attach_disk(Context& ctx, DomId domid, config::devices::Disk disk) {
  auto locked = lock_domain(ctx, domid);
  if (!locked) return std::unexpected(locked.error());
  const config::devices::Disk as_given = disk;
  auto be = device::backend_domain(ctx, disk.backend_domname, disk.backend_domid);
  if (!be) return std::unexpected(be.error());
  disk.backend_domid = *be;
  auto devid = device::disk_setdefault(disk);
  if (!devid) return std::unexpected(devid.error());
  if (auto r = device::add_disk(ctx, domid, disk, *devid); !r) return std::unexpected(r.error());
  // Stored as given, as libxl does: the defaults are settled again on use.
  auto stored = edit_stored(ctx, domid, locked->uuid, "disks",
                            [&](std::vector<Node>& items) { items.push_back(as_node(as_given)); });
  if (!stored) return std::unexpected(stored.error());
  return *devid;
}

Result<void> detach_disk(Context& ctx, DomId domid, int devid, bool force) {
  auto locked = lock_domain(ctx, domid);
  if (!locked) return std::unexpected(locked.error());
  if (auto r = device::remove_disk(ctx, domid, devid, force); !r) return r;
  return edit_stored(ctx, domid, locked->uuid, "disks", [&](std::vector<Node>& items) {
    std::erase_if(items, [&](const Node& n) {
      auto vdev = string_member(n, "vdev");
      return vdev && device::vdev_to_devid(*vdev) == devid;
    });
  });
}

Result<int> attach_nic(Context& ctx, DomId domid, config::devices::Nic nic) {
  auto locked = lock_domain(ctx, domid);
  if (!locked) return std::unexpected(locked.error());
  config::devices::Nic as_given = nic;
  auto be = device::backend_domain(ctx, nic.backend_domname, nic.backend_domid);
  if (!be) return std::unexpected(be.error());
  nic.backend_domid = *be;
  if (auto r = device::nic_setdefault(ctx, domid, nic); !r) return std::unexpected(r.error());
  if (auto r = device::add_nic(ctx, domid, nic); !r) return std::unexpected(r.error());
  // What libxl keeps of the settled defaults: the number, MAC and type.
  as_given.devid = nic.devid;
  as_given.mac = nic.mac;
  as_given.nictype = nic.nictype;
  auto stored = edit_stored(ctx, domid, locked->uuid, "nics",
                            [&](std::vector<Node>& items) { items.push_back(as_node(as_given)); });
  if (!stored) return std::unexpected(stored.error());
  return nic.devid;
}

Result<void> detach_nic(Context& ctx, DomId domid, int devid, bool force) {
  auto locked = lock_domain(ctx, domid);
  if (!locked) return std::unexpected(locked.error());
  if (auto r = device::remove_nic(ctx, domid, devid, force); !r) return r;
  return edit_stored(ctx, domid, locked->uuid, "nics", [&](std::vector<Node>& items) {
    std::erase_if(items, [&](const Node& n) { return number_member(n, "devid") == devid; });
  });
}

}  // namespace libxl::domain
