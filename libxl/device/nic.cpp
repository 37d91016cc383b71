#include "libxl/device/nic.h"

#include <algorithm>

#include "generic.h"
#include "info.h"
#include "libxl/host/random.h"

namespace libxl::device {

using config::devices::Nic;
using config::devices::NicType;

Result<void> nic_setdefault(Nic& nic, const std::vector<int>& taken) {
  if (nic.devid == config::devices::kDevidDefault) {
    int next = 0;
    for (int id : taken) next = std::max(next, id + 1);
    nic.devid = next;
  } else if (std::find(taken.begin(), taken.end(), nic.devid) != taken.end()) {
    return std::unexpected(Error{ErrorCode::Fail, "nic " + std::to_string(nic.devid) + " already exists"});
  }
  if (nic.mac == config::devices::Mac{}) {
    // Xen's OUI, then three random bytes with the top bit clear (as libxl).
    std::uint8_t r[3] = {};
    if (!host::random_bytes(r))
      return std::unexpected(Error{ErrorCode::Fail, "no random bytes for a MAC address"});
    nic.mac = {0x00, 0x16, 0x3e, static_cast<std::uint8_t>(r[0] & 0x7f), r[1], r[2]};
  }
  if (nic.nictype == NicType::VifIoemu)
    return std::unexpected(Error{ErrorCode::Inval, "nic " + std::to_string(nic.devid) +
                                                       ": an emulated interface (type=ioemu) needs an HVM guest"});
  nic.nictype = NicType::Vif;
  return {};
}

Result<void> nic_setdefault(Context& ctx, DomId domid, Nic& nic) {
  return nic_setdefault(nic, devids(ctx, Kind::Vif, domid));
}

Addition nic_addition(Context& ctx, DomId domid, const Nic& nic) {
  Ref d{Kind::Vif, domid, nic.devid, nic.backend_domid};
  std::string script = nic.script.value_or("vif-bridge");
  if (script.find('/') == std::string::npos) script = ctx.script_dir() + "/" + script;
  const std::string mac = config::devices::format_mac(nic.mac), handle = std::to_string(nic.devid);
  Nodes n;
  n.back = {{"frontend", frontend_path(d)}, {"frontend-id", std::to_string(domid)}, {"online", "1"},
            {"state", "1"},                  {"script", script},                   {"mac", mac}};
  if (nic.ip) n.back.emplace_back("ip", *nic.ip);
  n.back.emplace_back("bridge", nic.bridge.value_or("xenbr0"));
  n.back.emplace_back("handle", handle);
  // An MTU asked for; the script sets it (else the bridge's).
  if (nic.mtu > 0) n.back.emplace_back("mtu", std::to_string(nic.mtu));
  n.back.emplace_back("type", "vif");
  if (nic.ifname) n.back.emplace_back("vifname", *nic.ifname);
  if (nic.rate_interval_usecs > 0)
    n.back.emplace_back("rate", std::to_string(nic.rate_bytes_per_interval) + "," +
                                    std::to_string(nic.rate_interval_usecs));
  if (nic.gatewaydev) n.back.emplace_back("gatewaydev", *nic.gatewaydev);
  // A stale status from an earlier device with this number would read as
  // the script's answer.
  n.back.emplace_back("hotplug-status", "");
  n.front = {{"backend", backend_path(d)},
             {"backend-id", std::to_string(nic.backend_domid)},
             {"state", "1"},
             {"handle", handle},
             {"mac", mac},
             {"trusted", nic.trusted.value_or(true) ? "1" : "0"}};
  n.front_ro = {{"mtu", std::to_string(nic.mtu > 0 ? nic.mtu : 1500)}};
  return Addition{d, n, "online", "offline"};
}

Result<void> add_nic(Context& ctx, DomId domid, const Nic& nic) {
  return add_devices(ctx, {nic_addition(ctx, domid, nic)});
}

Result<void> remove_nic(Context& ctx, DomId domid, int devid, bool force) {
  Ref d{Kind::Vif, domid, devid, backend_domid_of(ctx, Kind::Vif, domid, devid)};
  return remove_device(ctx, d, force, "offline");
}

Result<std::vector<NicInfo>> list_nics(Context& ctx, DomId domid) {
  std::vector<NicInfo> out;
  for (int devid : devids(ctx, Kind::Vif, domid)) {
    FrontendView v = frontend_view(ctx, Ref{Kind::Vif, domid, devid, 0});
    NicInfo i;
    i.devid = devid;
    i.backend_id = v.backend_id;
    i.mac = ctx.store().read(v.backend + "/mac").value_or(ctx.store().read(v.frontend + "/mac").value_or(""));
    i.state = v.state;
    i.evtch = v.number("event-channel");
    i.rref_tx = v.number("tx-ring-ref");
    i.rref_rx = v.number("rx-ring-ref");
    i.backend = v.backend;
    out.push_back(i);
  }
  return out;
}

}  // namespace libxl::device
