#include "libxl/domain/monitor.h"

#include <unistd.h>

#include "libxl/domain/create.h"
#include "libxl/domain/events.h"

namespace libxl::domain {

using config::ActionOnShutdown;
using hypervisor::ShutdownReason;

config::ActionOnShutdown action_for(const config::DomainConfig& cfg, ShutdownReason reason) {
  switch (reason) {
    case ShutdownReason::PowerOff: return cfg.on_poweroff;
    case ShutdownReason::Reboot: return cfg.on_reboot;
    case ShutdownReason::Crash: return cfg.on_crash;
    case ShutdownReason::Watchdog: return cfg.on_watchdog;
    case ShutdownReason::SoftReset: return cfg.on_soft_reset;
    case ShutdownReason::Suspend: break;
  }
  return ActionOnShutdown::Preserve;  // a suspend is the saver's business
}


Result<DomId> monitor(Context& ctx, DomId domid, const config::DomainConfig& cfg, std::ostream& log) {
  auto events = DomainEvents::open(ctx);
  if (!events) return std::unexpected(events.error());
  const std::string name = cfg.c_info.name.value_or("");
  config::DomainConfig current = cfg;
  auto waiting = [&] {
    log << "Waiting for domain " << name << " (domid " << domid << ") to die [pid " << ::getpid()
        << "]" << std::endl;
  };
  waiting();
  // A shutdown that happened before the watch started is acted on too.
  if (auto info = ctx.hypervisor().domain(domid); !info) {
    log << "Domain " << domid << " has been destroyed." << std::endl;
    return domid;
  }
  for (;;) {
    std::vector<DomainEvent> evs;
    auto info = ctx.hypervisor().domain(domid);
    if (!info || info->dying) {
      log << "Domain " << domid << " has been destroyed." << std::endl;
      return domid;
    }
    if (info->shutdown) {
      evs.push_back({DomainEvent::Kind::Shutdown, domid, info->shutdown_reason});
    } else {
      auto got = events->take();
      if (!got) return std::unexpected(got.error());
      evs = std::move(*got);
    }
    for (const auto& e : evs) {
      if (e.domid != domid) continue;
      if (e.kind == DomainEvent::Kind::Death) {
        log << "Domain " << domid << " has been destroyed." << std::endl;
        return domid;
      }
      log << "Domain " << domid << " has shut down, reason code " << int(e.reason) << " 0x"
          << std::hex << int(e.reason) << std::dec << std::endl;
      ActionOnShutdown act = action_for(cfg, e.reason);
      log << "Action for shutdown reason code " << int(e.reason) << " is " << to_string(act)
          << std::endl;
      switch (act) {
        case ActionOnShutdown::Preserve:
          log << "Done. Exiting now" << std::endl;
          return domid;
        case ActionOnShutdown::Restart:
        case ActionOnShutdown::RestartRename:
        case ActionOnShutdown::CoredumpRestart: {
          log << "Done. Rebooting now" << std::endl;
          if (auto r = destroy(ctx, domid); !r) {
            log << "destroying domain " << domid << " failed: " << r.error().message << std::endl;
            return std::unexpected(r.error());
          }
          // The same machine again: the MACs and numbers the first create settled.
          CreateOptions opts;
          opts.settled = &current;
          auto again = create(ctx, config::DomainConfig(current), opts);
          if (!again) {
            log << "restarting domain " << name << " failed: " << again.error().message << std::endl;
            return std::unexpected(again.error());
          }
          domid = *again;
          waiting();
          break;
        }
        default:  // destroy, coredump-destroy, soft-reset
          log << "Domain " << domid << " needs to be cleaned up: destroying the domain" << std::endl;
          if (auto r = destroy(ctx, domid); !r) {
            log << "destroying domain " << domid << " failed: " << r.error().message << std::endl;
            return std::unexpected(r.error());
          }
          log << "Done. Exiting now" << std::endl;
          return domid;
      }
      break;
    }
  }
}

}  // namespace libxl::domain
