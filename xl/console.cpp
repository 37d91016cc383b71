// `xl console [-t TYPE] [-n NUM] DOMAIN`: xl 4.17's options, messages and
// exit statuses. xl execs Xen's xenconsole client for the attaching; this
// one attaches in-process through libxl/console and keeps xenconsole's
// messages and statuses for what went wrong there.
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <ostream>

#include "commands.h"
#include "libxl/console/attach.h"
#include "libxl/console/stop_signals.h"

namespace xl {

int console_attach(Io& io, libxl::Context& ctx, libxl::DomId domid,
                   std::optional<libxl::console::ConsoleType> type, int num) {
  namespace lc = libxl::console;
  io.out.flush();  // the console's bytes go straight to fd 1
  int signo = 0;
  lc::Result<lc::End> end;
  {
    auto stop = lc::StopSignals::open();
    if (!stop) {
      io.err << "xl: " << stop.error().message << "\n";
      return 1;
    }
    end = lc::attach(ctx, domid, type, num, {STDIN_FILENO, STDOUT_FILENO, stop->fd()});
    if (end && *end == lc::End::Stopped) signo = stop->take();
  }  // the terminal is restored and the signals unblocked here
  if (!end) {
    const auto& e = end.error();
    switch (e.kind) {
      case lc::Error::Kind::NoDomain:
        // libxl's log line, then xl's own words and status.
        io.err << "libxl: error: " << e.message << "\nUnable to attach console\n";
        return EXIT_FAILURE;
      case lc::Error::Kind::Dom0:
        io.err << e.message << "\n";
        return EINVAL;
      case lc::Error::Kind::NoTty:
        // xenconsole exits with the errno it reports.
        io.err << "xl: " << e.message << "\n";
        return e.err ? e.err : EXIT_FAILURE;
      case lc::Error::Kind::Io:
      case lc::Error::Kind::Stopped:  // attach() turns this one into End::Stopped
        // xenconsole reports a failed copy and still exits 0.
        io.err << e.message << "\n";
        return 0;
    }
  }
  if (signo == SIGINT) {
    // xenconsole leaves SIGINT at its default: die of it, output written.
    io.out.flush();
    io.err.flush();
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
  }
  return 0;  // detached, console gone, input ended, or SIGTERM: all 0 for xenconsole
}

int cmd_console(const Globals& g, Io& io, const std::vector<std::string>& args) {
  ParsedOpts o;
  if (int rc = parse_opts(io, args, "n:t:", {}, 1, o); rc >= 0) return rc;
  std::optional<libxl::console::ConsoleType> type;
  int num = 0;
  for (const auto& [c, value] : o.values) {
    if (c == 't') {
      type = libxl::console::console_type_from_string(value);
      if (!type) {
        io.err << "console type supported are: pv, serial, vuart\n";
        return EXIT_FAILURE;
      }
    } else if (c == 'n') {
      num = std::atoi(value.c_str());  // xl's atoi: junk reads as 0
    }
  }
  auto ctx = open_context(g, io);
  if (!ctx) return EXIT_FAILURE;
  const std::string& q = o.operands[0];
  auto domid = ctx->domain_qualifier_to_domid(q);
  if (!domid) {
    io.err << q << " is an invalid domain identifier (rc=" << int(domid.error().code) << ")\n";
    return EXIT_FAILURE;
  }
  return console_attach(io, *ctx, *domid, type, num);
}

}  // namespace xl
