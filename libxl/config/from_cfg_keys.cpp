// Every xl.cfg key Xen 4.17's xl reads, so that the rest can be reported as
// unknown (xl itself ignores them silently; we say so once per key).
#include "libxl/config/from_cfg.h"

namespace libxl::config {

const std::vector<std::string_view>& known_cfg_keys() {
  static const std::vector<std::string_view> keys = {
      "init_seclabel", "seclabel", "type", "builder", "hap", "name", "uuid", "oos", "pool",
      "pvshim", "pvshim_path", "pvshim_cmdline", "pvshim_extra", "cpu_weight", "cap", "period",
      "slice", "latency", "extratime", "memory", "maxmem", "vcpus", "maxvcpus", "vuart", "vnuma",
      "cpus", "cpus_soft", "max_grant_frames", "max_maptrack_frames", "on_poweroff",
      "on_reboot", "on_watchdog", "on_crash", "on_soft_reset", "e820_host", "pci_msitranslate",
      "pci_power_mgmt", "pci_permissive", "pci_seize", "rdm", "pci", "dtdev", "passthrough",
      "shadow_memory", "nomigrate", "tsc_mode", "rtc_timeoffset", "vncviewer", "localtime",
      "videoram", "max_event_channels", "kernel", "ramdisk", "device_tree", "cmdline", "root",
      "extra", "driver_domain", "acpi", "bootloader", "bootloader_args", "timer_mode",
      "nestedhvm", "firmware_override", "bios_path_override", "bios", "pae", "acpi_s3",
      "acpi_s4", "acpi_laptop_slate", "nx", "hpet", "vpt_align", "apic", "viridian",
      "mmio_hole", "altp2mhvm", "smbios_firmware", "acpi_firmware", "ms_vm_genid",
      "rdm_mem_boundary", "mca_caps", "firmware", "altp2m", "vmtrace_buf_kb", "ioports", "irqs",
      "iomem", "disk", "p9", "vtpm", "vdispl", "pvcalls", "vsnd", "channel", "vif", "vif2",
      "vfb", "usbctrl", "usbdev", "cpuid", "device_model", "device_model_override",
      "device_model_version", "device_model_stubdomain_override",
      "device_model_stubdomain_seclabel", "device_model_user", "stubdomain_kernel",
      "stubdomain_ramdisk", "stubdomain_memory", "device_model_args", "device_model_args_pv",
      "device_model_args_hvm", "vnc", "vnclisten", "vncpasswd", "vncdisplay", "vncunused",
      "sdl", "opengl", "display", "xauthority", "keymap", "dm_restrict", "vga", "stdvga",
      "hdtype", "spice", "spiceport", "spicetls_port", "spicehost", "spicedisable_ticketing",
      "spicepasswd", "spiceagent_mouse", "spicevdagent", "spice_clipboard_sharing",
      "spiceusbredirection", "spice_image_compression", "spice_streaming_video", "nographic",
      "gfx_passthru", "serial", "boot", "usb", "usbversion", "usbdevice", "vkb_device",
      "soundhw", "xen_platform_pci", "vendor_device", "gic_version", "tee", "vkb",
      "xend_suspend_evtchn_compat", "msr_relaxed",
  };
  return keys;
}

}  // namespace libxl::config
