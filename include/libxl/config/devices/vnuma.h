// Mirrors libxl_vnode_info (Xen 4.17's libxl_types.idl) and parses xl.cfg's
// vnuma: one list per virtual node of "pnode=N", "size=MiB", "vcpus=LIST",
// "vdistances=D0,D1,...".
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <string_view>
#include <vector>

#include "libxl/config/devices/common.h"
#include "libxl/config/devices/cpu_bitmap.h"

namespace libxl::config::devices {

struct VnodeInfo {
  std::uint64_t memkb = 0;
  std::vector<std::uint32_t> distances;
  std::uint32_t pnode = 0;
  CpuBitmap vcpus;
};

// One virtual node. `nr_vnodes` bounds vdistances; `max_vcpus` bounds vcpus.
std::expected<VnodeInfo, SpecError> parse_vnode(std::span<const std::string_view> items,
                                                int nr_vnodes, int max_vcpus,
                                                const HostTopology& host);

void write_json(json::Writer& w, const VnodeInfo& v);

}  // namespace libxl::config::devices
