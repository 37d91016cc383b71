#include "libxl/domain/control.h"

#include <algorithm>

namespace libxl::domain {

Result<void> request(Context& ctx, DomId domid, Request req, bool fallback) {
  auto info = ctx.hypervisor().domain(domid);
  if (!info) {
    return std::unexpected(Error{info.error().err == ESRCH ? ErrorCode::DomainNotFound : ErrorCode::Fail,
                                 "domain " + std::to_string(domid) + ": " + info.error().message()});
  }
  const std::string dom = "/local/domain/" + std::to_string(domid);
  const char* word = req == Request::Reboot ? "reboot" : "poweroff";
  // A PV guest always has the control driver; an HVM container only once
  // its kernel says so.
  bool pv_control = !info->hvm || ctx.store().read(dom + "/control/feature-" + std::string(word)) == "1";
  if (!pv_control) {
    if (!fallback)
      return std::unexpected(Error{ErrorCode::NoParavirt,
                                   "domain " + std::to_string(domid) + " has no PV control driver"});
    auto r = ctx.hypervisor().shutdown_domain(
        domid, req == Request::Reboot ? hypervisor::ShutdownReason::Reboot
                                      : hypervisor::ShutdownReason::PowerOff);
    if (!r) return std::unexpected(Error{ErrorCode::Fail, r.error().message()});
    return {};
  }
  if (auto r = ctx.store().write(store::kNoTx, dom + "/control/shutdown", word); !r)
    return std::unexpected(Error{ErrorCode::Fail, "writing " + dom + "/control/shutdown: " + r.error().message()});
  return {};
}

Result<void> wait_for_shutdown(Context& ctx, DomainEvents& events, std::vector<DomId> domids,
                               const std::function<void(const DomainEvent&)>& on_each) {
  auto settle = [&](const DomainEvent& e) {
    auto it = std::find(domids.begin(), domids.end(), e.domid);
    if (it == domids.end()) return;
    domids.erase(it);
    on_each(e);
  };
  // Those already down before the watch count at once.
  for (auto d : std::vector<DomId>(domids)) {
    auto info = ctx.hypervisor().domain(d);
    if (!info || info->dying)
      settle({DomainEvent::Kind::Death, d, {}});
    else if (info->shutdown)
      settle({DomainEvent::Kind::Shutdown, d, info->shutdown_reason});
  }
  while (!domids.empty()) {
    auto evs = events.take();
    if (!evs) return std::unexpected(evs.error());
    for (const auto& e : *evs) settle(e);
  }
  return {};
}

}  // namespace libxl::domain
