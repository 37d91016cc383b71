#include "libxl/domain/memory.h"

#include <charconv>
#include <optional>
#include <string>

#include "libxl/config/devices/common.h"

namespace libxl::domain {

namespace {

std::string dom_path(DomId domid) { return "/local/domain/" + std::to_string(domid); }

// A whole decimal number, or nothing (libxl's strtoull with *endptr check).
std::optional<std::uint64_t> number(const std::optional<std::string>& s) {
  if (!s || s->empty()) return std::nullopt;
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size()) return std::nullopt;
  return v;
}

Error fail(DomId domid, const std::string& what, ErrorCode code = ErrorCode::Fail) {
  return Error{code, "Domain " + std::to_string(domid) + ":" + what};
}

// Dom0 is built by Xen, not by us: its target and static-max come from
// what it has now, the first time anyone asks.
Result<void> fill_dom0_memory(Context& ctx) {
  auto info = ctx.domain_info(0);
  if (!info) return std::unexpected(info.error());
  const std::string d = dom_path(0);
  auto r = store::transact(ctx.store(), [&](store::Tx tx) -> store::Result<void> {
    if (!ctx.store().read(tx, d + "/memory/target")) {
      auto w = ctx.store().write(tx, d + "/memory/target", std::to_string(info->current_memkb()));
      if (!w) return w;
    }
    if (!ctx.store().read(tx, d + "/memory/static-max")) {
      auto w = ctx.store().write(tx, d + "/memory/static-max",
                                 std::to_string(info->info.max_pages * 4));
      if (!w) return w;
    }
    return {};
  });
  if (!r) return std::unexpected(Error{ErrorCode::Fail, r.error().message()});
  return {};
}

}  // namespace

Result<void> set_memory_target(Context& ctx, DomId domid, std::uint64_t target_kb) {
  const std::string d = dom_path(domid);
  if (domid == 0 && (!ctx.store().read(d + "/memory/target") ||
                     !ctx.store().read(d + "/memory/static-max"))) {
    if (auto r = fill_dom0_memory(ctx); !r) return r;
  }
  std::optional<Error> err;
  auto r = store::transact(ctx.store(), [&](store::Tx tx) -> store::Result<void> {
    auto abort_with = [&](Error e) -> store::Result<void> {
      err = std::move(e);
      return std::unexpected(store::Error{"set_memory_target", 0});
    };
    auto target_s = ctx.store().read(tx, d + "/memory/target");
    if (!target_s) return abort_with(fail(domid, "Cannot get target memory info from " + d + "/memory/target"));
    if (!number(target_s))
      return abort_with(fail(domid, "Invalid memory target " + *target_s + " from " + d + "/memory/target"));
    auto max_s = ctx.store().read(tx, d + "/memory/static-max");
    if (!max_s) return abort_with(fail(domid, "Cannot get memory info from " + d + "/memory/static-max"));
    auto static_max = number(max_s);
    if (!static_max)
      return abort_with(fail(domid, "Invalid max memory " + *max_s + " from " + d + "/memory/static-max"));
    std::uint64_t videoram = 0;
    if (auto v = ctx.store().read(tx, d + "/memory/videoram")) videoram = number(v).value_or(0);
    std::uint64_t new_target = target_kb - videoram;
    if (new_target > *static_max)
      return abort_with(fail(domid, "memory_dynamic_max must be less than or equal to memory_static_max",
                             ErrorCode::Inval));
    if (domid == 0 && new_target < kMinDom0MemKb)
      return abort_with(fail(domid, "New target " + std::to_string(new_target) +
                                        " for dom0 is below the minimum threshold",
                             ErrorCode::Inval));
    auto info = ctx.hypervisor().domain(domid);
    if (!info)
      return abort_with(Error{info.error().err == ESRCH ? ErrorCode::DomainNotFound : ErrorCode::Fail,
                              info.error().message()});
    const std::uint64_t maxkb = new_target + videoram + kMaxmemConstantKb;
    if (auto m = ctx.hypervisor().set_max_memory(domid, maxkb); !m)
      return abort_with(fail(domid, "xc_domain_setmaxmem memkb=" + std::to_string(maxkb) +
                                        " failed: " + m.error().message()));
    // PV guests have no populate-on-demand pool.
    if (info->hvm) {
      const std::uint64_t pages = (new_target + kMaxmemConstantKb) / 4;
      if (auto p = ctx.hypervisor().set_pod_target(domid, pages); !p)
        return abort_with(fail(domid, "xc_domain_set_pod_target memkb=" + std::to_string(pages) +
                                          " failed: " + p.error().message()));
    }
    if (auto w = ctx.store().write(tx, d + "/memory/target", std::to_string(new_target)); !w) return w;
    const std::string vm = "/vm/" + config::devices::format_uuid(info->handle) + "/memory";
    return ctx.store().write(tx, vm, std::to_string(new_target / 1024));
  });
  if (err) return std::unexpected(*err);
  if (!r) return std::unexpected(Error{ErrorCode::Fail, r.error().message()});
  return {};
}

Result<void> set_max_memory(Context& ctx, DomId domid, std::uint64_t max_kb) {
  const std::string d = dom_path(domid);
  auto target_s = ctx.store().read(d + "/memory/target");
  if (!target_s) return std::unexpected(fail(domid, "Cannot get memory info from " + d + "/memory/target"));
  auto target = number(target_s);
  if (!target)
    return std::unexpected(fail(domid, "Invalid memory " + *target_s + " from " + d + "/memory/target"));
  if (max_kb < *target)
    return std::unexpected(
        fail(domid, "memory_static_max must be greater than or or equal to memory_dynamic_max"));
  const std::uint64_t kb = max_kb + kMaxmemConstantKb;
  if (auto r = ctx.hypervisor().set_max_memory(domid, kb); !r)
    return std::unexpected(fail(domid, "xc_domain_setmaxmem domid=" + std::to_string(domid) +
                                           " memkb=" + std::to_string(kb) +
                                           " failed: " + r.error().message()));
  return {};
}

}  // namespace libxl::domain
