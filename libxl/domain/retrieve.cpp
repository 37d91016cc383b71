#include "libxl/domain/retrieve.h"

#include <yajl/yajl_tree.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <utility>
#include <vector>

#include "libxl/config/domain_config.h"
#include "libxl/domain/userdata.h"
#include "libxl/json/writer.h"

namespace libxl::domain {

namespace {

// An ordered JSON value: libxl's key order is part of its output.
struct Node {
  enum class Kind { Null, Bool, Number, String, Object, Array } kind = Kind::Null;
  bool b = false;
  std::string text;  // a string, or a number as written
  std::vector<std::pair<std::string, Node>> members;
  std::vector<Node> items;

  static Node number(std::uint64_t v) {
    Node n;
    n.kind = Kind::Number;
    n.text = std::to_string(v);
    return n;
  }
  static Node string(std::string s) {
    Node n;
    n.kind = Kind::String;
    n.text = std::move(s);
    return n;
  }
  Node* find(const std::string& k) {
    for (auto& [key, v] : members) {
      if (key == k) return &v;
    }
    return nullptr;
  }
  // Sets K, or inserts it before the first of BEFORE present (else last).
  void set(const std::string& k, Node v, const std::vector<std::string>& before = {}) {
    if (Node* n = find(k)) {
      *n = std::move(v);
      return;
    }
    auto at = members.end();
    for (const auto& b : before) {
      auto it = std::find_if(members.begin(), members.end(), [&](const auto& m) { return m.first == b; });
      if (it != members.end()) {
        at = it;
        break;
      }
    }
    members.insert(at, {k, std::move(v)});
  }
};

Node from_yajl(yajl_val v) {
  Node n;
  if (!v) return n;
  switch (v->type) {
    case yajl_t_true: n.kind = Node::Kind::Bool; n.b = true; break;
    case yajl_t_false: n.kind = Node::Kind::Bool; break;
    case yajl_t_number: n.kind = Node::Kind::Number; n.text = v->u.number.r; break;
    case yajl_t_string: n.kind = Node::Kind::String; n.text = v->u.string; break;
    case yajl_t_object:
      n.kind = Node::Kind::Object;
      for (std::size_t i = 0; i < v->u.object.len; ++i)
        n.members.emplace_back(v->u.object.keys[i], from_yajl(v->u.object.values[i]));
      break;
    case yajl_t_array:
      n.kind = Node::Kind::Array;
      for (std::size_t i = 0; i < v->u.array.len; ++i) n.items.push_back(from_yajl(v->u.array.values[i]));
      break;
    default: break;
  }
  return n;
}

void emit(const Node& n, json::Writer& w) {
  switch (n.kind) {
    case Node::Kind::Null: w.null(); break;
    case Node::Kind::Bool: w.boolean(n.b); break;
    case Node::Kind::String: w.string(n.text); break;
    case Node::Kind::Number:
      if (!n.text.empty() && n.text[0] == '-')
        w.integer(std::strtoll(n.text.c_str(), nullptr, 10));
      else
        w.unsigned_integer(std::strtoull(n.text.c_str(), nullptr, 10));
      break;
    case Node::Kind::Object:
      w.begin_object();
      for (const auto& [k, v] : n.members) {
        w.key(k);
        emit(v, w);
      }
      w.end_object();
      break;
    case Node::Kind::Array:
      w.begin_array();
      for (const auto& i : n.items) emit(i, w);
      w.end_array();
      break;
  }
}

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
  char err[256] = "";
  std::unique_ptr<yajl_val_s, decltype(&yajl_tree_free)> tree(yajl_tree_parse(text->c_str(), err, sizeof err),
                                                              &yajl_tree_free);
  if (!tree)
    return std::unexpected(Error{ErrorCode::Fail, "the stored configuration of domain " +
                                                      std::to_string(domid) + " does not parse: " + err});
  Node root = from_yajl(tree.get());
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
  json::Writer w;
  emit(root, w);
  return w.str();
}

}  // namespace libxl::domain
