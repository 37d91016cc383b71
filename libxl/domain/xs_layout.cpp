#include "xs_layout.h"

#include "../store/writer.h"

namespace libxl::domain {

using store::Perms;
using store::Tx;
using store::in_transaction;
using store::store_error;
using store::Writer;

std::string dom_path(DomId domid) { return "/local/domain/" + std::to_string(domid); }
std::string libxl_path(DomId domid) { return "/libxl/" + std::to_string(domid); }
std::string vm_path(const std::string& uuid) { return "/vm/" + uuid; }

namespace {

// The three permission sets libxl uses: dom0's alone, readable by the guest,
// and owned by the guest.
Perms no_perm() { return {{0, 'n'}}; }
Perms ro_perm(DomId domid) { return {{0, 'n'}, {domid, 'r'}}; }
Perms rw_perm(DomId domid) { return {{domid, 'n'}}; }

}  // namespace

Result<void> make_domain_nodes(store::Store& xs, DomId domid, const BuildPlan& plan) {
  const std::string dom = dom_path(domid), vm = vm_path(plan.uuid), lx = libxl_path(domid);
  return in_transaction(xs, [&](Tx tx) -> Result<void> {
    // A name is one domain's: refuse it when another domain holds it.
    if (auto ids = xs.directory(tx, "/local/domain")) {
      for (const auto& id : *ids) {
        if (id == std::to_string(domid)) continue;
        if (xs.read(tx, "/local/domain/" + id + "/name") == plan.name)
          return std::unexpected(Error{ErrorCode::Inval, "domain with name \"" + plan.name +
                                                             "\" already exists (domain " + id + ")"});
      }
    }
    Writer w(xs, tx);
    w.remove(dom).mknod(dom, ro_perm(domid));
    w.remove(vm).mknod(vm, ro_perm(domid));
    w.remove(lx).mknod(lx, no_perm()).mknod(lx + "/device", no_perm());
    w.write(dom + "/vm", vm).write(dom + "/name", plan.name).write(vm + "/name", plan.name);
    w.mknod(dom + "/cpu", ro_perm(domid)).mknod(dom + "/memory", ro_perm(domid));
    if (plan.cfg.c_info.xend_suspend_evtchn_compat.value_or(false)) {
      w.mknod(dom + "/device", rw_perm(domid));
    } else {
      w.mknod(dom + "/device", ro_perm(domid))
          .mknod(dom + "/device/suspend/event-channel", rw_perm(domid));
    }
    w.mknod(dom + "/control", ro_perm(domid));
    for (const char* n : {"shutdown", "feature-poweroff", "feature-reboot", "feature-suspend", "sysrq"})
      w.mknod(dom + "/control/" + n, rw_perm(domid));
    for (const char* n : {"data", "drivers", "feature", "attr", "error"})
      w.mknod(dom + "/" + n, rw_perm(domid));
    if (plan.cfg.c_info.driver_domain.value_or(false))
      w.mknod(dom + "/libxl", rw_perm(domid)).mknod(dom + "/device-model", rw_perm(domid));
    w.write(vm + "/uuid", plan.uuid);
    for (const auto& [k, v] : plan.cfg.c_info.xsdata) w.write(dom + "/" + k, v);
    for (const auto& [k, v] : plan.cfg.c_info.platformdata) w.write(dom + "/platform/" + k, v);
    w.write(dom + "/control/platform-feature-multiprocessor-suspend", "1")
        .write(dom + "/control/platform-feature-xs_reset_watches", "1")
        .write(lx + "/type", plan.pv ? "pv" : "pvh")
        .write(lx + "/dm-version", "qemu_xen");
    return w.done();
  });
}

Result<void> write_build_nodes(store::Store& xs, DomId domid, const BuildPlan& plan,
                               const BuiltDomain& built) {
  const std::string dom = dom_path(domid);
  const std::string vm = xs.read(dom + "/vm").value_or(vm_path(plan.uuid));
  return in_transaction(xs, [&](Tx tx) -> Result<void> {
    Writer w(xs, tx);
    w.write(dom + "/memory/static-max", std::to_string(plan.max_memkb))
        .write(dom + "/memory/target", std::to_string(plan.target_memkb))
        .write(dom + "/memory/videoram", std::to_string(plan.video_memkb))
        .write(dom + "/domid", std::to_string(domid))
        .write(dom + "/store/port", std::to_string(built.store_port))
        .write(dom + "/store/ring-ref", std::to_string(built.store_gfn));
    for (std::uint32_t i = 0; i < plan.max_vcpus; ++i)
      w.write(dom + "/cpu/" + std::to_string(i) + "/availability",
              plan.online[i] ? "online" : "offline");
    if (plan.pv) {
      w.write(vm + "/image/ostype", "linux").write(vm + "/image/kernel", plan.kernel);
      w.write(vm + "/start_time", built.start_time);
      if (!plan.ramdisk.empty()) w.write(vm + "/image/ramdisk", plan.ramdisk);
      w.write(vm + "/image/cmdline", plan.cmdline);
    } else {
      w.write(vm + "/start_time", built.start_time);
    }
    return w.done();
  });
}

Result<void> add_console(store::Store& xs, DomId domid, const BuiltDomain& built) {
  const std::string id = std::to_string(domid), back_id = std::to_string(built.console_domid);
  const std::string fe = dom_path(domid) + "/console";
  const std::string be = dom_path(built.console_domid) + "/backend/console/" + id + "/0";
  const std::string lx = libxl_path(domid) + "/device/console/0";
  // As Xen's libxl leaves them: console 0's frontend is dom0's and readable
  // by the guest, but for backend-id, which the guest owns; the backend is
  // the console domain's, readable by the guest.
  const Perms fe_perms{{0, 'n'}, {domid, 'r'}};
  const Perms be_perms{{built.console_domid, 'n'}, {domid, 'r'}};
  const std::vector<std::pair<std::string, std::string>> back{
      {"frontend", fe}, {"frontend-id", id}, {"online", "1"}, {"state", "1"}, {"protocol", "vt100"}};
  return in_transaction(xs, [&](Tx tx) -> Result<void> {
    Writer w(xs, tx);
    w.remove(fe).remove(be).remove(lx);
    w.mknod(be, be_perms);
    for (const auto& [k, v] : back) w.write(be + "/" + k, v, be_perms);
    w.mknod(fe, fe_perms);
    w.write(fe + "/backend", be, fe_perms)
        .write(fe + "/backend-id", back_id, Perms{{domid, 'n'}, {built.console_domid, 'r'}});
    for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
             {"limit", "1048576"}, {"type", "xenconsoled"}, {"output", "pty"}, {"tty", ""},
             {"port", std::to_string(built.console_port)},
             {"ring-ref", std::to_string(built.console_gfn)}})
      w.write(fe + "/" + k, v, fe_perms);
    w.write(lx + "/backend", be);
    w.write(lx + "/frontend", fe);
    for (const auto& [k, v] : back) {
      if (k != "frontend") w.write(lx + "/" + k, v);
    }
    return w.done();
  });
}

Result<void> remove_domain_nodes(store::Store& xs, DomId domid, const std::string& uuid) {
  const std::string dom = dom_path(domid), lx = libxl_path(domid);
  std::string vm = xs.read(dom + "/vm").value_or(uuid.empty() ? "" : vm_path(uuid));
  // Each device libxl recorded names its backend; a backend left behind
  // would keep dom0's drivers bound to a dead domain.
  std::vector<std::string> backends;
  if (auto kinds = xs.directory(lx + "/device")) {
    for (const auto& kind : *kinds) {
      auto devs = xs.directory(lx + "/device/" + kind);
      if (!devs) continue;
      for (const auto& d : *devs) {
        if (auto be = xs.read(lx + "/device/" + kind + "/" + d + "/backend")) backends.push_back(*be);
      }
    }
  }
  // A migration to this same host has two domains of one UUID for a while:
  // the /vm record stays while the other one uses it.
  auto vm_shared = [&](Tx tx) {
    auto doms = xs.directory(tx, "/local/domain");
    if (!doms) return false;
    for (const auto& d : *doms)
      if (d != std::to_string(domid) && xs.read(tx, "/local/domain/" + d + "/vm") == vm) return true;
    return false;
  };
  return in_transaction(xs, [&](Tx tx) -> Result<void> {
    Writer w(xs, tx);
    // Each backend, then its parents (.../backend/<kind>/<domid>, .../backend/<kind>,
    // .../backend) as they become empty, as Xen's libxl leaves the tree.
    for (const auto& be : backends) {
      w.remove_with_empty_parents(be, 3);  // keeps /local/domain/<backend>
    }
    w.remove(dom).remove(lx);
    if (!vm.empty() && !vm_shared(tx)) w.remove(vm);
    return w.done();
  });
}

}  // namespace libxl::domain
