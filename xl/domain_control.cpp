// The commands that act on a running domain's life: destroy, shutdown,
// reboot, pause, unpause. Messages and exit statuses are xl 4.17's.
#include <chrono>
#include <cstdio>
#include <functional>
#include <ostream>

#include "commands.h"
#include "libxl/domain/control.h"
#include "libxl/domain/create.h"

namespace xl {

namespace {

void say_error(Io& io, const libxl::Error& e) { io.err << "libxl: error: " << e.message << "\n"; }

}  // namespace

int cmd_destroy(const Globals& g, Io& io, const std::vector<std::string>& args) {
  auto cmd = open_domain_command(g, io, args, "f", {}, 1);
  if (!cmd) return cmd.error();
  auto& [p, ctx, domid] = *cmd;
  bool force = p.opts.find('f') != std::string::npos;
  if (domid == 0 && !force) {
    io.err << "Not destroying domain 0; use -f to force.\n"
              "This can only be done when using a disaggregated hardware domain and toolstack.\n\n";
    return 1;
  }
  auto progress = step_reporter(g, io);
  if (progress) progress("found domain " + std::to_string(domid));
  if (auto r = libxl::domain::destroy(*ctx, domid, progress); !r) {
    say_error(io, r.error());
    io.err << "destroy failed (rc=" << int(r.error().code) << ")\n";
    return 1;
  }
  return 0;
}

namespace {

// pause and unpause: one domain, one hypervisor call, libxl's message.
int pause_or_unpause(const Globals& g, Io& io, const std::vector<std::string>& args, bool pause) {
  auto cmd = open_domain_command(g, io, args, "", {}, 1);
  if (!cmd) return cmd.error();
  auto& [p, ctx, domid] = *cmd;
  auto r = pause ? ctx->hypervisor().pause(domid) : ctx->hypervisor().unpause(domid);
  if (!r) {
    io.err << "libxl: error: " << (pause ? "Pausing" : "Unpausing") << " domain " << domid << ": "
           << r.error().message() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int cmd_pause(const Globals& g, Io& io, const std::vector<std::string>& args) {
  return pause_or_unpause(g, io, args, true);
}

int cmd_unpause(const Globals& g, Io& io, const std::vector<std::string>& args) {
  return pause_or_unpause(g, io, args, false);
}

namespace {

// shutdown and reboot share xl's shutdown_domain: -a (all guests), -w (wait
// for them to go), -F (the hypervisor's shutdown when the guest has no PV
// control driver).
int shutdown_or_reboot(const Globals& g, Io& io, const std::vector<std::string>& args,
                       libxl::domain::Request req) {
  ParsedOpts p;
  if (int rc = parse_opts(io, args, "awF", {{"all", 'a'}, {"wait", 'w'}}, 0, p); rc >= 0) return rc;
  const bool all = p.opts.find('a') != std::string::npos;
  const bool wait = p.opts.find('w') != std::string::npos;
  const bool fallback = p.opts.find('F') != std::string::npos;
  if (!all && p.operands.size() != 1) {
    print_command_usage(*find_command(args[0]), io.out);
    return 2;
  }
  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  std::vector<libxl::DomId> targets;
  if (all) {
    auto doms = ctx->list_domains();
    if (!doms) {
      say_error(io, doms.error());
      return 1;
    }
    for (const auto& d : *doms) {
      if (d.info.domid != 0 && !d.info.dying) targets.push_back(d.info.domid);
    }
  } else {
    auto domid = lookup_domain(*ctx, io, p.operands[0]);
    if (!domid) return 1;
    targets.push_back(*domid);
  }
  std::optional<libxl::domain::DomainEvents> events;
  if (wait) {
    auto ev = libxl::domain::DomainEvents::open(*ctx);
    if (!ev) {
      say_error(io, ev.error());
      return 1;
    }
    events.emplace(std::move(*ev));
  }
  for (auto domid : targets) {
    io.err << (req == libxl::domain::Request::Reboot ? "Rebooting" : "Shutting down") << " domain "
           << domid << "\n";
    auto r = libxl::domain::request(*ctx, domid, req, fallback);
    if (!r) {
      say_error(io, r.error());
      if (r.error().code == libxl::ErrorCode::NoParavirt) {
        io.err << "PV control interface not available: "
               << (fallback ? "" : "use -F to fall back to ACPI power event\n");
      } else {
        io.err << (req == libxl::domain::Request::Reboot ? "reboot" : "shutdown")
               << " failed (rc=" << int(r.error().code) << ")\n";
      }
      return 1;
    }
  }
  if (!wait) return 0;
  io.err << "Waiting for " << targets.size() << " domains\n";
  auto r = libxl::domain::wait_for_shutdown(
      *ctx, *events, targets, [&](const libxl::domain::DomainEvent& e) {
        if (e.kind == libxl::domain::DomainEvent::Kind::Death)
          io.err << "Domain " << e.domid << " has been destroyed\n";
        else
          io.err << "Domain " << e.domid << " has been shut down, reason code "
                 << int(e.reason) << "\n";
      });
  if (!r) {
    say_error(io, r.error());
    return 1;
  }
  return 0;
}

}  // namespace

int cmd_shutdown(const Globals& g, Io& io, const std::vector<std::string>& args) {
  return shutdown_or_reboot(g, io, args, libxl::domain::Request::PowerOff);
}

int cmd_reboot(const Globals& g, Io& io, const std::vector<std::string>& args) {
  return shutdown_or_reboot(g, io, args, libxl::domain::Request::Reboot);
}

}  // namespace xl
