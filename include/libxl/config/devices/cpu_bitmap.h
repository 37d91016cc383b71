// libxl_bitmap as xl fills it from a cpu list ("all", "0-3,^2", "node:1",
// "nodes:0-1,^node:0") for cpus=, cpus_soft=, vnuma vcpus and cpupools.
#pragma once

#include <cstdint>
#include <expected>
#include <string_view>
#include <vector>

#include "libxl/config/devices/common.h"

namespace libxl::config::devices {

// The host's shape, which "all" and "node:" refer to.
struct HostTopology {
  int nr_cpus = 0;
  std::vector<int> cpu_to_node;  // node of each cpu; size nr_cpus
  int nr_nodes() const;
};

// Set bits; size() is the bitmap's capacity in bits.
using CpuBitmap = std::vector<bool>;

std::expected<CpuBitmap, SpecError> parse_cpu_list(std::string_view spec,
                                                   const HostTopology& host);

// libxl's JSON for a bitmap: the array of set bit indices.
void write_json(json::Writer& w, const CpuBitmap& b);

}  // namespace libxl::config::devices
