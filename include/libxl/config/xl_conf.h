// The host-wide xl settings of /etc/xen/xl.conf (xl.conf(5) of Xen 4.17):
// the same grammar as a guest config, a fixed set of keys, each with a
// default that applies when the key (or the whole file) is absent.
//
// Where xl 4.17 only warns about a bad value and goes on with the default,
// we refuse the file (except for the cpu masks, below): an xl.conf that
// does not mean what it says is a mistake worth stopping for. Keys we do
// not know are ignored (xl.conf files are shared between xl versions), but
// listed in `unknown`.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libxl/config/cfg_file.h"

namespace libxl::config {

inline constexpr const char* kXlConfPath = "/etc/xen/xl.conf";
inline constexpr const char* kXenScriptDir = "/etc/xen/scripts";

struct XlConf {
  enum class DomidPolicy { Xen, Random };
  enum class Autoballoon { Off, On, Auto };
  enum class OutputFormat { Json, Sxp };

  // domid_policy = "xen" | "random": who picks a new domain's id.
  DomidPolicy domid_policy = DomidPolicy::Xen;
  // autoballoon = "off" | "on" | "auto" (also "0" / "1"): shrink dom0 to make
  // room for new guests; "auto" does it unless Xen was booted with dom0_mem=.
  Autoballoon autoballoon = Autoballoon::Auto;
  // run_hotplug_scripts = BOOLEAN: xl runs the hotplug scripts (else udev).
  bool run_hotplug_scripts = true;
  // lockfile = "PATH": serialises domain creation.
  std::string lockfile = "/var/lock/xl";
  // max_grant_frames / max_maptrack_frames / max_grant_version = NUMBER
  // (0 .. 2^31-1): defaults for the guest settings of the same names; unset,
  // the hypervisor's own defaults apply.
  std::optional<std::int64_t> max_grant_frames;
  std::optional<std::int64_t> max_maptrack_frames;
  std::optional<std::int64_t> max_grant_version;
  // vif.default.script (deprecated spelling: vifscript), vif.default.bridge
  // (deprecated: defaultbridge), vif.default.backend, vif.default.gatewaydev:
  // defaults for network devices. Unset, a vif gets no value from here and
  // libxl's own defaults apply (the defaults below), exactly as with xl.
  std::optional<std::string> vif_default_script;
  std::optional<std::string> vif_default_bridge;
  std::optional<std::string> vif_default_backend;
  std::optional<std::string> vif_default_gatewaydev;
  // remus.default.netbufscript, colo.default.proxyscript = "PATH".
  std::optional<std::string> remus_default_netbufscript;
  std::optional<std::string> colo_default_proxyscript;
  // output_format = "json" | "sxp": for machine-readable output (xl list -l).
  OutputFormat output_format = OutputFormat::Json;
  // blkdev_start = "NAME": the first device name for temporary block devices.
  std::optional<std::string> blkdev_start;
  // claim_mode = BOOLEAN: claim a new guest's memory before populating it.
  bool claim_mode = true;
  // vm.cpumask, vm.hvm.cpumask (HVM and PVH), vm.pv.cpumask = "CPULIST":
  // masks ANDed with every vcpu's hard affinity; unset, all CPUs (see
  // affinity_masks.h). Unlike the other keys these keep xl 4.17's leniency,
  // since what xl does with a bad mask shows in `xl create`'s result: a list
  // is only warned about (and leaves the mask unset), and a bad CPULIST is
  // reported when the masks are built, keeping the cpus before the bad item.
  std::optional<std::string> vm_cpumask;
  std::optional<std::string> vm_hvm_cpumask;
  std::optional<std::string> vm_pv_cpumask;

  // What using a deprecated key should tell the user (xl prints the same).
  std::vector<std::string> warnings;
  // Keys this version does not know, in file order.
  std::vector<std::string> unknown;

  // The defaults libxl applies when the optional ones above are unset.
  static constexpr const char* kDefaultVifScript = "vif-bridge";
  static constexpr const char* kDefaultBridge = "xenbr0";
  static constexpr const char* kDefaultVifBackend = "0";
  static constexpr const char* kDefaultBlkdevStart = "xvda";
  static constexpr const char* kDefaultNetbufScript = "/etc/xen/scripts/remus-netbuf-setup";
  static constexpr const char* kDefaultColoProxyScript = "/etc/xen/scripts/colo-proxy-setup";
};

// Every key xl.conf accepts, for the man page test and for callers.
const std::vector<std::string_view>& xl_conf_keys();

// Reads the settings of a parsed file; errors name FILE:LINE and the key.
std::expected<XlConf, ConfigError> parse_xl_conf(const CfgFile& cfg);
// Reads and parses PATH; a missing file gives the defaults.
std::expected<XlConf, ConfigError> load_xl_conf(const std::string& path = kXlConfPath);

}  // namespace libxl::config
