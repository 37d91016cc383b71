#include "libxl/domain/vcpu.h"

#include <algorithm>

namespace libxl::domain {

namespace {

Error hv_error(const hypervisor::Error& e) {
  return Error{e.err == ESRCH ? ErrorCode::DomainNotFound : ErrorCode::Fail, e.message()};
}

bool test(const Cpumap& m, unsigned i) { return i / 8 < m.size() && (m[i / 8] >> (i % 8)) & 1; }

}  // namespace

std::string format_cpumap(const Cpumap& map, unsigned nbits) {
  std::string out;
  auto run = [&](unsigned first, unsigned last) {
    if (!out.empty()) out += ',';
    out += std::to_string(first);
    if (last > first) out += '-' + std::to_string(last);
  };
  bool in_run = false;
  unsigned first = 0;
  for (unsigned i = 0; i < nbits; ++i) {
    bool set = test(map, i);
    if (set && !in_run) {
      first = i;
      in_run = true;
    } else if (!set && in_run) {
      run(first, i - 1);
      in_run = false;
    }
  }
  if (in_run) {
    // A run to the end from cpu 0 is every cpu.
    if (first == 0 && out.empty()) return "all";
    run(first, nbits - 1);
  }
  return out.empty() ? "none" : out;
}

Cpumap to_cpumap(const config::devices::CpuBitmap& bits) {
  Cpumap m((bits.size() + 7) / 8, 0);
  for (std::size_t i = 0; i < bits.size(); ++i) {
    if (bits[i]) m[i / 8] |= std::uint8_t(1u << (i % 8));
  }
  return m;
}

Result<config::devices::HostTopology> host_topology(Context& ctx) {
  auto max = ctx.hypervisor().max_cpus();
  if (!max) return std::unexpected(hv_error(max.error()));
  config::devices::HostTopology h;
  h.nr_cpus = int(*max);
  // Unknown nodes count as node 0, so "all" and plain cpu numbers still work.
  auto topo = ctx.cpu_topology();
  for (int i = 0; i < h.nr_cpus; ++i) {
    int node = 0;
    if (topo && std::size_t(i) < topo->size() && (*topo)[std::size_t(i)].node != hypervisor::kInvalid)
      node = int((*topo)[std::size_t(i)].node);
    h.cpu_to_node.push_back(node);
  }
  return h;
}

Result<std::vector<hypervisor::VcpuInfo>> list_vcpus(Context& ctx, DomId domid) {
  auto info = ctx.hypervisor().domain(domid);
  if (!info) return std::unexpected(hv_error(info.error()));
  std::vector<hypervisor::VcpuInfo> out;
  for (std::uint32_t v = 0; v <= info->max_vcpu_id; ++v) {
    auto vi = ctx.hypervisor().vcpu_info(domid, v);
    if (!vi) return std::unexpected(hv_error(vi.error()));
    out.push_back(std::move(*vi));
  }
  return out;
}

Result<void> set_vcpu_affinity(Context& ctx, DomId domid, std::optional<std::uint32_t> vcpu,
                               const Cpumap* hard, const Cpumap* soft, bool force) {
  if (vcpu) {
    auto r = ctx.hypervisor().set_vcpu_affinity(domid, *vcpu, hard, soft, force);
    if (!r) return std::unexpected(hv_error(r.error()));
    return {};
  }
  auto info = ctx.hypervisor().domain(domid);
  if (!info) return std::unexpected(hv_error(info.error()));
  std::optional<Error> first_error;
  for (std::uint32_t v = 0; v <= info->max_vcpu_id; ++v) {
    auto r = ctx.hypervisor().set_vcpu_affinity(domid, v, hard, soft, force);
    if (!r && !first_error)
      first_error = Error{ErrorCode::Fail, "failed to set affinity for " + std::to_string(v) +
                                               ": " + r.error().message()};
  }
  if (first_error) return std::unexpected(*first_error);
  return {};
}

Result<void> set_vcpus_online(Context& ctx, DomId domid, std::uint32_t count) {
  auto info = ctx.hypervisor().domain(domid);
  if (!info) return std::unexpected(hv_error(info.error()));
  const std::string d = std::to_string(domid);
  if (count == 0) return std::unexpected(Error{ErrorCode::Fail, "Domain " + d + ":Requested 0 VCPUs!"});
  const std::uint32_t max = info->max_vcpu_id + 1;
  if (count > max)
    return std::unexpected(Error{ErrorCode::Fail, "Domain " + d + ":Requested " +
                                                      std::to_string(count) +
                                                      " VCPUs, however maxcpus is " +
                                                      std::to_string(max) + "!"});
  const std::string dom = "/local/domain/" + d;
  if (info->hvm) {
    // HVM guests take vCPUs through the device model (QMP), which this
    // toolstack does not drive; PVH guests through XenStore like PV.
    auto type = ctx.store().read("/libxl/" + d + "/type");
    if (!type || *type == "hvm")
      return std::unexpected(
          Error{ErrorCode::Fail, "Domain " + d + ":vCPU hotplug of HVM guests is not supported"});
  }
  auto r = store::transact(ctx.store(), [&](store::Tx tx) -> store::Result<void> {
    for (std::uint32_t i = 0; i < max; ++i) {
      auto w = ctx.store().write(tx, dom + "/cpu/" + std::to_string(i) + "/availability",
                                 i < count ? "online" : "offline");
      if (!w) return w;
    }
    return {};
  });
  if (!r) return std::unexpected(Error{ErrorCode::Fail, r.error().message()});
  return {};
}

}  // namespace libxl::domain
