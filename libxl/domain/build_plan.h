// The numbers and names a domain build needs, resolved from a configuration
// and the host the way libxl's setdefault does: what the config leaves out
// gets libxl's default, what it cannot mean is refused before anything is
// created.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "libxl/config/domain_config.h"
#include "libxl/context.h"
#include "libxl/hypervisor/hypervisor.h"

namespace libxl::domain {

// libxl's LIBXL_MAXMEM_CONSTANT: the headroom above the target in maxmem.
inline constexpr std::uint64_t kMaxmemConstantKb = 1024;

struct BuildPlan {
  config::DomainConfig cfg;  // with the defaults filled in
  bool pv = true;            // else PVH (HVM is not built here yet)
  std::string name, uuid;
  hypervisor::CreateSpec spec;
  std::uint64_t max_memkb = 0, target_memkb = 0, video_memkb = 0;
  std::uint64_t shadow_memkb = 0, slack_memkb = 0;
  std::uint32_t max_vcpus = 1;
  std::vector<bool> online;  // per vCPU
  int tsc_mode = 0;
  bool itsc = false, nested = false;
  std::string kernel, ramdisk, cmdline;
  // The disks with their device numbers, defaults settled (cfg.disks keep
  // the form libxl stores); cfg.nics have theirs settled in place.
  struct PlannedDisk {
    config::devices::Disk disk;
    int devid = 0;
  };
  std::vector<PlannedDisk> disks;
  // What the host must have free for the build (KiB).
  std::uint64_t need_memkb() const;
};

// Fails with ErrorCode::Inval (and the key at fault) for what libxl refuses.
// SCHEDULER is the host's ("credit2", ...), whose defaults the stored
// configuration records as libxl's does. A domain being RESTORED boots no
// kernel: its kernel and boot loader are not looked at.
Result<BuildPlan> plan_build(const config::DomainConfig& cfg, const hypervisor::PhysInfo& host,
                             const std::string& scheduler = "", bool restoring = false);

// xl list -l's and the stored configuration's JSON: CFG with its UUID and
// resolved numbers.
std::string stored_config_json(const BuildPlan& plan);

}  // namespace libxl::domain
