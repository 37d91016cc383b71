// Domain creation as libxl's sequence of steps: plan (defaults and checks),
// create the empty domain, lay out its XenStore nodes, set its limits, build
// the boot image, describe it in XenStore, introduce it to xenstored, add
// its disks, console and nics, store its configuration, start it. A Rollback undoes
// whatever was done when a step fails. A restore is the same sequence with
// the memory and vCPUs read from a saved stream instead of built.
#include "libxl/domain/create.h"

#include <sys/time.h>
#include <unistd.h>

#include <cstdio>
#include <system_error>
#include <thread>

#include "build_plan.h"
#include "libxl/device/device.h"
#include "libxl/device/disk.h"
#include "libxl/device/nic.h"
#include "../device/generic.h"
#include "libxl/domain/save.h"
#include "libxl/domain/userdata.h"
#include "pvh_acpi.h"
#include "stream.h"
#include "xs_layout.h"

namespace libxl::domain {

namespace {

// Tears a half-built domain down unless release()d.
class Rollback {
 public:
  Rollback(Context& ctx, DomId domid, std::string uuid)
      : ctx_(ctx), domid_(domid), uuid_(std::move(uuid)) {}
  Rollback(const Rollback&) = delete;
  Rollback& operator=(const Rollback&) = delete;
  ~Rollback() {
    if (!armed_) return;
    // The devices first: their scripts undo loop devices and bridge ports.
    (void)device::remove_all_devices(ctx_, domid_);
    (void)remove_domain_nodes(ctx_.store(), domid_, uuid_);
    remove_userdata(ctx_, domid_);
    ::unlink(userdata_path(ctx_, domid_, uuid_, "domain-userdata-lock").c_str());
    (void)ctx_.hypervisor().destroy_domain(domid_);
  }
  void release() { armed_ = false; }

 private:
  Context& ctx_;
  DomId domid_;
  std::string uuid_;
  bool armed_ = true;
};

Error failed(const std::string& step, const hypervisor::Error& e) {
  return Error{e.err == ENOMEM ? ErrorCode::NoMem : ErrorCode::Fail, step + ": " + e.message()};
}

std::string now_as_start_time() {
  timeval tv{};
  ::gettimeofday(&tv, nullptr);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%lld.%02d", static_cast<long long>(tv.tv_sec),
                static_cast<int>(tv.tv_usec / 10000));
  return buf;
}

DomId domid_at(store::Store& xs, const std::string& path) {
  auto v = xs.read(path);
  if (!v) return 0;
  try {
    return DomId(std::stoul(*v));
  } catch (...) {
    return 0;
  }
}

// The PVH guest's memory map: RAM below the MMIO hole, the special pages
// reserved, the rest of RAM above 4 GiB.
constexpr std::uint32_t kE820Ram = 1, kE820Reserved = 2, kE820Acpi = 3;
constexpr std::uint64_t kSpecialPagesEnd = 0xff000, kSpecialPages = 8;

std::vector<hypervisor::E820Entry> pvh_memory_map(
    std::uint64_t mem_bytes, std::uint64_t mmio_size,
    const std::vector<hypervisor::BootImage::AcpiModule>& acpi) {
  const std::uint64_t mmio_start = (std::uint64_t{1} << 32) - mmio_size;
  std::uint64_t low = mem_bytes, high = 0;
  if (low > mmio_start) {
    high = low - mmio_start;
    low = mmio_start;
  }
  std::vector<hypervisor::E820Entry> map{
      {0, low, kE820Ram},
      {(kSpecialPagesEnd - kSpecialPages) << 12, kSpecialPages << 12, kE820Reserved}};
  // Each ACPI blob's pages, so that the guest keeps its hands off them.
  for (const auto& m : acpi) {
    const std::uint64_t start = m.guest_addr & ~std::uint64_t{4095};
    map.push_back({start, m.data.size() + (m.guest_addr - start), kE820Acpi});
  }
  if (high) map.push_back({std::uint64_t{1} << 32, high, kE820Ram});
  return map;
}

// The MMIO hole of a PVH guest without a device model: from the lowest of
// the special pages, the local APIC and the ACPI tables' address up to 4 GiB.
constexpr std::uint64_t kPvhMmioSize = (std::uint64_t{1} << 32) - 0xfc000000ull;

// The kernel and ramdisk loaded into DOMID by libxenguest's builder.
Result<void> build_boot_image(hypervisor::Hypervisor& hv, DomId domid, const BuildPlan& plan,
                              BuiltDomain& built, const std::function<void(const std::string&)>& say) {
  hypervisor::BootImage img;
  img.hvm_container = !plan.pv;
  img.kernel = plan.kernel;
  img.ramdisk = plan.ramdisk;
  img.cmdline = plan.cmdline;
  img.features = plan.pv ? plan.cfg.b_info.pv.features.value_or("") : "";
  img.max_vcpus = plan.max_vcpus;
  img.console_port = built.console_port;
  img.console_domid = built.console_domid;
  img.store_port = built.store_port;
  img.store_domid = built.store_domid;
  img.claim = plan.cfg.b_info.claim_mode.value_or(false);
  if (plan.pv) {
    img.mem_mb = plan.target_memkb / 1024;
  } else {
    img.mem_mb = (plan.max_memkb - plan.video_memkb) / 1024;
    img.target_pages = (plan.target_memkb - plan.video_memkb) / 4;
    img.mmio_size = kPvhMmioSize;
    if (plan.cfg.b_info.acpi.value_or(true)) img.acpi_modules = pvh_acpi_tables(plan.online);
    img.e820 = pvh_memory_map(img.mem_mb << 20, img.mmio_size, img.acpi_modules);
    if (auto r = hv.set_memory_map(domid, img.e820); !r)
      return std::unexpected(failed("setting the memory map", r.error()));
  }

  say("building the boot image");
  img.progress = say;
  built.start_time = now_as_start_time();
  auto boot = hv.build(domid, img);
  if (!boot) return std::unexpected(failed("building the domain", boot.error()));
  built.store_gfn = boot->store_gfn;
  built.console_gfn = boot->console_gfn;

  return {};
}

// Where the domain's memory comes from: a kernel to build, or a saved
// stream to read (restore_fd >= 0).
struct Source {
  int restore_fd = -1;
  std::string name;
};

// libxl honours a domid asked for when it is an ordinary guest's.
DomId wanted_domid(const config::DomainConfig& cfg) {
  const std::uint32_t d = cfg.c_info.domid;
  return d > 0 && d < 0x7ff0 ? d : 0;
}

Result<DomId> create_domain(Context& ctx, const config::DomainConfig& cfg, const CreateOptions& opts,
                            const Source& source) {
  const bool restoring = source.restore_fd >= 0;
  auto say = [&](const std::string& s) {
    if (opts.progress) opts.progress(s);
  };
  auto& hv = ctx.hypervisor();
  auto& xs = ctx.store();

  auto host = ctx.physinfo();
  if (!host) return std::unexpected(host.error());
  auto sched = ctx.scheduler();
  auto planned = plan_build(cfg, *host, sched ? *sched : "", restoring);
  if (!planned) return std::unexpected(planned.error());
  const BuildPlan& plan = *planned;

  // Said before anything exists, rather than as a failed allocation later.
  const std::uint64_t free_kb = host->free_pages * 4;
  if (plan.need_memkb() > free_kb)
    return std::unexpected(Error{ErrorCode::Fail,
                                 "not enough free memory for domain \"" + plan.name + "\": it needs " +
                                     std::to_string((plan.need_memkb() + 1023) / 1024) +
                                     " MiB, the host has " + std::to_string(free_kb / 1024) +
                                     " MiB free"});

  say("creating the domain");
  auto created = hv.create_domain(plan.spec, wanted_domid(plan.cfg));
  if (!created) return std::unexpected(failed("creating the domain", created.error()));
  const DomId domid = *created;
  Rollback rollback(ctx, domid, plan.uuid);
  auto lock = DomainLock::acquire(ctx, domid, plan.uuid);
  if (!lock) return std::unexpected(lock.error());

  // A failing store (the daemon gone) names the step it stopped.
  auto in_store = [](const char* step, Result<void> r) -> Result<void> {
    constexpr std::string_view kStore = "XenStore: ";
    if (!r && r.error().message.starts_with(kStore))
      return std::unexpected(Error{r.error().code, std::string(step) + ": " + r.error().message.substr(kStore.size())});
    return r;
  };
  BuiltDomain built;
  // Read now: the store is the nodes' writer's alone until it is joined.
  built.store_domid = domid_at(xs, "/tool/xenstored/domid");
  built.console_domid = domid_at(xs, "/tool/xenconsoled/domid");
  // The domain's nodes go in while the hypervisor sets it up and the
  // builder loads it (neither touches the store): a create's two longest
  // waits, side by side.
  say("writing its XenStore nodes");
  Result<void> nodes_written;
  std::thread nodes_writer;
  try {
    nodes_writer = std::thread([&] {
      nodes_written = in_store("writing its XenStore nodes", make_domain_nodes(xs, domid, plan));
    });
  } catch (const std::system_error&) {
    nodes_written = in_store("writing its XenStore nodes", make_domain_nodes(xs, domid, plan));
  }
  // Joined on every way out, before the Rollback (declared earlier, so
  // destroyed later) takes the nodes away.
  struct Join {
    std::thread& t;
    ~Join() {
      if (t.joinable()) t.join();
    }
  } join{nodes_writer};
  auto nodes_done = [&]() -> Result<void> {
    if (nodes_writer.joinable()) nodes_writer.join();
    return nodes_written;
  };

  say("setting its limits");
  auto check = [&](const hypervisor::Result<void>& r, const char* step) -> Result<void> {
    if (!r) return std::unexpected(failed(step, r.error()));
    return {};
  };
  if (auto r = check(hv.set_max_vcpus(domid, plan.max_vcpus), "setting the vCPU count"); !r)
    return std::unexpected(r.error());
  if (auto r = check(hv.set_max_memory(domid, plan.target_memkb + kMaxmemConstantKb),
                     "setting the maximum memory");
      !r)
    return std::unexpected(r.error());

  auto store_port = hv.alloc_unbound_evtchn(domid, built.store_domid);
  if (!store_port) return std::unexpected(failed("allocating the store event channel", store_port.error()));
  auto console_port = hv.alloc_unbound_evtchn(domid, built.console_domid);
  if (!console_port)
    return std::unexpected(failed("allocating the console event channel", console_port.error()));
  built.store_port = *store_port;
  built.console_port = *console_port;

  if (plan.pv) {
    if (auto r = check(hv.set_memmap_limit(domid, plan.max_memkb + plan.slack_memkb),
                       "setting the memory map limit");
        !r)
      return std::unexpected(r.error());
  }
  if (auto r = check(hv.set_tsc_mode(domid, plan.tsc_mode), "setting the TSC mode"); !r)
    return std::unexpected(r.error());
  if (!plan.pv) {
    if (auto r = check(hv.set_shadow_allocation(domid, (plan.shadow_memkb + 1023) / 1024),
                       "setting the paging pool");
        !r)
      return std::unexpected(r.error());
  }
  // A restored domain's policy comes with its stream.
  if (!restoring) {
    if (auto r = check(hv.apply_cpuid_policy(domid, true, plan.itsc, plan.nested),
                       "applying the CPUID policy");
        !r)
      return std::unexpected(r.error());
  }

  if (restoring) {
    say("restoring its memory and vCPUs");
    built.start_time = now_as_start_time();
    hypervisor::RestoreRequest req;
    req.store_port = built.store_port;
    req.console_port = built.console_port;
    req.store_domid = built.store_domid;
    req.console_domid = built.console_domid;
    req.itsc = plan.itsc;
    req.nested = plan.nested;
    auto read = stream::read(source.restore_fd, source.name, [&]() -> Result<void> {
      auto got = hv.restore(domid, source.restore_fd, req);
      if (!got) return std::unexpected(failed("restoring the domain from " + source.name, got.error()));
      built.store_gfn = got->store_gfn;
      built.console_gfn = got->console_gfn;
      return {};
    });
    if (!read) return std::unexpected(read.error());
  } else if (auto r = build_boot_image(hv, domid, plan, built, say); !r) {
    return std::unexpected(r.error());
  }

  if (auto r = nodes_done(); !r) return std::unexpected(r.error());
  say("describing it in XenStore");
  if (auto r = in_store("describing it in XenStore", write_build_nodes(xs, domid, plan, built)); !r)
    return std::unexpected(r.error());
  if (auto r = xs.introduce(domid, built.store_gfn, built.store_port); !r)
    return std::unexpected(Error{ErrorCode::Fail, "introducing the domain to xenstored: " +
                                                      r.error().message()});
  // The console, then the disks and nics together: their backends come up
  // and their scripts run side by side, as with Xen's libxl.
  say("adding its console");
  if (auto r = in_store("adding its console", add_console(xs, domid, built)); !r)
    return std::unexpected(r.error());
  std::vector<device::Addition> adds;
  std::string names;
  for (const auto& d : plan.disks) {
    auto disk = d.disk;
    auto be = device::backend_domain(ctx, disk.backend_domname, disk.backend_domid);
    if (!be) return std::unexpected(be.error());
    disk.backend_domid = *be;
    adds.push_back(device::disk_addition(ctx, domid, disk, d.devid));
    names += (names.empty() ? "" : ", ") + ("disk " + disk.vdev.value_or(""));
  }
  for (auto n : plan.cfg.nics) {
    auto be = device::backend_domain(ctx, n.backend_domname, n.backend_domid);
    if (!be) return std::unexpected(be.error());
    n.backend_domid = *be;
    adds.push_back(device::nic_addition(ctx, domid, n));
    names += (names.empty() ? "" : ", ") + ("nic " + std::to_string(n.devid));
  }
  if (!adds.empty()) {
    say("adding " + names);
    if (auto r = device::add_devices(ctx, adds); !r) return std::unexpected(r.error());
  }

  if (auto r = store_config_json(ctx, domid, plan.uuid, stored_config_json(plan)); !r)
    return std::unexpected(r.error());

  if (!opts.paused) {
    say("unpausing it");
    if (auto r = check(hv.unpause(domid), "unpausing the domain"); !r) return std::unexpected(r.error());
  }
  rollback.release();
  if (opts.settled) *opts.settled = plan.cfg;
  return domid;
}

}  // namespace

Result<DomId> create(Context& ctx, const config::DomainConfig& cfg, const CreateOptions& opts) {
  return create_domain(ctx, cfg, opts, Source{});
}

Result<DomId> restore(Context& ctx, const config::DomainConfig& cfg, int fd, const std::string& source,
                      const CreateOptions& opts) {
  return create_domain(ctx, cfg, opts, Source{fd, source});
}

Result<void> destroy(Context& ctx, DomId domid,
                     const std::function<void(const std::string&)>& progress) {
  auto say = [&](const std::string& s) {
    if (progress) progress(s);
  };
  auto info = ctx.hypervisor().domain(domid);
  if (!info) {
    if (info.error().err == ESRCH)
      return std::unexpected(Error{ErrorCode::DomainNotFound, "domain " + std::to_string(domid) + " does not exist"});
    return std::unexpected(Error{ErrorCode::Fail, info.error().message()});
  }
  std::string uuid = config::devices::format_uuid(info->handle);
  say("locking the domain");
  auto lock = DomainLock::acquire(ctx, domid, uuid);
  if (!lock) return std::unexpected(lock.error());
  // Someone else may have destroyed it while we waited for the lock.
  if (auto again = ctx.hypervisor().domain(domid); !again || again->dying)
    return std::unexpected(Error{ErrorCode::DomainNotFound, "domain " + std::to_string(domid) + " does not exist"});
  // Stopped first, so that it does not act on devices being taken away.
  say("pausing it");
  (void)ctx.hypervisor().pause(domid);
  say("removing its devices");
  auto devices = device::remove_all_devices(ctx, domid);
  // The backends have let go of the guest's pages, so the hypervisor may
  // take them back (the longest step: page by page) while its XenStore
  // nodes go.
  say("destroying the domain");
  hypervisor::Result<void> killed;
  std::thread killer;
  try {
    killer = std::thread([&] { killed = ctx.hypervisor().destroy_domain(domid); });
  } catch (const std::system_error&) {
    killed = ctx.hypervisor().destroy_domain(domid);
  }
  say("removing its XenStore nodes");
  auto nodes = remove_domain_nodes(ctx.store(), domid, uuid);
  remove_userdata(ctx, domid);
  lock->remove_file();
  if (killer.joinable()) killer.join();
  if (!killed)
    return std::unexpected(Error{ErrorCode::Fail, "destroying domain " + std::to_string(domid) + ": " +
                                                      killed.error().message()});
  say("destroyed");
  if (!devices) return std::unexpected(devices.error());
  if (!nodes) return std::unexpected(nodes.error());
  return {};
}

}  // namespace libxl::domain
