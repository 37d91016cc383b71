// The typed libxl_domain_config of Xen 4.17 for x86 guests: what `xl -N
// create` prints and what domain creation consumes. Field names, nesting and
// defaults follow 4.17's libxl_types.idl; a field still at its IDL default is
// left out of the JSON, as libxl does.
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "libxl/config/devices/channel.h"
#include "libxl/config/devices/common.h"
#include "libxl/config/devices/cpu_bitmap.h"
#include "libxl/config/devices/disk.h"
#include "libxl/config/devices/nic.h"
#include "libxl/config/devices/p9.h"
#include "libxl/config/devices/pci.h"
#include "libxl/config/devices/pvcallsif.h"
#include "libxl/config/devices/ranges.h"
#include "libxl/config/devices/rdm.h"
#include "libxl/config/devices/usbctrl.h"
#include "libxl/config/devices/usbdev.h"
#include "libxl/config/devices/vdispl.h"
#include "libxl/config/devices/vfb.h"
#include "libxl/config/devices/vkb.h"
#include "libxl/config/devices/vnuma.h"
#include "libxl/config/devices/vsnd.h"
#include "libxl/config/devices/vtpm.h"

namespace libxl::config {

using devices::CpuBitmap;
using devices::Defbool;
using devices::OptString;

// libxl's "MemKB" fields default to all ones ("not set").
inline constexpr std::uint64_t kMemkbDefault = ~std::uint64_t{0};
// max_grant_frames and friends default to ~(uint32_t)0.
inline constexpr std::uint32_t kMaxGrantDefault = ~std::uint32_t{0};

// A NULL libxl_string_list and an empty one both print nothing.
using StringList = std::vector<std::string>;
// libxl_key_value_list, in insertion order.
using KeyValueList = std::vector<std::pair<std::string, std::string>>;

enum class DomainType { Invalid = -1, Hvm = 1, Pv = 2, Pvh = 3 };
enum class ActionOnShutdown {
  Destroy = 1,
  Restart,
  RestartRename,
  Preserve,
  CoredumpDestroy,
  CoredumpRestart,
  SoftReset,
};
enum class Passthrough { Default, Disabled, Enabled, SyncPt, SharePt };
enum class TscMode { Default, AlwaysEmulate, Native, NativeParavirt };
enum class TimerMode {
  Unknown = -1,  // also the IDL default
  DelayForMissedTicks = 0,
  NoDelayForMissedTicks,
  NoMissedTicksPending,
  OneMissedTickPending,
};
enum class BiosType { Unknown, Rombios, Seabios, Ovmf };
enum class Scheduler { Unknown = 0, Sedf = 4, Credit, Credit2, Arinc653, Rtds, Null };
enum class DeviceModelVersion { Unknown, QemuXenTraditional, QemuXen };
enum class VgaInterfaceType { Unknown, Cirrus, Std, None, Qxl };
enum class VendorDevice { None, Xenserver };
enum class HdType { Ide = 1, Ahci = 2 };
enum class GfxPassthruKind { Default, Igd };
enum class TeeType { None, Optee };
enum class AltP2mMode { Disabled, Mixed, External, Limited };
enum class GicVersion { Default = 0, V2 = 0x20, V3 = 0x30 };
enum class VuartType { Unknown, SbsaUart };

// libxl's names for enum values, as the JSON writes them.
std::string_view to_string(DomainType v);
std::string_view to_string(ActionOnShutdown v);
std::string_view to_string(Passthrough v);
std::string_view to_string(TscMode v);
std::string_view to_string(TimerMode v);
std::string_view to_string(BiosType v);
std::string_view to_string(Scheduler v);
std::string_view to_string(DeviceModelVersion v);
std::string_view to_string(VgaInterfaceType v);
std::string_view to_string(VendorDevice v);
std::string_view to_string(HdType v);
std::string_view to_string(GfxPassthruKind v);
std::string_view to_string(TeeType v);
std::string_view to_string(AltP2mMode v);
std::string_view to_string(GicVersion v);
std::string_view to_string(VuartType v);

// One CPUID leaf of a libxl_cpuid_policy_list: each register is NULL or a
// 32-character string, most significant bit first, of '0' '1' 'x' 'k' 's'.
inline constexpr std::uint32_t kCpuidInputUnused = 0xffffffffu;
struct CpuidLeaf {
  std::uint32_t leaf = 0;
  std::uint32_t subleaf = kCpuidInputUnused;
  std::array<OptString, 4> regs;  // eax, ebx, ecx, edx
};
// Set once any cpuid= entry was parsed: libxl then prints {"cpuid": [...], "msr": []}.
struct CpuidPolicy {
  bool present = false;
  std::vector<CpuidLeaf> leaves;
};

struct DomainCreateInfo {
  DomainType type = DomainType::Invalid;
  Defbool hap;
  Defbool oos;
  std::uint32_t ssidref = 0;
  OptString ssid_label;
  OptString name;
  std::uint32_t domid = 0;
  devices::Uuid uuid{};
  KeyValueList xsdata;
  KeyValueList platformdata;
  std::uint32_t poolid = 0;
  OptString pool_name;
  Defbool run_hotplug_scripts;
  Defbool driver_domain;
  Passthrough passthrough = Passthrough::Default;
  Defbool xend_suspend_evtchn_compat;
};

struct DomainSchedParams {
  Scheduler sched = Scheduler::Unknown;
  int weight = -1;
  int cap = -1;
  int period = -1;
  int budget = -1;
  int extratime = -1;
  int slice = -1;
  int latency = -1;
};

struct SpiceInfo {
  Defbool enable;
  int port = 0;
  int tls_port = 0;
  OptString host;
  Defbool disable_ticketing;
  OptString passwd;
  Defbool agent_mouse;
  Defbool vdagent;
  Defbool clipboard_sharing;
  int usbredirection = 0;
  OptString image_compression;
  OptString streaming_video;
};

struct HvmInfo {
  OptString firmware;
  BiosType bios = BiosType::Unknown;
  Defbool pae;
  Defbool apic;
  Defbool acpi;
  Defbool acpi_s3;
  Defbool acpi_s4;
  Defbool acpi_laptop_slate;
  Defbool nx;
  Defbool viridian;
  CpuBitmap viridian_enable;
  CpuBitmap viridian_disable;
  OptString timeoffset;
  Defbool hpet;
  Defbool vpt_align;
  std::uint64_t mmio_hole_memkb = kMemkbDefault;
  TimerMode timer_mode = TimerMode::Unknown;
  Defbool nested_hvm;
  Defbool altp2m;
  OptString system_firmware;
  OptString smbios_firmware;
  OptString acpi_firmware;
  HdType hdtype = HdType::Ide;
  Defbool nographic;
  VgaInterfaceType vga_kind = VgaInterfaceType::Unknown;  // vga.kind
  devices::VncInfo vnc;
  OptString keymap;
  devices::SdlInfo sdl;
  SpiceInfo spice;
  Defbool gfx_passthru;
  GfxPassthruKind gfx_passthru_kind = GfxPassthruKind::Default;
  OptString serial;
  OptString boot;
  Defbool usb;
  int usbversion = 0;
  OptString usbdevice;
  Defbool vkb_device;
  OptString soundhw;
  Defbool xen_platform_pci;
  StringList usbdevice_list;
  VendorDevice vendor_device = VendorDevice::None;
  std::array<std::uint8_t, 16> ms_vm_genid{};
  StringList serial_list;
  devices::RdmReserve rdm;
  std::uint64_t rdm_mem_boundary_memkb = kMemkbDefault;
  std::uint64_t mca_caps = 0;
};

struct PvInfo {
  OptString kernel;
  std::uint64_t slack_memkb = kMemkbDefault;
  OptString bootloader;
  StringList bootloader_args;
  OptString cmdline;
  OptString ramdisk;
  OptString features;  // const in the IDL: never printed
  Defbool e820_host;
};

struct PvhInfo {
  Defbool pvshim;
  OptString pvshim_path;
  OptString pvshim_cmdline;
  OptString pvshim_extra;
};

struct DomainBuildInfo {
  int max_vcpus = 0;
  CpuBitmap avail_vcpus;
  CpuBitmap cpumap;
  CpuBitmap nodemap;
  std::vector<CpuBitmap> vcpu_hard_affinity;
  std::vector<CpuBitmap> vcpu_soft_affinity;
  Defbool numa_placement;
  TscMode tsc_mode = TscMode::Default;
  std::uint64_t max_memkb = kMemkbDefault;
  std::uint64_t target_memkb = kMemkbDefault;
  std::uint64_t video_memkb = kMemkbDefault;
  std::uint64_t shadow_memkb = kMemkbDefault;
  std::uint64_t iommu_memkb = kMemkbDefault;
  std::uint32_t rtc_timeoffset = 0;
  std::uint32_t exec_ssidref = 0;
  OptString exec_ssid_label;
  Defbool localtime;
  Defbool disable_migrate;
  CpuidPolicy cpuid;
  OptString blkdev_start;
  std::vector<devices::VnodeInfo> vnuma_nodes;
  std::uint32_t max_grant_frames = kMaxGrantDefault;
  std::uint32_t max_maptrack_frames = kMaxGrantDefault;
  int max_grant_version = -1;  // ~(uint32_t)0 stored in an int
  DeviceModelVersion device_model_version = DeviceModelVersion::Unknown;
  Defbool device_model_stubdomain;
  std::uint64_t stubdomain_memkb = kMemkbDefault;
  OptString stubdomain_kernel;
  OptString stubdomain_cmdline;
  OptString stubdomain_ramdisk;
  OptString device_model;
  std::uint32_t device_model_ssidref = 0;
  OptString device_model_ssid_label;
  OptString device_model_user;
  StringList extra;
  StringList extra_pv;
  StringList extra_hvm;
  DomainSchedParams sched_params;
  std::vector<devices::IoportRange> ioports;
  std::vector<std::uint32_t> irqs;
  std::vector<devices::IomemRange> iomem;
  Defbool claim_mode;
  std::uint32_t event_channels = 0;
  OptString kernel;
  OptString cmdline;
  OptString ramdisk;
  OptString device_tree;
  Defbool acpi;
  OptString bootloader;
  StringList bootloader_args;
  TimerMode timer_mode = TimerMode::Unknown;
  Defbool nested_hvm;
  Defbool apic;
  Defbool dm_restrict;
  TeeType tee = TeeType::None;
  // The keyed union u: `type` selects which of hvm/pv/pvh is printed.
  DomainType type = DomainType::Invalid;
  HvmInfo hvm;
  PvInfo pv;
  PvhInfo pvh;
  GicVersion arch_arm_gic_version = GicVersion::Default;
  VuartType arch_arm_vuart = VuartType::Unknown;
  Defbool arch_x86_msr_relaxed;
  AltP2mMode altp2m = AltP2mMode::Disabled;
  int vmtrace_buf_kb = 0;
  Defbool vpmu;
};

struct DomainConfig {
  DomainCreateInfo c_info;
  DomainBuildInfo b_info;
  std::vector<devices::Disk> disks;
  std::vector<devices::Nic> nics;
  std::vector<devices::Pci> pcidevs;
  std::vector<devices::DeviceRdm> rdms;
  std::vector<std::string> dtdevs;  // libxl_device_dtdev has only a path
  std::vector<devices::Vfb> vfbs;
  std::vector<devices::Vkb> vkbs;
  std::vector<devices::Vtpm> vtpms;
  std::vector<devices::P9> p9s;
  std::vector<devices::Pvcallsif> pvcallsifs;
  std::vector<devices::Vdispl> vdispls;
  std::vector<devices::Vsnd> vsnds;
  std::vector<devices::Channel> channels;
  std::vector<devices::Usbctrl> usbctrls;
  std::vector<devices::Usbdev> usbdevs;
  ActionOnShutdown on_poweroff = ActionOnShutdown::Destroy;
  ActionOnShutdown on_reboot = ActionOnShutdown::Destroy;
  ActionOnShutdown on_watchdog = ActionOnShutdown::Destroy;
  ActionOnShutdown on_crash = ActionOnShutdown::Destroy;
  ActionOnShutdown on_soft_reset = ActionOnShutdown::Destroy;
};

// libxl_domain_config_to_json: yajl's beautified layout, defaults omitted.
std::string domain_config_to_json(const DomainConfig& d);

// libxl_domain_config_from_json: what the above (or Xen's libxl) wrote, back
// into a configuration; the message names the first member that does not
// read ("b_info.max_memkb: expected a number"). Device kinds other than
// disks and nics are refused, not dropped.
std::expected<DomainConfig, std::string> domain_config_from_json(const std::string& text);

}  // namespace libxl::config
