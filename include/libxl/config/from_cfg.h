// Builds the domain configuration from a parsed xl.cfg with the rules of
// Xen 4.17's xl (parse_config_data): its defaults, derived values, warnings
// and the messages and exit statuses of its errors.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "libxl/config/cfg_file.h"
#include "libxl/config/devices/cpu_bitmap.h"
#include "libxl/config/domain_config.h"

namespace libxl::config {

// The xl.conf settings and host facts that parse_config_data consults.
struct XlOptions {
  bool run_hotplug_scripts = true;
  bool claim_mode = true;
  std::uint32_t max_grant_frames = kMaxGrantDefault;
  std::uint32_t max_maptrack_frames = kMaxGrantDefault;
  OptString blkdev_start;
  // vif.default.* of xl.conf: what every vif starts from.
  OptString vif_script;
  OptString vif_bridge;
  OptString vif_backend;
  OptString vif_gatewaydev;
  // "all" and "node:N" in cpu lists refer to this host.
  devices::HostTopology host = default_host();

  // Until the hypervisor is reachable: 64 CPUs in 8 nodes of 8, the host the
  // reference outputs were made on.
  static devices::HostTopology default_host();
};

// A failure as xl reports it: the text (one or more lines, no final newline)
// and the status xl exits with.
struct DomainConfigError {
  std::string message;
  int status = 1;
};

struct DomainConfigResult {
  DomainConfig config;
  std::vector<std::string> warnings;  // lines xl prints on stderr, in order
};

std::expected<DomainConfigResult, DomainConfigError> domain_config_from_cfg(
    const CfgFile& cfg, const XlOptions& opts = {});

// Every key parse_config_data reads; anything else draws an "unknown key" warning.
const std::vector<std::string_view>& known_cfg_keys();

}  // namespace libxl::config
