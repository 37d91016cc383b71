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

// One virtual node, from the items of its list (unknown keys are ignored).
// Its distances always hold `nr_vnodes` entries (unnamed ones stay 0); its
// vcpu bitmap holds `max_vcpus` bits rounded up to whole bytes. xl counts
// every vcpu a range names, duplicates and out-of-bitmap ones included, and
// checks that count against maxvcpus=; it is stored in `vcpus_named`.
std::expected<VnodeInfo, SpecError> parse_vnode(std::span<const std::string_view> items,
                                                int nr_vnodes, int max_vcpus,
                                                const HostTopology& host,
                                                std::uint64_t* vcpus_named = nullptr);

void write_json(json::Writer& w, const VnodeInfo& v);

}  // namespace libxl::config::devices
