#include "libxl/domain/events.h"

#include <cstdlib>

namespace libxl::domain {

namespace {

constexpr const char* kToken = "libxl-domain-events";
constexpr const char* kDeviceToken = "libxl-device-states";
// Only dom0 writes here: a guest cannot make events of its own.
const std::string kBackends = "/local/domain/0/backend";

std::optional<device::Kind> kind_named(std::string_view s) {
  if (s == "vbd") return device::Kind::Vbd;
  if (s == "vif") return device::Kind::Vif;
  if (s == "console") return device::Kind::Console;
  return std::nullopt;
}

std::vector<std::string> split(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    auto slash = s.find('/');
    out.emplace_back(s.substr(0, slash));
    if (slash == std::string_view::npos) break;
    s.remove_prefix(slash + 1);
  }
  return out;
}

bool number(const std::string& s, long& out) {
  char* end = nullptr;
  out = std::strtol(s.c_str(), &end, 10);
  return !s.empty() && *end == '\0' && out >= 0;
}

}  // namespace

Result<DomainEvents> DomainEvents::open(Context& ctx, EventInterest interest) {
  DomainEvents ev(ctx);
  if (auto r = ctx.store().watch("@releaseDomain", kToken); !r)
    return std::unexpected(Error{ErrorCode::Fail, "watching @releaseDomain: " + r.error().message()});
  ev.watching_ = true;
  if (interest.device_states) {
    if (auto r = ctx.store().watch(kBackends, kDeviceToken); !r)
      return std::unexpected(Error{ErrorCode::Fail, "watching " + kBackends + ": " + r.error().message()});
    ev.watching_devices_ = true;
    ev.rescan(kBackends, false);
  }
  if (auto base = ev.compare(); !base) return std::unexpected(base.error());
  return ev;
}

DomainEvents::DomainEvents(DomainEvents&& o) noexcept
    : ctx_(o.ctx_),
      seen_(std::move(o.seen_)),
      states_(std::move(o.states_)),
      watching_(o.watching_),
      watching_devices_(o.watching_devices_) {
  o.watching_ = o.watching_devices_ = false;
}

DomainEvents::~DomainEvents() {
  if (watching_) (void)ctx_->store().unwatch("@releaseDomain", kToken);
  if (watching_devices_) (void)ctx_->store().unwatch(kBackends, kDeviceToken);
}

int DomainEvents::fd() const { return ctx_->store().watch_fd(); }

Result<std::vector<DomainEvent>> DomainEvents::take() {
  auto ev = ctx_->store().read_watch();
  if (!ev) return std::unexpected(Error{ErrorCode::Fail, "reading a watch event: " + ev.error().message()});
  if (ev->second != kDeviceToken) return compare();
  const std::string& path = ev->first;
  if (path != kBackends && !path.starts_with(kBackends + "/")) return std::vector<DomainEvent>{};
  // The device the changed node belongs to (kind/domid/devid), or the
  // shallower directory that changed as a whole.
  auto parts = split(std::string_view(path).substr(std::min(path.size(), kBackends.size() + 1)));
  std::string dir = kBackends;
  for (std::size_t i = 0; i < parts.size() && i < 3; ++i) dir += "/" + parts[i];
  return rescan(dir, true);
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

std::vector<DomainEvent> DomainEvents::rescan(const std::string& dir, bool report) {
  auto& xs = ctx_->store();
  // The device directories (depth 3 below the backends) under DIR.
  const std::size_t depth = dir == kBackends ? 0 : split(dir.substr(kBackends.size() + 1)).size();
  std::vector<std::string> level{dir};
  for (std::size_t d = depth; d < 3; ++d) {
    std::vector<std::string> next;
    for (const auto& p : level) {
      if (auto kids = xs.directory(p)) {
        for (const auto& k : *kids) next.push_back(p + "/" + k);
      }
    }
    level = std::move(next);
  }
  std::vector<DomainEvent> out;
  auto event = [&](const std::string& be, device::XenbusState st) {
    auto parts = split(be.substr(kBackends.size() + 1));
    long domid = 0, devid = 0;
    auto kind = kind_named(parts[0]);
    if (!kind || !number(parts[1], domid) || !number(parts[2], devid)) return;
    DomainEvent e;
    e.kind = DomainEvent::Kind::DeviceState;
    e.domid = DomId(domid);
    e.device = device::Ref{*kind, DomId(domid), int(devid), 0};
    e.state = st;
    out.push_back(e);
  };
  std::map<std::string, device::XenbusState> now;
  for (const auto& be : level) {
    long v = 0;
    auto st = xs.read(be + "/state");
    if (!st || !number(*st, v) || v > 8) continue;
    now[be] = device::XenbusState(v);
  }
  // What was under DIR and is no longer.
  for (auto it = states_.lower_bound(dir); it != states_.end() && it->first.starts_with(dir);) {
    const bool under = it->first.size() == dir.size() || it->first[dir.size()] == '/';
    if (under && !now.contains(it->first)) {
      if (report) event(it->first, device::XenbusState::Unknown);
      it = states_.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [be, st] : now) {
    auto [it, added] = states_.try_emplace(be, st);
    if (!added && it->second == st) continue;
    it->second = st;
    if (report) event(be, st);
  }
  return out;
}

}  // namespace libxl::domain
