// xl.conf's vm.cpumask, vm.hvm.cpumask and vm.pv.cpumask: host-wide limits
// on where guests' vcpus may run. Xen 4.17's xl reads them when it starts
// (before any command) and, in `xl create`, intersects every vcpu's hard
// affinity with the ones that apply to the guest's type, unless
// --ignore-global-affinity-masks is given.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "libxl/config/devices/cpu_bitmap.h"
#include "libxl/config/domain_config.h"
#include "libxl/config/from_cfg.h"
#include "libxl/config/xl_conf.h"

namespace libxl::config {

struct GlobalAffinityMasks {
  devices::CpuBitmap vm;   // every guest
  devices::CpuBitmap hvm;  // HVM and PVH guests
  devices::CpuBitmap pv;   // PV guests
};

// The three masks as xl 4.17 builds them: an unset key means every cpu of
// HOST; a set one starts empty and takes the cpu list's items in order. As
// with xl, a bad item is reported (its message appended to MESSAGES) and
// ends the list, and the cpus taken before it stay -- so "foo" gives an
// empty mask, which makes every `xl create` fail.
GlobalAffinityMasks global_affinity_masks(const XlConf& conf, const devices::HostTopology& host,
                                          std::vector<std::string>* messages);

// What xl create does after parsing the guest's config: when the config
// gave no hard affinity and a mask that applies is not full, every vcpu (up
// to max_vcpus) first gets an all-cpus map; then each vcpu's hard affinity
// is ANDed with vm and with the type's mask. An empty result is
// "vcpu hard affinity map is empty" (exit status 1).
std::expected<void, DomainConfigError> apply_global_affinity_masks(DomainBuildInfo& b,
                                                                   const GlobalAffinityMasks& m);

}  // namespace libxl::config
