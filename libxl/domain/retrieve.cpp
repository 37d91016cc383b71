#include "libxl/domain/retrieve.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <utility>
#include <vector>

#include "libxl/config/domain_config.h"
#include "libxl/domain/userdata.h"
#include "libxl/json/writer.h"
#include "../json/ordered.h"

namespace libxl::domain {

using json::Node;

namespace {

std::optional<std::uint64_t> number_at(store::Store& xs, const std::string& path) {
  auto v = xs.read(path);
  if (!v || v->empty()) return std::nullopt;
  char* end = nullptr;
  unsigned long long n = std::strtoull(v->c_str(), &end, 10);
  if (*end) return std::nullopt;
  return n;
}

// The b_info members that follow max_memkb and target_memkb in libxl's
// order, up to the scheduler's: where those two go when missing.
const std::vector<std::string> kAfterMemory = {
    "video_memkb", "shadow_memkb", "iommu_memkb", "rtc_timeoffset", "exec_ssidref",
    "exec_ssid_label", "localtime", "disable_migrate", "cpuid", "blkdev_start", "vnuma_nodes",
    "max_grant_frames", "max_maptrack_frames", "max_grant_version", "device_model_version",
    "device_model_stubdomain", "stubdomain_memkb", "stubdomain_kernel", "stubdomain_cmdline",
    "stubdomain_ramdisk", "device_model", "device_model_ssidref", "device_model_ssid_label",
    "device_model_user", "extra", "extra_pv", "extra_hvm", "sched_params"};

}  // namespace

Result<std::string> retrieve_config_json(Context& ctx, DomId domid) {
  auto info = ctx.hypervisor().domain(domid);
  if (!info)
    return std::unexpected(Error{info.error().err == ESRCH ? ErrorCode::DomainNotFound : ErrorCode::Fail,
                                 info.error().message()});
  auto text = read_config_json(ctx, domid, config::devices::format_uuid(info->handle));
  if (!text) return std::unexpected(Error{ErrorCode::Fail, "no stored configuration for domain " + std::to_string(domid)});
  std::string err;
  auto parsed = json::parse(*text, err);
  if (!parsed)
    return std::unexpected(Error{ErrorCode::Fail, "the stored configuration of domain " +
                                                      std::to_string(domid) + " does not parse: " + err});
  Node root = std::move(*parsed);
  auto& xs = ctx.store();
  const std::string dom = "/local/domain/" + std::to_string(domid);

  if (Node* c = root.find("c_info"); c && c->kind == Node::Kind::Object) {
    if (auto name = xs.read(dom + "/name")) c->set("name", Node::string(*name), {"domid", "uuid", "xsdata"});
  }
  if (Node* b = root.find("b_info"); b && b->kind == Node::Kind::Object) {
    // The balloon target and the ceiling as they are now; a domain that
    // never had them written (dom0) reports what Xen counts.
    std::uint64_t max_kb = number_at(xs, dom + "/memory/static-max").value_or(info->max_pages * 4);
    std::uint64_t target_kb = number_at(xs, dom + "/memory/target").value_or(info->tot_pages * 4);
    b->set("target_memkb", Node::number(target_kb), kAfterMemory);
    b->set("max_memkb", Node::number(max_kb), {"target_memkb"});
    // The scheduler's parameters as they are now, for the schedulers that
    // have per-domain weight and cap.
    auto sched = ctx.scheduler();
    if (sched && (*sched == "credit" || *sched == "credit2")) {
      if (auto p = ctx.hypervisor().sched_domain_get(domid, *sched)) {
        Node params;
        params.kind = Node::Kind::Object;
        params.members.emplace_back("sched", Node::string(*sched));
        Node weight = Node::number(std::uint64_t(p->weight)), cap = Node::number(std::uint64_t(p->cap));
        params.members.emplace_back("weight", weight);
        params.members.emplace_back("cap", cap);
        b->set("sched_params", std::move(params), {"type.pv", "type.pvh", "type.hvm"});
      }
    }
  }
  return json::to_text(root);
}

}  // namespace libxl::domain
