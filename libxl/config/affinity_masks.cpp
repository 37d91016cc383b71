// xl.conf's global vcpu affinity masks and how xl create applies them.
#include "libxl/config/affinity_masks.h"

#include <algorithm>
#include <optional>
#include <string_view>

namespace libxl::config {

namespace {

using devices::CpuBitmap;

bool any(const CpuBitmap& b) { return std::find(b.begin(), b.end(), true) != b.end(); }
bool full(const CpuBitmap& b) { return std::find(b.begin(), b.end(), false) == b.end(); }

CpuBitmap all_cpus(const devices::HostTopology& host) {
  return CpuBitmap(std::size_t(host.nr_cpus), true);
}

// One mask: the items of SPEC up to the first bad one, whose complaint goes
// to MESSAGES.
CpuBitmap one_mask(const std::optional<std::string>& spec, const devices::HostTopology& host,
                   std::vector<std::string>* messages) {
  if (!spec) return all_cpus(host);
  auto whole = devices::parse_cpu_list(*spec, host);
  if (whole) return *whole;
  if (messages) messages->push_back(whole.error().message);
  // Keep what the items before the bad one gave: the longest prefix of
  // whole items that parses.
  std::string_view s = *spec;
  for (std::size_t end = s.rfind(','); end != std::string_view::npos;
       end = end == 0 ? std::string_view::npos : s.rfind(',', end - 1)) {
    if (auto part = devices::parse_cpu_list(s.substr(0, end), host)) return *part;
  }
  return CpuBitmap(std::size_t(host.nr_cpus), false);
}

// libxl_bitmap_and: the result is as long as the shorter of the two.
CpuBitmap bitmap_and(const CpuBitmap& a, const CpuBitmap& b) {
  CpuBitmap r(std::min(a.size(), b.size()), false);
  for (std::size_t i = 0; i < r.size(); ++i) r[i] = a[i] && b[i];
  return r;
}

}  // namespace

GlobalAffinityMasks global_affinity_masks(const XlConf& conf, const devices::HostTopology& host,
                                          std::vector<std::string>* messages) {
  GlobalAffinityMasks m;
  m.vm = one_mask(conf.vm_cpumask, host, messages);
  m.hvm = one_mask(conf.vm_hvm_cpumask, host, messages);
  m.pv = one_mask(conf.vm_pv_cpumask, host, messages);
  return m;
}

std::expected<void, DomainConfigError> apply_global_affinity_masks(DomainBuildInfo& b,
                                                                   const GlobalAffinityMasks& m) {
  const CpuBitmap* type_mask = nullptr;
  switch (b.type) {
    case DomainType::Hvm:
    case DomainType::Pvh: type_mask = &m.hvm; break;
    case DomainType::Pv: type_mask = &m.pv; break;
    default: return std::unexpected(DomainConfigError{"Unknown guest type", 1});
  }
  // No hard affinity in the config: every vcpu may run anywhere, then the
  // masks narrow that.
  if (b.vcpu_hard_affinity.empty() && (!full(m.vm) || !full(*type_mask))) {
    // libxl sizes a cpu bitmap for the host's cpus.
    std::size_t cpus = std::max({m.vm.size(), m.hvm.size(), m.pv.size()});
    b.vcpu_hard_affinity.assign(std::size_t(std::max(b.max_vcpus, 0)), CpuBitmap(cpus, true));
  }
  for (auto& map : b.vcpu_hard_affinity) {
    CpuBitmap r = bitmap_and(bitmap_and(map, m.vm), *type_mask);
    if (!any(r)) return std::unexpected(DomainConfigError{"vcpu hard affinity map is empty", 1});
    map = std::move(r);
  }
  return {};
}

}  // namespace libxl::config
