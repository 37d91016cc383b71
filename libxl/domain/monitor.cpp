#include "libxl/domain/monitor.h"

#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <functional>

#include "libxl/domain/create.h"
#include "libxl/domain/events.h"
#include "libxl/domain/rename.h"
#include "libxl/host/random.h"
#include "../store/writer.h"

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


namespace {

// xl's XEN_DUMP_DIR/<name>; a failed dump is said and the action goes on.
void dump_core(Context& ctx, DomId domid, const std::string& name, std::ostream& log) {
  const std::string dir = ctx.lib_dir() + "/dump", file = dir + "/" + name;
  ::mkdir(dir.c_str(), 0700);
  log << "dumping core to " << file << std::endl;
  if (auto r = ctx.hypervisor().dump_core(domid, file); !r)
    log << "core dump failed (" << r.error().message() << ")." << std::endl;
}

// xl's preserve_domain: NAME-<UTC time> and a fresh UUID for the old domain.
bool preserve(Context& ctx, DomId domid, const std::string& name, std::ostream& log) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  char suffix[24] = "";
  if (!::gmtime_r(&now, &tm) || !std::strftime(suffix, sizeof suffix, "-%Y%m%dT%H%MZ", &tm)) {
    log << "Failed to format time as a string" << std::endl;
    return false;
  }
  log << "Preserving domain " << domid << " " << name << " with suffix" << suffix << std::endl;
  auto uuid = host::random_uuid();
  if (!uuid) return false;
  auto renamed = rename(ctx, domid, name + suffix);
  if (!renamed) {
    log << "Preserving domain " << domid << " failed: " << renamed.error().message << std::endl;
    return false;
  }
  // Its /vm record says so too, so the new domain's /vm/<uuid> is its own.
  const std::string dom = "/local/domain/" + std::to_string(domid);
  if (auto vm = ctx.store().read(dom + "/vm")) {
    const std::string fresh = config::devices::format_uuid(*uuid), vm_new = "/vm/" + fresh;
    auto moved = store::in_transaction(ctx.store(), [&](store::Tx tx) -> Result<void> {
      store::Writer w(ctx.store(), tx);
      std::function<void(const std::string&)> copy = [&](const std::string& rel) {
        if (auto v = ctx.store().read(tx, *vm + rel)) w.write(vm_new + rel, *v);
        if (auto kids = ctx.store().directory(tx, *vm + rel))
          for (const auto& k : *kids) copy(rel + "/" + k);
      };
      copy("");
      w.write(vm_new + "/uuid", fresh).write(vm_new + "/name", name + suffix);
      w.perms(vm_new, store::Perms{{0, 'n'}, {domid, 'r'}});
      w.remove(*vm).write(dom + "/vm", vm_new);
      return w.done();
    });
    if (!moved) log << "Preserving domain " << domid << ": " << moved.error().message << std::endl;
  }
  if (auto r = ctx.hypervisor().set_handle(domid, *uuid); !r)
    log << "Preserving domain " << domid << ": " << r.error().message() << std::endl;
  return true;
}

}  // namespace

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
      // The saver's business: this monitor's domain is about to go.
      if (e.reason == ShutdownReason::Suspend) {
        log << "Domain has suspended." << std::endl << "Done. Exiting now" << std::endl;
        return domid;
      }
      ActionOnShutdown act = action_for(cfg, e.reason);
      log << "Action for shutdown reason code " << int(e.reason) << " is " << to_string(act)
          << std::endl;
      if (act == ActionOnShutdown::CoredumpDestroy || act == ActionOnShutdown::CoredumpRestart)
        dump_core(ctx, domid, name, log);
      // The same machine again: the MACs and numbers the first create settled.
      auto restart = [&]() -> Result<void> {
        CreateOptions opts;
        opts.settled = &current;
        auto again = create(ctx, config::DomainConfig(current), opts);
        if (!again) {
          log << "restarting domain " << name << " failed: " << again.error().message << std::endl;
          return std::unexpected(again.error());
        }
        domid = *again;
        waiting();
        return {};
      };
      switch (act) {
        case ActionOnShutdown::Preserve:
          log << "Done. Exiting now" << std::endl;
          return domid;
        case ActionOnShutdown::RestartRename:
          // The dead domain is kept under another name and UUID; a new one
          // takes its place.
          if (!preserve(ctx, domid, name, log)) return domid;
          log << "Done. Rebooting now" << std::endl;
          if (auto r = restart(); !r) return std::unexpected(r.error());
          break;
        case ActionOnShutdown::Restart:
        case ActionOnShutdown::CoredumpRestart:
          log << "Done. Rebooting now" << std::endl;
          if (auto r = destroy(ctx, domid); !r) {
            log << "destroying domain " << domid << " failed: " << r.error().message << std::endl;
            return std::unexpected(r.error());
          }
          if (auto r = restart(); !r) return std::unexpected(r.error());
          break;
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
