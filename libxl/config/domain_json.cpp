// libxl_domain_config_to_json as libxl's generated code writes it: a member
// is printed only when it differs from its IDL default; nested structs are
// always printed (possibly as {}); arrays only when non-empty; the keyed
// union of build_info appears as "type.<name>".
#include <cstdio>
#include <string>

#include "libxl/config/domain_config.h"
#include "libxl/json/writer.h"

namespace libxl::config {

namespace {

using json::Writer;

void put(Writer& w, std::string_view k, const Defbool& v) {
  if (v) w.key(k).string(*v ? "True" : "False");
}
void put(Writer& w, std::string_view k, const OptString& v) {
  if (v) w.key(k).string(*v);
}
void put_int(Writer& w, std::string_view k, std::int64_t v, std::int64_t dflt = 0) {
  if (v != dflt) w.key(k).integer(v);
}
void put_uint(Writer& w, std::string_view k, std::uint64_t v, std::uint64_t dflt = 0) {
  if (v != dflt) w.key(k).unsigned_integer(v);
}
void put_memkb(Writer& w, std::string_view k, std::uint64_t v) { put_uint(w, k, v, kMemkbDefault); }
template <class E>
void put_enum(Writer& w, std::string_view k, E v, E dflt) {
  if (v != dflt) w.key(k).string(to_string(v));
}

void bitmap_value(Writer& w, const CpuBitmap& b) {
  w.begin_array();
  for (std::size_t i = 0; i < b.size(); ++i)
    if (b[i]) w.integer(std::int64_t(i));
  w.end_array();
}
// libxl_bitmap_is_empty: no bit set.
void put(Writer& w, std::string_view k, const CpuBitmap& b) {
  for (bool bit : b) {
    if (bit) {
      w.key(k);
      bitmap_value(w, b);
      return;
    }
  }
}
void put(Writer& w, std::string_view k, const StringList& l) {
  if (l.empty()) return;
  w.key(k).begin_array();
  for (const auto& s : l) w.string(s);
  w.end_array();
}
void put(Writer& w, std::string_view k, const KeyValueList& l) {
  if (l.empty()) return;
  w.key(k).begin_object();
  for (const auto& [key, value] : l) w.key(key).string(value);
  w.end_object();
}

bool is_nil(const devices::Uuid& u) {
  for (auto b : u)
    if (b) return false;
  return true;
}
std::string uuid_string(const devices::Uuid& u) {
  char buf[40];
  std::snprintf(buf, sizeof buf,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1],
                u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14],
                u[15]);
  return buf;
}

void write_vnc(Writer& w, const devices::VncInfo& v) {
  w.begin_object();
  put(w, "enable", v.enable);
  put(w, "listen", v.listen);
  put(w, "passwd", v.passwd);
  put_int(w, "display", v.display);
  put(w, "findunused", v.findunused);
  w.end_object();
}

void write_sdl(Writer& w, const devices::SdlInfo& s) {
  w.begin_object();
  put(w, "enable", s.enable);
  put(w, "opengl", s.opengl);
  put(w, "display", s.display);
  put(w, "xauthority", s.xauthority);
  w.end_object();
}

void write_spice(Writer& w, const SpiceInfo& s) {
  w.begin_object();
  put(w, "enable", s.enable);
  put_int(w, "port", s.port);
  put_int(w, "tls_port", s.tls_port);
  put(w, "host", s.host);
  put(w, "disable_ticketing", s.disable_ticketing);
  put(w, "passwd", s.passwd);
  put(w, "agent_mouse", s.agent_mouse);
  put(w, "vdagent", s.vdagent);
  put(w, "clipboard_sharing", s.clipboard_sharing);
  put_int(w, "usbredirection", s.usbredirection);
  put(w, "image_compression", s.image_compression);
  put(w, "streaming_video", s.streaming_video);
  w.end_object();
}

void write_c_info(Writer& w, const DomainCreateInfo& c) {
  w.begin_object();
  put_enum(w, "type", c.type, DomainType::Invalid);
  put(w, "hap", c.hap);
  put(w, "oos", c.oos);
  put_uint(w, "ssidref", c.ssidref);
  put(w, "ssid_label", c.ssid_label);
  put(w, "name", c.name);
  put_uint(w, "domid", c.domid);
  if (!is_nil(c.uuid)) w.key("uuid").string(uuid_string(c.uuid));
  put(w, "xsdata", c.xsdata);
  put(w, "platformdata", c.platformdata);
  put_uint(w, "poolid", c.poolid);
  put(w, "pool_name", c.pool_name);
  put(w, "run_hotplug_scripts", c.run_hotplug_scripts);
  put(w, "driver_domain", c.driver_domain);
  put_enum(w, "passthrough", c.passthrough, Passthrough::Default);
  put(w, "xend_suspend_evtchn_compat", c.xend_suspend_evtchn_compat);
  w.end_object();
}

void write_cpuid(Writer& w, const CpuidPolicy& p) {
  if (!p.present) return;
  static constexpr std::string_view kRegs[] = {"eax", "ebx", "ecx", "edx"};
  w.key("cpuid").begin_object().key("cpuid").begin_array();
  for (const auto& l : p.leaves) {
    w.begin_object();
    w.key("leaf").integer(l.leaf);
    if (l.subleaf != kCpuidInputUnused) w.key("subleaf").integer(l.subleaf);
    for (int r = 0; r < 4; ++r) put(w, kRegs[r], l.regs[std::size_t(r)]);
    w.end_object();
  }
  w.end_array().key("msr").begin_array().end_array().end_object();
}

void write_sched(Writer& w, const DomainSchedParams& s) {
  w.key("sched_params").begin_object();
  put_enum(w, "sched", s.sched, Scheduler::Unknown);
  put_int(w, "weight", s.weight, -1);
  put_int(w, "cap", s.cap, -1);
  put_int(w, "period", s.period, -1);
  put_int(w, "budget", s.budget, -1);
  put_int(w, "extratime", s.extratime, -1);
  put_int(w, "slice", s.slice, -1);
  put_int(w, "latency", s.latency, -1);
  w.end_object();
}

void write_vnodes(Writer& w, const std::vector<devices::VnodeInfo>& nodes) {
  if (nodes.empty()) return;
  w.key("vnuma_nodes").begin_array();
  for (const auto& n : nodes) {
    w.begin_object();
    put_memkb(w, "memkb", n.memkb);
    if (!n.distances.empty()) {
      w.key("distances").begin_array();
      for (auto d : n.distances) w.integer(d);
      w.end_array();
    }
    put_uint(w, "pnode", n.pnode);
    put(w, "vcpus", n.vcpus);
    w.end_object();
  }
  w.end_array();
}

void write_hvm(Writer& w, const HvmInfo& h) {
  w.begin_object();
  put(w, "firmware", h.firmware);
  put_enum(w, "bios", h.bios, BiosType::Unknown);
  put(w, "pae", h.pae);
  put(w, "apic", h.apic);
  put(w, "acpi", h.acpi);
  put(w, "acpi_s3", h.acpi_s3);
  put(w, "acpi_s4", h.acpi_s4);
  put(w, "acpi_laptop_slate", h.acpi_laptop_slate);
  put(w, "nx", h.nx);
  put(w, "viridian", h.viridian);
  put(w, "viridian_enable", h.viridian_enable);
  put(w, "viridian_disable", h.viridian_disable);
  put(w, "timeoffset", h.timeoffset);
  put(w, "hpet", h.hpet);
  put(w, "vpt_align", h.vpt_align);
  put_memkb(w, "mmio_hole_memkb", h.mmio_hole_memkb);
  put_enum(w, "timer_mode", h.timer_mode, TimerMode::Unknown);
  put(w, "nested_hvm", h.nested_hvm);
  put(w, "altp2m", h.altp2m);
  put(w, "system_firmware", h.system_firmware);
  put(w, "smbios_firmware", h.smbios_firmware);
  put(w, "acpi_firmware", h.acpi_firmware);
  put_enum(w, "hdtype", h.hdtype, HdType::Ide);
  put(w, "nographic", h.nographic);
  w.key("vga").begin_object();
  put_enum(w, "kind", h.vga_kind, VgaInterfaceType::Unknown);
  w.end_object();
  w.key("vnc");
  write_vnc(w, h.vnc);
  put(w, "keymap", h.keymap);
  w.key("sdl");
  write_sdl(w, h.sdl);
  w.key("spice");
  write_spice(w, h.spice);
  put(w, "gfx_passthru", h.gfx_passthru);
  put_enum(w, "gfx_passthru_kind", h.gfx_passthru_kind, GfxPassthruKind::Default);
  put(w, "serial", h.serial);
  put(w, "boot", h.boot);
  put(w, "usb", h.usb);
  put_int(w, "usbversion", h.usbversion);
  put(w, "usbdevice", h.usbdevice);
  put(w, "vkb_device", h.vkb_device);
  put(w, "soundhw", h.soundhw);
  put(w, "xen_platform_pci", h.xen_platform_pci);
  put(w, "usbdevice_list", h.usbdevice_list);
  put_enum(w, "vendor_device", h.vendor_device, VendorDevice::None);
  bool genid = false;
  for (auto b : h.ms_vm_genid) genid = genid || b;
  if (genid) {
    w.key("ms_vm_genid").begin_array();
    for (auto b : h.ms_vm_genid) w.integer(b);
    w.end_array();
  }
  put(w, "serial_list", h.serial_list);
  w.key("rdm").begin_object();
  put_enum(w, "strategy", h.rdm.strategy, devices::RdmStrategy::Ignore);
  put_enum(w, "policy", h.rdm.policy, devices::RdmPolicy::Invalid);
  w.end_object();
  put_memkb(w, "rdm_mem_boundary_memkb", h.rdm_mem_boundary_memkb);
  put_uint(w, "mca_caps", h.mca_caps);
  w.end_object();
}

void write_pv(Writer& w, const PvInfo& p) {
  w.begin_object();
  put(w, "kernel", p.kernel);
  put_memkb(w, "slack_memkb", p.slack_memkb);
  put(w, "bootloader", p.bootloader);
  put(w, "bootloader_args", p.bootloader_args);
  put(w, "cmdline", p.cmdline);
  put(w, "ramdisk", p.ramdisk);
  put(w, "e820_host", p.e820_host);
  w.end_object();
}

void write_pvh(Writer& w, const PvhInfo& p) {
  w.begin_object();
  put(w, "pvshim", p.pvshim);
  put(w, "pvshim_path", p.pvshim_path);
  put(w, "pvshim_cmdline", p.pvshim_cmdline);
  put(w, "pvshim_extra", p.pvshim_extra);
  w.end_object();
}

void write_b_info(Writer& w, const DomainBuildInfo& b) {
  w.begin_object();
  put_int(w, "max_vcpus", b.max_vcpus);
  put(w, "avail_vcpus", b.avail_vcpus);
  put(w, "cpumap", b.cpumap);
  put(w, "nodemap", b.nodemap);
  for (auto [k, list] : {std::pair{"vcpu_hard_affinity", &b.vcpu_hard_affinity},
                         std::pair{"vcpu_soft_affinity", &b.vcpu_soft_affinity}}) {
    if (list->empty()) continue;
    w.key(k).begin_array();
    for (const auto& m : *list) bitmap_value(w, m);
    w.end_array();
  }
  put(w, "numa_placement", b.numa_placement);
  put_enum(w, "tsc_mode", b.tsc_mode, TscMode::Default);
  put_memkb(w, "max_memkb", b.max_memkb);
  put_memkb(w, "target_memkb", b.target_memkb);
  put_memkb(w, "video_memkb", b.video_memkb);
  put_memkb(w, "shadow_memkb", b.shadow_memkb);
  put_memkb(w, "iommu_memkb", b.iommu_memkb);
  put_uint(w, "rtc_timeoffset", b.rtc_timeoffset);
  put_uint(w, "exec_ssidref", b.exec_ssidref);
  put(w, "exec_ssid_label", b.exec_ssid_label);
  put(w, "localtime", b.localtime);
  put(w, "disable_migrate", b.disable_migrate);
  write_cpuid(w, b.cpuid);
  put(w, "blkdev_start", b.blkdev_start);
  write_vnodes(w, b.vnuma_nodes);
  put_uint(w, "max_grant_frames", b.max_grant_frames, kMaxGrantDefault);
  put_uint(w, "max_maptrack_frames", b.max_maptrack_frames, kMaxGrantDefault);
  put_int(w, "max_grant_version", b.max_grant_version, -1);
  put_enum(w, "device_model_version", b.device_model_version, DeviceModelVersion::Unknown);
  put(w, "device_model_stubdomain", b.device_model_stubdomain);
  put_memkb(w, "stubdomain_memkb", b.stubdomain_memkb);
  put(w, "stubdomain_kernel", b.stubdomain_kernel);
  put(w, "stubdomain_cmdline", b.stubdomain_cmdline);
  put(w, "stubdomain_ramdisk", b.stubdomain_ramdisk);
  put(w, "device_model", b.device_model);
  put_uint(w, "device_model_ssidref", b.device_model_ssidref);
  put(w, "device_model_ssid_label", b.device_model_ssid_label);
  put(w, "device_model_user", b.device_model_user);
  put(w, "extra", b.extra);
  put(w, "extra_pv", b.extra_pv);
  put(w, "extra_hvm", b.extra_hvm);
  write_sched(w, b.sched_params);
  if (!b.ioports.empty()) {
    w.key("ioports").begin_array();
    for (const auto& r : b.ioports) {
      w.begin_object();
      put_uint(w, "first", r.first);
      put_uint(w, "number", r.number);
      w.end_object();
    }
    w.end_array();
  }
  if (!b.irqs.empty()) {
    w.key("irqs").begin_array();
    for (auto i : b.irqs) w.integer(i);
    w.end_array();
  }
  if (!b.iomem.empty()) {
    w.key("iomem").begin_array();
    for (const auto& r : b.iomem) {
      w.begin_object();
      put_uint(w, "start", r.start);
      put_uint(w, "number", r.number);
      put_uint(w, "gfn", r.gfn, devices::kInvalidGfn);
      w.end_object();
    }
    w.end_array();
  }
  put(w, "claim_mode", b.claim_mode);
  put_uint(w, "event_channels", b.event_channels);
  put(w, "kernel", b.kernel);
  put(w, "cmdline", b.cmdline);
  put(w, "ramdisk", b.ramdisk);
  put(w, "device_tree", b.device_tree);
  put(w, "acpi", b.acpi);
  put(w, "bootloader", b.bootloader);
  put(w, "bootloader_args", b.bootloader_args);
  put_enum(w, "timer_mode", b.timer_mode, TimerMode::Unknown);
  put(w, "nested_hvm", b.nested_hvm);
  put(w, "apic", b.apic);
  put(w, "dm_restrict", b.dm_restrict);
  put_enum(w, "tee", b.tee, TeeType::None);
  switch (b.type) {
    case DomainType::Hvm:
      w.key("type.hvm");
      write_hvm(w, b.hvm);
      break;
    case DomainType::Pv:
      w.key("type.pv");
      write_pv(w, b.pv);
      break;
    case DomainType::Pvh:
      w.key("type.pvh");
      write_pvh(w, b.pvh);
      break;
    case DomainType::Invalid:
      w.key("type.invalid").begin_object().end_object();
      break;
  }
  w.key("arch_arm").begin_object();
  put_enum(w, "gic_version", b.arch_arm_gic_version, GicVersion::Default);
  put_enum(w, "vuart", b.arch_arm_vuart, VuartType::Unknown);
  w.end_object();
  w.key("arch_x86").begin_object();
  put(w, "msr_relaxed", b.arch_x86_msr_relaxed);
  w.end_object();
  put_enum(w, "altp2m", b.altp2m, AltP2mMode::Disabled);
  put_int(w, "vmtrace_buf_kb", b.vmtrace_buf_kb);
  put(w, "vpmu", b.vpmu);
  w.end_object();
}

template <class T>
void put_devices(Writer& w, std::string_view k, const std::vector<T>& list) {
  if (list.empty()) return;
  w.key(k).begin_array();
  for (const auto& d : list) devices::write_json(w, d);
  w.end_array();
}

}  // namespace

std::string domain_config_to_json(const DomainConfig& d) {
  Writer w;
  w.begin_object();
  w.key("c_info");
  write_c_info(w, d.c_info);
  w.key("b_info");
  write_b_info(w, d.b_info);
  put_devices(w, "disks", d.disks);
  put_devices(w, "nics", d.nics);
  put_devices(w, "pcidevs", d.pcidevs);
  put_devices(w, "rdms", d.rdms);
  if (!d.dtdevs.empty()) {
    w.key("dtdevs").begin_array();
    for (const auto& p : d.dtdevs) w.begin_object().key("path").string(p).end_object();
    w.end_array();
  }
  put_devices(w, "vfbs", d.vfbs);
  put_devices(w, "vkbs", d.vkbs);
  put_devices(w, "vtpms", d.vtpms);
  put_devices(w, "p9s", d.p9s);
  put_devices(w, "pvcallsifs", d.pvcallsifs);
  put_devices(w, "vdispls", d.vdispls);
  put_devices(w, "vsnds", d.vsnds);
  put_devices(w, "channels", d.channels);
  put_devices(w, "usbctrls", d.usbctrls);
  put_devices(w, "usbdevs", d.usbdevs);
  put_enum(w, "on_poweroff", d.on_poweroff, ActionOnShutdown::Destroy);
  put_enum(w, "on_reboot", d.on_reboot, ActionOnShutdown::Destroy);
  put_enum(w, "on_watchdog", d.on_watchdog, ActionOnShutdown::Destroy);
  put_enum(w, "on_crash", d.on_crash, ActionOnShutdown::Destroy);
  put_enum(w, "on_soft_reset", d.on_soft_reset, ActionOnShutdown::Destroy);
  w.end_object();
  return w.str();
}

}  // namespace libxl::config
