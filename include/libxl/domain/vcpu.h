// A domain's vCPUs: what they run on (xl vcpu-list), where they may run
// (vcpu-pin) and how many are online (vcpu-set), as libxl 4.17 does them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libxl/config/devices/cpu_bitmap.h"
#include "libxl/context.h"

namespace libxl::domain {

// A cpumap as libxenctrl lays it out: bit I of byte I/8 is cpu I.
using Cpumap = std::vector<std::uint8_t>;

// xl's print_bitmap over the first NBITS bits: "all" when every one is set
// (from 0 on), "none" when none is, else ranges ("0-1,4").
std::string format_cpumap(const Cpumap& map, unsigned nbits);
Cpumap to_cpumap(const config::devices::CpuBitmap& bits);

// The host as a cpu list refers to it ("all", "node:1").
Result<config::devices::HostTopology> host_topology(Context& ctx);

// Every vCPU of DOMID, 0 to its highest id.
Result<std::vector<hypervisor::VcpuInfo>> list_vcpus(Context& ctx, DomId domid);

// VCPU nullopt: all of them, each tried even after one fails. A null map
// leaves that affinity as it is.
Result<void> set_vcpu_affinity(Context& ctx, DomId domid, std::optional<std::uint32_t> vcpu,
                               const Cpumap* hard, const Cpumap* soft, bool force);

// Brings vCPUs 0..COUNT-1 online and the rest offline: for PV and PVH
// guests, cpu/<i>/availability in XenStore, in one transaction.
Result<void> set_vcpus_online(Context& ctx, DomId domid, std::uint32_t count);

}  // namespace libxl::domain
