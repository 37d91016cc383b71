// Scheduler weights, memory sizes, vcpu counts, vNUMA and vcpu affinity: the
// part of parse_config_data that derives max_memkb, avail_vcpus and
// max_vcpus from each other.
#include <algorithm>

#include "from_cfg_internal.h"

namespace libxl::config::detail {

namespace {

// libxl_cpu_bitmap_alloc(n): capacity rounded up to whole bytes.
CpuBitmap cpu_bitmap(int n) { return CpuBitmap(std::size_t((std::max(n, 0) + 7) / 8 * 8), false); }

Status parse_vnuma(Parser& p) {
  auto& b = p.d.b_info;
  const Value* v = p.value("vnuma");
  if (!v || v->kind != Value::Kind::List || v->items.empty()) return {};
  int n = int(v->items.size());
  std::uint64_t total_memkb = 0;
  std::uint64_t total_vcpus = 0;
  // Without maxvcpus= the vcpu bitmaps are sized for the host.
  int bitmap_vcpus = b.max_vcpus ? b.max_vcpus : p.opts.host.nr_cpus;
  for (const auto& node : v->items) {
    if (node.kind != Value::Kind::List)
      return std::unexpected(DomainConfigError{"xl: cannot get vnode config option list", 1});
    std::vector<std::string_view> items;
    for (const auto& it : node.items)
      if (it.kind == Value::Kind::Atom) items.push_back(it.atom);
    std::uint64_t named = 0;
    auto vn = devices::parse_vnode(items, n, bitmap_vcpus, p.opts.host, &named);
    if (!vn) return std::unexpected(DomainConfigError{vn.error().message, 1});
    for (auto item : items) {
      auto eq = item.find('=');
      auto key = item.substr(0, eq);
      while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
      while (!key.empty() && (key.front() == ' ' || key.front() == '\t')) key.remove_prefix(1);
      if (key == "pnode") b.numa_placement = false;  // pinned nodes rule out placement
    }
    total_memkb += vn->memkb;
    total_vcpus += named;
    b.vnuma_nodes.push_back(std::move(*vn));
  }
  if (b.max_vcpus != 0) {
    if (std::uint64_t(b.max_vcpus) != total_vcpus)
      return std::unexpected(DomainConfigError{"xl: vnuma vcpus and maxvcpus= mismatch", 1});
  } else {
    if (std::uint64_t(p.opts.host.nr_cpus) < total_vcpus)
      return std::unexpected(DomainConfigError{
          "xl: vnuma specifies more vcpus than pcpus, use maxvcpus= to override this check.", 1});
    b.max_vcpus = int(total_vcpus);
  }
  if (b.max_memkb != kMemkbDefault && b.max_memkb != total_memkb)
    return std::unexpected(DomainConfigError{"xl: maxmem and vnuma memory size mismatch", 1});
  b.max_memkb = total_memkb;
  return {};
}

// cpus= / cpus_soft=: a list gives one map per vcpu, a string one map for all.
Status parse_affinity(Parser& p, std::string_view key, bool hard) {
  auto& b = p.d.b_info;
  const Value* v = p.value(key);
  if (!v) return {};
  std::vector<std::string> specs;
  bool is_list = v->kind == Value::Kind::List;
  int count;
  if (is_list) {
    count = std::min(int(v->items.size()), b.max_vcpus);
    for (int j = 0; j < count && v->items[std::size_t(j)].kind == Value::Kind::Atom; ++j)
      specs.push_back(v->items[std::size_t(j)].atom);
  } else {
    count = b.max_vcpus;
    specs.push_back(v->atom);
  }
  std::vector<CpuBitmap> maps;
  for (const auto& s : specs) {
    auto m = devices::parse_cpu_list(s, p.opts.host);
    if (!m) return std::unexpected(DomainConfigError{m.error().message, 1});
    if (hard && std::find(m->begin(), m->end(), true) == m->end())
      return std::unexpected(DomainConfigError{"vcpu hard affinity map is empty", 1});
    maps.push_back(std::move(*m));
  }
  std::vector<CpuBitmap> out(std::size_t(std::max(count, 0)));
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!is_list) out[i] = maps[0];
    else if (i < maps.size()) out[i] = maps[i];
  }
  (hard ? b.vcpu_hard_affinity : b.vcpu_soft_affinity) = std::move(out);
  // A per-vcpu list, or any soft affinity, replaces automatic NUMA placement.
  if (is_list || !hard) b.numa_placement = false;
  return {};
}

}  // namespace

Status parse_memory_vcpus(Parser& p) {
  auto& b = p.d.b_info;
  auto& s = b.sched_params;
  if (auto l = p.lng("cpu_weight")) s.weight = int(*l);
  if (auto l = p.lng("cap")) s.cap = int(*l);
  if (auto l = p.lng("period")) s.period = int(*l);
  if (auto l = p.lng("slice")) s.slice = int(*l);
  if (auto l = p.lng("latency")) s.latency = int(*l);
  if (auto l = p.lng("extratime")) s.extratime = int(*l);

  if (auto l = p.lng("memory")) b.target_memkb = std::uint64_t(*l) * 1024;
  if (auto l = p.lng("maxmem")) b.max_memkb = std::uint64_t(*l) * 1024;

  std::int64_t vcpus = 0;
  if (auto l = p.lng("vcpus")) {
    vcpus = *l;
    b.avail_vcpus = cpu_bitmap(int(*l));
    for (std::int64_t i = 0; i < *l; ++i) b.avail_vcpus[std::size_t(i)] = true;
  }
  if (auto l = p.lng("maxvcpus")) b.max_vcpus = int(*l);

  if (auto v = p.str("vuart")) {
    auto t = enum_from_string<VuartType>(*v, {VuartType::Unknown, VuartType::SbsaUart});
    if (!t)
      return std::unexpected(p.fail("vuart", "ERROR: invalid value \"" + *v + "\" for \"vuart\""));
    b.arch_arm_vuart = *t;
  }

  if (auto r = parse_vnuma(p); !r) return r;

  // Unset maximums follow the initial values.
  if (b.max_memkb == kMemkbDefault) b.max_memkb = b.target_memkb;
  if (b.max_vcpus == 0) b.max_vcpus = int(vcpus);
  if (b.max_vcpus < vcpus) return std::unexpected(DomainConfigError{"xl: maxvcpus < vcpus", 1});

  if (auto r = parse_affinity(p, "cpus", true); !r) return r;
  return parse_affinity(p, "cpus_soft", false);
}

}  // namespace libxl::config::detail
