// The one description of libxl_domain_config's JSON: each struct's members
// in libxl's order, with their IDL defaults. A visitor walks it: JsonOut
// (json_out.h) writes what differs from the defaults, as libxl's generated
// *_gen_json does; JsonIn (json_in.h) reads it back, as *_parse_json does.
// Where the JSON's shape is not a plain member (the keyed union, cpuid, the
// vga object), the visitor has a method of its own, so the two directions
// still come from this one list.
//
// A visitor V offers:
//   field(k, x)              Defbool, OptString, StringList, KeyValueList,
//                            CpuBitmap, Mac, Uuid: omitted when unset/empty
//   number(k, x, dflt)       any integer; omitted when equal to dflt
//   enumeration(k, x, dflt)  libxl's lower-case names; omitted when dflt
//   flag(k, x)               a bool written only when true
//   object(k, fn)            a nested object, always written; fn(V&) fills it
//   list(k, vec)             an array of structs (fields() of each), when non-empty
//   numbers(k, vec)          an array of integers, when non-empty
//   bitmaps(k, vec)          an array of CpuBitmaps, when non-empty
//   bytes(k, array)          16 bytes as numbers, when any is non-zero
//   cpuid(policy)            b_info's "cpuid"
//   build_type(b)            b_info's keyed union "type.<name>"
//   paths(k, vec)            dtdevs: [{"path": ...}]
//   other_devices(k, vec)    device kinds described elsewhere (write_json)
#pragma once

#include <concepts>
#include <type_traits>

#include "libxl/config/domain_config.h"

namespace libxl::config {

// T is U or const U: one description serves reading and writing.
template <class T, class U>
concept Is = std::same_as<std::remove_const_t<T>, U>;

namespace devices {

void fields(auto& v, Is<VncInfo> auto& x) {
  v.field("enable", x.enable);
  v.field("listen", x.listen);
  v.field("passwd", x.passwd);
  v.number("display", x.display, 0);
  v.field("findunused", x.findunused);
}

void fields(auto& v, Is<SdlInfo> auto& x) {
  v.field("enable", x.enable);
  v.field("opengl", x.opengl);
  v.field("display", x.display);
  v.field("xauthority", x.xauthority);
}

void fields(auto& v, Is<IoportRange> auto& x) {
  v.number("first", x.first, 0);
  v.number("number", x.number, 0);
}

void fields(auto& v, Is<IomemRange> auto& x) {
  v.number("start", x.start, 0);
  v.number("number", x.number, 0);
  v.number("gfn", x.gfn, kInvalidGfn);
}

void fields(auto& v, Is<VnodeInfo> auto& x) {
  v.number("memkb", x.memkb, kMemkbDefault);
  v.numbers("distances", x.distances);
  v.number("pnode", x.pnode, 0);
  v.field("vcpus", x.vcpus);
}

void fields(auto& v, Is<RdmReserve> auto& x) {
  v.enumeration("strategy", x.strategy, RdmStrategy::Ignore);
  v.enumeration("policy", x.policy, RdmPolicy::Invalid);
}

void fields(auto& v, Is<Disk> auto& x) {
  v.number("backend_domid", x.backend_domid, 0);
  v.field("backend_domname", x.backend_domname);
  v.field("pdev_path", x.pdev_path);
  v.field("vdev", x.vdev);
  v.enumeration("backend", x.backend, DiskBackend::Unknown);
  v.enumeration("format", x.format, DiskFormat::Unknown);
  v.field("script", x.script);
  v.number("removable", x.removable, 0);
  v.number("readwrite", x.readwrite, 0);
  v.number("is_cdrom", x.is_cdrom, 0);
  v.flag("direct_io_safe", x.direct_io_safe);
  v.field("discard_enable", x.discard_enable);
  v.enumeration("specification", x.specification, DiskSpecification::Unknown);
  v.enumeration("transport", x.transport, DiskTransport::Unknown);
  v.number("irq", x.irq, 0);
  v.number("base", x.base, 0);
  v.field("colo_enable", x.colo_enable);
  v.field("colo_restore_enable", x.colo_restore_enable);
  v.field("colo_host", x.colo_host);
  v.number("colo_port", x.colo_port, 0);
  v.field("colo_export", x.colo_export);
  v.field("active_disk", x.active_disk);
  v.field("hidden_disk", x.hidden_disk);
  v.field("trusted", x.trusted);
}

void fields(auto& v, Is<Nic> auto& x) {
  v.number("backend_domid", x.backend_domid, 0);
  v.field("backend_domname", x.backend_domname);
  v.number("devid", x.devid, kDevidDefault);
  v.number("mtu", x.mtu, 0);
  v.field("model", x.model);
  v.field("mac", x.mac);
  v.field("ip", x.ip);
  v.field("bridge", x.bridge);
  v.field("ifname", x.ifname);
  v.field("script", x.script);
  v.enumeration("nictype", x.nictype, NicType::Unknown);
  v.number("rate_bytes_per_interval", x.rate_bytes_per_interval, 0);
  v.number("rate_interval_usecs", x.rate_interval_usecs, 0);
  v.field("gatewaydev", x.gatewaydev);
  v.field("coloft_forwarddev", x.coloft_forwarddev);
  auto names = colo_field_names();
  for (std::size_t i = 0; i < names.size(); ++i) v.field(names[i], x.colo[i]);
  v.field("trusted", x.trusted);
}

}  // namespace devices

void fields(auto& v, Is<DomainCreateInfo> auto& c) {
  v.enumeration("type", c.type, DomainType::Invalid);
  v.field("hap", c.hap);
  v.field("oos", c.oos);
  v.number("ssidref", c.ssidref, 0);
  v.field("ssid_label", c.ssid_label);
  v.field("name", c.name);
  v.number("domid", c.domid, 0);
  v.field("uuid", c.uuid);
  v.field("xsdata", c.xsdata);
  v.field("platformdata", c.platformdata);
  v.number("poolid", c.poolid, 0);
  v.field("pool_name", c.pool_name);
  v.field("run_hotplug_scripts", c.run_hotplug_scripts);
  v.field("driver_domain", c.driver_domain);
  v.enumeration("passthrough", c.passthrough, Passthrough::Default);
  v.field("xend_suspend_evtchn_compat", c.xend_suspend_evtchn_compat);
}

void fields(auto& v, Is<DomainSchedParams> auto& s) {
  v.enumeration("sched", s.sched, Scheduler::Unknown);
  v.number("weight", s.weight, -1);
  v.number("cap", s.cap, -1);
  v.number("period", s.period, -1);
  v.number("budget", s.budget, -1);
  v.number("extratime", s.extratime, -1);
  v.number("slice", s.slice, -1);
  v.number("latency", s.latency, -1);
}

void fields(auto& v, Is<SpiceInfo> auto& s) {
  v.field("enable", s.enable);
  v.number("port", s.port, 0);
  v.number("tls_port", s.tls_port, 0);
  v.field("host", s.host);
  v.field("disable_ticketing", s.disable_ticketing);
  v.field("passwd", s.passwd);
  v.field("agent_mouse", s.agent_mouse);
  v.field("vdagent", s.vdagent);
  v.field("clipboard_sharing", s.clipboard_sharing);
  v.number("usbredirection", s.usbredirection, 0);
  v.field("image_compression", s.image_compression);
  v.field("streaming_video", s.streaming_video);
}

void fields(auto& v, Is<HvmInfo> auto& h) {
  v.field("firmware", h.firmware);
  v.enumeration("bios", h.bios, BiosType::Unknown);
  v.field("pae", h.pae);
  v.field("apic", h.apic);
  v.field("acpi", h.acpi);
  v.field("acpi_s3", h.acpi_s3);
  v.field("acpi_s4", h.acpi_s4);
  v.field("acpi_laptop_slate", h.acpi_laptop_slate);
  v.field("nx", h.nx);
  v.field("viridian", h.viridian);
  v.field("viridian_enable", h.viridian_enable);
  v.field("viridian_disable", h.viridian_disable);
  v.field("timeoffset", h.timeoffset);
  v.field("hpet", h.hpet);
  v.field("vpt_align", h.vpt_align);
  v.number("mmio_hole_memkb", h.mmio_hole_memkb, kMemkbDefault);
  v.enumeration("timer_mode", h.timer_mode, TimerMode::Unknown);
  v.field("nested_hvm", h.nested_hvm);
  v.field("altp2m", h.altp2m);
  v.field("system_firmware", h.system_firmware);
  v.field("smbios_firmware", h.smbios_firmware);
  v.field("acpi_firmware", h.acpi_firmware);
  v.enumeration("hdtype", h.hdtype, HdType::Ide);
  v.field("nographic", h.nographic);
  v.object("vga", [&](auto& o) { o.enumeration("kind", h.vga_kind, VgaInterfaceType::Unknown); });
  v.object("vnc", [&](auto& o) { devices::fields(o, h.vnc); });
  v.field("keymap", h.keymap);
  v.object("sdl", [&](auto& o) { devices::fields(o, h.sdl); });
  v.object("spice", [&](auto& o) { fields(o, h.spice); });
  v.field("gfx_passthru", h.gfx_passthru);
  v.enumeration("gfx_passthru_kind", h.gfx_passthru_kind, GfxPassthruKind::Default);
  v.field("serial", h.serial);
  v.field("boot", h.boot);
  v.field("usb", h.usb);
  v.number("usbversion", h.usbversion, 0);
  v.field("usbdevice", h.usbdevice);
  v.field("vkb_device", h.vkb_device);
  v.field("soundhw", h.soundhw);
  v.field("xen_platform_pci", h.xen_platform_pci);
  v.field("usbdevice_list", h.usbdevice_list);
  v.enumeration("vendor_device", h.vendor_device, VendorDevice::None);
  v.bytes("ms_vm_genid", h.ms_vm_genid);
  v.field("serial_list", h.serial_list);
  v.object("rdm", [&](auto& o) { devices::fields(o, h.rdm); });
  v.number("rdm_mem_boundary_memkb", h.rdm_mem_boundary_memkb, kMemkbDefault);
  v.number("mca_caps", h.mca_caps, 0);
}

void fields(auto& v, Is<PvInfo> auto& p) {
  v.field("kernel", p.kernel);
  v.number("slack_memkb", p.slack_memkb, kMemkbDefault);
  v.field("bootloader", p.bootloader);
  v.field("bootloader_args", p.bootloader_args);
  v.field("cmdline", p.cmdline);
  v.field("ramdisk", p.ramdisk);
  v.field("e820_host", p.e820_host);
}

void fields(auto& v, Is<PvhInfo> auto& p) {
  v.field("pvshim", p.pvshim);
  v.field("pvshim_path", p.pvshim_path);
  v.field("pvshim_cmdline", p.pvshim_cmdline);
  v.field("pvshim_extra", p.pvshim_extra);
}

void fields(auto& v, Is<DomainBuildInfo> auto& b) {
  v.number("max_vcpus", b.max_vcpus, 0);
  v.field("avail_vcpus", b.avail_vcpus);
  v.field("cpumap", b.cpumap);
  v.field("nodemap", b.nodemap);
  v.bitmaps("vcpu_hard_affinity", b.vcpu_hard_affinity);
  v.bitmaps("vcpu_soft_affinity", b.vcpu_soft_affinity);
  v.field("numa_placement", b.numa_placement);
  v.enumeration("tsc_mode", b.tsc_mode, TscMode::Default);
  v.number("max_memkb", b.max_memkb, kMemkbDefault);
  v.number("target_memkb", b.target_memkb, kMemkbDefault);
  v.number("video_memkb", b.video_memkb, kMemkbDefault);
  v.number("shadow_memkb", b.shadow_memkb, kMemkbDefault);
  v.number("iommu_memkb", b.iommu_memkb, kMemkbDefault);
  v.number("rtc_timeoffset", b.rtc_timeoffset, 0);
  v.number("exec_ssidref", b.exec_ssidref, 0);
  v.field("exec_ssid_label", b.exec_ssid_label);
  v.field("localtime", b.localtime);
  v.field("disable_migrate", b.disable_migrate);
  v.cpuid(b.cpuid);
  v.field("blkdev_start", b.blkdev_start);
  v.list("vnuma_nodes", b.vnuma_nodes);
  v.number("max_grant_frames", b.max_grant_frames, kMaxGrantDefault);
  v.number("max_maptrack_frames", b.max_maptrack_frames, kMaxGrantDefault);
  v.number("max_grant_version", b.max_grant_version, -1);
  v.enumeration("device_model_version", b.device_model_version, DeviceModelVersion::Unknown);
  v.field("device_model_stubdomain", b.device_model_stubdomain);
  v.number("stubdomain_memkb", b.stubdomain_memkb, kMemkbDefault);
  v.field("stubdomain_kernel", b.stubdomain_kernel);
  v.field("stubdomain_cmdline", b.stubdomain_cmdline);
  v.field("stubdomain_ramdisk", b.stubdomain_ramdisk);
  v.field("device_model", b.device_model);
  v.number("device_model_ssidref", b.device_model_ssidref, 0);
  v.field("device_model_ssid_label", b.device_model_ssid_label);
  v.field("device_model_user", b.device_model_user);
  v.field("extra", b.extra);
  v.field("extra_pv", b.extra_pv);
  v.field("extra_hvm", b.extra_hvm);
  v.object("sched_params", [&](auto& o) { fields(o, b.sched_params); });
  v.list("ioports", b.ioports);
  v.numbers("irqs", b.irqs);
  v.list("iomem", b.iomem);
  v.field("claim_mode", b.claim_mode);
  v.number("event_channels", b.event_channels, 0);
  v.field("kernel", b.kernel);
  v.field("cmdline", b.cmdline);
  v.field("ramdisk", b.ramdisk);
  v.field("device_tree", b.device_tree);
  v.field("acpi", b.acpi);
  v.field("bootloader", b.bootloader);
  v.field("bootloader_args", b.bootloader_args);
  v.enumeration("timer_mode", b.timer_mode, TimerMode::Unknown);
  v.field("nested_hvm", b.nested_hvm);
  v.field("apic", b.apic);
  v.field("dm_restrict", b.dm_restrict);
  v.enumeration("tee", b.tee, TeeType::None);
  v.build_type(b);
  v.object("arch_arm", [&](auto& o) {
    o.enumeration("gic_version", b.arch_arm_gic_version, GicVersion::Default);
    o.enumeration("vuart", b.arch_arm_vuart, VuartType::Unknown);
  });
  v.object("arch_x86", [&](auto& o) { o.field("msr_relaxed", b.arch_x86_msr_relaxed); });
  v.enumeration("altp2m", b.altp2m, AltP2mMode::Disabled);
  v.number("vmtrace_buf_kb", b.vmtrace_buf_kb, 0);
  v.field("vpmu", b.vpmu);
}

void fields(auto& v, Is<DomainConfig> auto& d) {
  v.object("c_info", [&](auto& o) { fields(o, d.c_info); });
  v.object("b_info", [&](auto& o) { fields(o, d.b_info); });
  v.list("disks", d.disks);
  v.list("nics", d.nics);
  v.other_devices("pcidevs", d.pcidevs);
  v.other_devices("rdms", d.rdms);
  v.paths("dtdevs", d.dtdevs);
  v.other_devices("vfbs", d.vfbs);
  v.other_devices("vkbs", d.vkbs);
  v.other_devices("vtpms", d.vtpms);
  v.other_devices("p9s", d.p9s);
  v.other_devices("pvcallsifs", d.pvcallsifs);
  v.other_devices("vdispls", d.vdispls);
  v.other_devices("vsnds", d.vsnds);
  v.other_devices("channels", d.channels);
  v.other_devices("usbctrls", d.usbctrls);
  v.other_devices("usbdevs", d.usbdevs);
  v.enumeration("on_poweroff", d.on_poweroff, ActionOnShutdown::Destroy);
  v.enumeration("on_reboot", d.on_reboot, ActionOnShutdown::Destroy);
  v.enumeration("on_watchdog", d.on_watchdog, ActionOnShutdown::Destroy);
  v.enumeration("on_crash", d.on_crash, ActionOnShutdown::Destroy);
  v.enumeration("on_soft_reset", d.on_soft_reset, ActionOnShutdown::Destroy);
}

}  // namespace libxl::config
