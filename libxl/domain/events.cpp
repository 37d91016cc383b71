#include "libxl/domain/events.h"

namespace libxl::domain {

namespace {
constexpr const char* kToken = "libxl-domain-events";
}

Result<DomainEvents> DomainEvents::open(Context& ctx) {
  DomainEvents ev(ctx);
  if (auto r = ctx.store().watch("@releaseDomain", kToken); !r)
    return std::unexpected(Error{ErrorCode::Fail, "watching @releaseDomain: " + r.error().message()});
  ev.watching_ = true;
  if (auto base = ev.compare(); !base) return std::unexpected(base.error());
  return ev;
}

DomainEvents::DomainEvents(DomainEvents&& o) noexcept
    : ctx_(o.ctx_), seen_(std::move(o.seen_)), watching_(o.watching_) {
  o.watching_ = false;
}

DomainEvents::~DomainEvents() {
  if (watching_) (void)ctx_->store().unwatch("@releaseDomain", kToken);
}

int DomainEvents::fd() const { return ctx_->store().watch_fd(); }

Result<std::vector<DomainEvent>> DomainEvents::take() {
  auto ev = ctx_->store().read_watch();
  if (!ev) return std::unexpected(Error{ErrorCode::Fail, "reading a watch event: " + ev.error().message()});
  return compare();
}

Result<std::vector<DomainEvent>> DomainEvents::compare() {
  auto doms = ctx_->hypervisor().domains();
  if (!doms) return std::unexpected(Error{ErrorCode::Fail, doms.error().message()});
  std::vector<DomainEvent> out;
  std::map<DomId, Seen> now;
  for (const auto& d : *doms) {
    // A dying domain is as good as dead to whoever waits for it.
    if (d.dying) continue;
    now[d.domid].shutdown = d.shutdown;
    auto before = seen_.find(d.domid);
    if (d.shutdown && (before == seen_.end() || !before->second.shutdown))
      out.push_back({DomainEvent::Kind::Shutdown, d.domid, d.shutdown_reason});
  }
  for (const auto& [id, s] : seen_) {
    if (!now.contains(id)) out.push_back({DomainEvent::Kind::Death, id, {}});
  }
  seen_ = std::move(now);
  return out;
}

}  // namespace libxl::domain
