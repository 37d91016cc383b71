#include "build_plan.h"

#include "libxl/device/disk.h"
#include "libxl/device/nic.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace libxl::domain {

namespace {

Error invalid(std::string what) { return Error{ErrorCode::Inval, std::move(what)}; }

constexpr std::uint64_t kDefault = config::kMemkbDefault;

// libxl_get_required_shadow_memory: 4 KiB per vCPU-quarter-MiB plus 8 KiB
// per MiB of guest memory, in KiB.
std::uint64_t shadow_for(std::uint64_t maxmem_kb, std::uint32_t vcpus) {
  return 4 * (256 * std::uint64_t(vcpus) + 2 * (maxmem_kb / 1024));
}

// A kernel or ramdisk path the builder will open: said early, with the key.
Result<void> readable(const std::string& key, const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return std::unexpected(Error{ErrorCode::Fail, key + " \"" + path + "\": " + std::strerror(errno)});
  if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
    return std::unexpected(Error{ErrorCode::Fail, key + " \"" + path + "\": not a regular file"});
  return {};
}

}  // namespace

std::uint64_t BuildPlan::need_memkb() const {
  // The build populates the target (PV) or maxmem less video (PVH), plus
  // the paging pool of an HVM container and the page tables' slack.
  std::uint64_t mem = pv ? target_memkb : max_memkb - video_memkb;
  return mem + (pv ? 0 : shadow_memkb) + kMaxmemConstantKb;
}

Result<BuildPlan> plan_build(const config::DomainConfig& in, const hypervisor::PhysInfo& host,
                             const std::string& scheduler, bool restoring) {
  BuildPlan p;
  p.cfg = in;
  auto& c = p.cfg.c_info;
  auto& b = p.cfg.b_info;

  if (c.type == config::DomainType::Hvm)
    return std::unexpected(Error{ErrorCode::Fail,
                                 "HVM guests need the device model, which this libxl does not "
                                 "start yet; use type=\"pvh\" or type=\"pv\""});
  if (c.type != config::DomainType::Pv && c.type != config::DomainType::Pvh)
    return std::unexpected(invalid("domain type not set"));
  p.pv = c.type == config::DomainType::Pv;

  if (!c.name || c.name->empty()) return std::unexpected(invalid("domain name not specified"));
  p.name = *c.name;
  p.uuid = config::devices::format_uuid(c.uuid);

  // Memory: libxl's defaults are 32 MiB, maxmem = target.
  if (b.target_memkb == kDefault) b.target_memkb = 32 * 1024;
  if (b.max_memkb == kDefault) b.max_memkb = b.target_memkb;
  if (b.max_memkb < b.target_memkb)
    return std::unexpected(invalid("maxmem (" + std::to_string(b.max_memkb / 1024) +
                                   " MiB) is below memory (" +
                                   std::to_string(b.target_memkb / 1024) + " MiB)"));
  if (b.video_memkb == kDefault) b.video_memkb = 0;
  if (b.max_vcpus <= 0) b.max_vcpus = 1;
  if (b.avail_vcpus.empty()) b.avail_vcpus.assign(std::size_t(b.max_vcpus), true);
  if (b.event_channels == 0) b.event_channels = 1023;
  if (b.shadow_memkb == kDefault)
    b.shadow_memkb = p.pv ? 0 : shadow_for(b.max_memkb, std::uint32_t(b.max_vcpus));
  if (p.pv && b.pv.slack_memkb == kDefault) b.pv.slack_memkb = 0;
  if (b.max_grant_version < 0) {
    if (host.cap_gnttab_v2) {
      b.max_grant_version = 2;
    } else if (host.cap_gnttab_v1) {
      b.max_grant_version = 1;
    } else {
      return std::unexpected(Error{ErrorCode::Fail, "the hypervisor offers no grant table version"});
    }
  }
  if (b.tsc_mode == config::TscMode::NativeParavirt)
    return std::unexpected(invalid("tsc_mode \"native_paravirt\" has been removed from Xen"));
  if (!c.hap) c.hap = !p.pv && host.cap_hap;
  if (!p.pv && !*c.hap && !host.cap_shadow)
    return std::unexpected(Error{ErrorCode::Fail, "the host can run PVH guests neither with HAP nor with shadow paging"});
  if (p.pv && !host.cap_pv) return std::unexpected(Error{ErrorCode::Fail, "this hypervisor cannot run PV guests"});
  if (!p.pv && !host.cap_hvm) return std::unexpected(Error{ErrorCode::Fail, "this host cannot run PVH guests (no HVM support)"});
  if (!restoring && b.bootloader && !b.bootloader->empty())
    return std::unexpected(Error{ErrorCode::Fail, "bootloader \"" + *b.bootloader +
                                                      "\": boot loaders are not run by this libxl yet; "
                                                      "give kernel= (and ramdisk=) instead"});

  p.kernel = b.kernel.value_or(b.pv.kernel.value_or(""));
  p.ramdisk = b.ramdisk.value_or(b.pv.ramdisk.value_or(""));
  p.cmdline = b.cmdline.value_or(b.pv.cmdline.value_or(""));
  if (!restoring) {
    if (p.kernel.empty()) return std::unexpected(invalid("kernel not specified (direct kernel boot needs kernel=)"));
    if (auto r = readable("kernel", p.kernel); !r) return std::unexpected(r.error());
    if (!p.ramdisk.empty()) {
      if (auto r = readable("ramdisk", p.ramdisk); !r) return std::unexpected(r.error());
    }
  }

  // What libxl's stored configuration carries beyond xl's: no domid asked
  // for, the scheduler's parameters, the x86 defaults.
  if (c.domid == 0) c.domid = ~std::uint32_t{0};
  if (!b.arch_x86_msr_relaxed) b.arch_x86_msr_relaxed = false;
  if (b.sched_params.sched == config::Scheduler::Unknown) {
    if (scheduler == "credit2" || scheduler == "credit") {
      b.sched_params.sched = scheduler == "credit2" ? config::Scheduler::Credit2 : config::Scheduler::Credit;
      if (b.sched_params.weight < 0) b.sched_params.weight = 256;
      if (b.sched_params.cap < 0) b.sched_params.cap = 0;
    }
  }

  // Devices: checked now, so that a bad one fails before anything exists.
  for (auto& disk : p.cfg.disks) {
    if (!disk.colo_restore_enable) disk.colo_restore_enable = false;
    BuildPlan::PlannedDisk planned{disk, 0};
    auto devid = device::disk_setdefault(planned.disk);
    if (!devid) return std::unexpected(devid.error());
    for (const auto& other : p.disks)
      if (other.devid == *devid)
        return std::unexpected(invalid("two disks are both " + disk.vdev.value_or("") + " (device " +
                                       std::to_string(*devid) + ")"));
    planned.devid = *devid;
    p.disks.push_back(std::move(planned));
  }
  std::vector<int> nic_ids;
  for (auto& nic : p.cfg.nics) {
    if (auto r = device::nic_setdefault(nic, nic_ids); !r) return std::unexpected(r.error());
    nic_ids.push_back(nic.devid);
  }

  p.max_memkb = b.max_memkb;
  p.target_memkb = b.target_memkb;
  p.video_memkb = b.video_memkb;
  p.shadow_memkb = b.shadow_memkb;
  p.slack_memkb = p.pv ? b.pv.slack_memkb : 0;
  p.max_vcpus = std::uint32_t(b.max_vcpus);
  p.online = b.avail_vcpus;
  p.online.resize(p.max_vcpus, false);
  p.tsc_mode = b.tsc_mode == config::TscMode::AlwaysEmulate ? 1
               : b.tsc_mode == config::TscMode::Native      ? 2
                                                            : 0;
  p.itsc = b.disable_migrate.value_or(false) || b.tsc_mode == config::TscMode::AlwaysEmulate;
  p.nested = b.nested_hvm.value_or(false);

  auto& s = p.spec;
  s.handle = c.uuid;
  s.ssidref = c.ssidref;
  s.cpupool = c.poolid;
  s.hvm = !p.pv;
  s.hap = *c.hap;
  s.oos_off = !p.pv && !c.oos.value_or(true);
  s.nested_virt = !p.pv && p.nested;
  s.vpmu = b.vpmu.value_or(false);
  s.iommu = false;  // no passthrough yet
  s.max_vcpus = p.max_vcpus;
  s.max_evtchn_port = b.event_channels;
  s.max_grant_frames = std::int32_t(b.max_grant_frames);  // all ones: Xen's default
  s.max_maptrack_frames = std::int32_t(b.max_maptrack_frames);
  s.grant_version = std::uint32_t(b.max_grant_version);
  s.emulation_flags = p.pv ? 0 : 1;  // PVH: the local APIC only (XEN_X86_EMU_LAPIC)
  s.vmtrace_size = std::uint32_t((std::uint64_t(b.vmtrace_buf_kb) * 1024 + 4095) & ~4095ull);
  return p;
}

std::string stored_config_json(const BuildPlan& plan) {
  return config::domain_config_to_json(plan.cfg);
}

}  // namespace libxl::domain
