// Scheduler parameters (xl sched-credit, sched-credit2): the cpupools and
// their schedulers, a domain's weight and cap, the pools' own settings,
// with libxl 4.17's range checks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libxl/context.h"

namespace libxl::domain {

struct Cpupool {
  std::uint32_t id = 0;
  std::string name;   // /local/pool/<id>/name ("Pool-0" for pool 0 without one)
  std::string sched;  // "credit", "credit2", ...
};

Result<std::vector<Cpupool>> list_cpupools(Context& ctx);
// A pool id in digits, or a pool's name; nullopt when no pool matches.
std::optional<std::uint32_t> cpupool_qualifier_to_id(Context& ctx, const std::string& q);

struct DomainSched {
  std::string sched;  // the scheduler of the domain's pool
  int weight = 0, cap = 0;
};
Result<DomainSched> domain_sched_get(Context& ctx, DomId domid);
// Unset values stay as they are. SCHED names the scheduler the caller
// means; weight 1..65535, cap 0..100 per vCPU.
Result<void> domain_sched_set(Context& ctx, DomId domid, const std::string& sched,
                              std::optional<int> weight, std::optional<int> cap);

// Credit: tslice 1..1000 ms; ratelimit 0 or 100..500000 us and no more than
// the timeslice; migration delay up to 100 ms.
Result<hypervisor::CreditParams> credit_params_get(Context& ctx, std::uint32_t pool);
Result<void> credit_params_set(Context& ctx, std::uint32_t pool, const hypervisor::CreditParams& p);
Result<std::uint32_t> credit2_ratelimit_get(Context& ctx, std::uint32_t pool);
Result<void> credit2_ratelimit_set(Context& ctx, std::uint32_t pool, std::uint32_t us);

}  // namespace libxl::domain
