#include "libxl/domain/sched.h"

#include <cstdlib>

namespace libxl::domain {

namespace {

constexpr int kWeightMax = 65535;
constexpr std::uint32_t kTsliceMin = 1, kTsliceMax = 1000;        // ms
constexpr std::uint32_t kRatelimitMin = 100, kRatelimitMax = 500000;  // us
constexpr std::uint32_t kMigrDelayMax = 100 * 1000;                // us

Error hv_error(const hypervisor::Error& e) {
  return Error{e.err == ESRCH ? ErrorCode::DomainNotFound : ErrorCode::Fail, e.message()};
}

Error inval(std::string m) { return Error{ErrorCode::Inval, std::move(m)}; }

Result<void> check_ratelimit(std::uint32_t us) {
  if (us != 0 && (us < kRatelimitMin || us > kRatelimitMax))
    return std::unexpected(inval("Ratelimit out of range, valid range is from " +
                                 std::to_string(kRatelimitMin) + " to " +
                                 std::to_string(kRatelimitMax)));
  return {};
}

}  // namespace

Result<std::vector<Cpupool>> list_cpupools(Context& ctx) {
  auto pools = ctx.hypervisor().cpupools();
  if (!pools) return std::unexpected(hv_error(pools.error()));
  std::vector<Cpupool> out;
  for (const auto& p : *pools) {
    auto name = ctx.store().read("/local/pool/" + std::to_string(p.id) + "/name");
    if (!name) name = p.id == 0 ? "Pool-0" : "(null)";
    out.push_back(Cpupool{p.id, *name, p.sched});
  }
  return out;
}

std::optional<std::uint32_t> cpupool_qualifier_to_id(Context& ctx, const std::string& q) {
  auto pools = list_cpupools(ctx);
  if (!pools) return std::nullopt;
  char* end = nullptr;
  unsigned long id = std::strtoul(q.c_str(), &end, 10);
  bool digits = !q.empty() && *end == '\0';
  for (const auto& p : *pools) {
    if (digits ? p.id == id : p.name == q) return p.id;
  }
  return std::nullopt;
}

Result<DomainSched> domain_sched_get(Context& ctx, DomId domid) {
  auto info = ctx.hypervisor().domain(domid);
  if (!info) return std::unexpected(hv_error(info.error()));
  auto pools = ctx.hypervisor().cpupools();
  if (!pools) return std::unexpected(hv_error(pools.error()));
  std::string sched;
  for (const auto& p : *pools) {
    if (p.id == info->cpupool) sched = p.sched;
  }
  DomainSched out{sched, 0, 0};
  // Only credit and credit2 have a weight and a cap.
  if (sched != "credit" && sched != "credit2") return out;
  auto p = ctx.hypervisor().sched_domain_get(domid, sched);
  if (!p) return std::unexpected(hv_error(p.error()));
  out.weight = p->weight;
  out.cap = p->cap;
  return out;
}

Result<void> domain_sched_set(Context& ctx, DomId domid, const std::string& sched,
                              std::optional<int> weight, std::optional<int> cap) {
  auto info = ctx.hypervisor().domain(domid);
  if (!info) return std::unexpected(hv_error(info.error()));
  auto cur = ctx.hypervisor().sched_domain_get(domid, sched);
  if (!cur) return std::unexpected(hv_error(cur.error()));
  hypervisor::SchedDomain p = *cur;
  if (weight) {
    if (*weight < 1 || *weight > kWeightMax)
      return std::unexpected(
          inval("Cpu weight out of range, valid values are within range from 1 to 65535"));
    p.weight = *weight;
  }
  if (cap) {
    const int max = int(info->max_vcpu_id + 1) * 100;
    if (*cap < 0 || *cap > max)
      return std::unexpected(inval("Cpu cap out of range, valid range is from 0 to " +
                                   std::to_string(max) + " for specified number of vcpus"));
    p.cap = *cap;
  }
  if (auto r = ctx.hypervisor().sched_domain_set(domid, sched, p); !r)
    return std::unexpected(hv_error(r.error()));
  return {};
}

Result<hypervisor::CreditParams> credit_params_get(Context& ctx, std::uint32_t pool) {
  auto p = ctx.hypervisor().sched_credit_params_get(pool);
  if (!p) return std::unexpected(hv_error(p.error()));
  return *p;
}

Result<void> credit_params_set(Context& ctx, std::uint32_t pool, const hypervisor::CreditParams& p) {
  if (p.tslice_ms < kTsliceMin || p.tslice_ms > kTsliceMax)
    return std::unexpected(inval("Time slice out of range, valid range is from " +
                                 std::to_string(kTsliceMin) + " to " + std::to_string(kTsliceMax)));
  if (auto r = check_ratelimit(p.ratelimit_us); !r) return r;
  if (std::uint64_t(p.ratelimit_us) > std::uint64_t(p.tslice_ms) * 1000)
    return std::unexpected(inval("Ratelimit cannot be greater than timeslice"));
  if (p.vcpu_migr_delay_us > kMigrDelayMax)
    return std::unexpected(inval("vcpu migration delay should be >= 0 and <= " +
                                 std::to_string(kMigrDelayMax) + "us"));
  if (auto r = ctx.hypervisor().sched_credit_params_set(pool, p); !r)
    return std::unexpected(hv_error(r.error()));
  return {};
}

Result<std::uint32_t> credit2_ratelimit_get(Context& ctx, std::uint32_t pool) {
  auto p = ctx.hypervisor().sched_credit2_ratelimit_get(pool);
  if (!p) return std::unexpected(hv_error(p.error()));
  return *p;
}

Result<void> credit2_ratelimit_set(Context& ctx, std::uint32_t pool, std::uint32_t us) {
  if (auto r = check_ratelimit(us); !r) return r;
  if (auto r = ctx.hypervisor().sched_credit2_ratelimit_set(pool, us); !r)
    return std::unexpected(hv_error(r.error()));
  return {};
}

}  // namespace libxl::domain
