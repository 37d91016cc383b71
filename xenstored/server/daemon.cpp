#include "xenstored/server/daemon.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "xenstored/server/event_loop.h"
#include "xenstored/transport/unix_socket.h"
#include "xenstored/xen/ring_transport.h"
#include "xenstored/xen/xen_channels.h"

namespace xenstored {

namespace {

bool write_pid_file(const std::string& file) {
  std::FILE* f = std::fopen(file.c_str(), "w");
  if (!f) return false;
  std::fprintf(f, "%ld\n", long(::getpid()));
  return std::fclose(f) == 0;
}

// Classic double fork; the parent exits only once the socket is listening,
// so whoever started us may connect as soon as we return.
void daemonize(bool output_pid) {
  pid_t pid = ::fork();
  if (pid < 0) {
    std::perror("xenstored: fork");
    std::exit(1);
  }
  if (pid > 0) std::_Exit(0);
  ::setsid();
  pid = ::fork();
  if (pid < 0) std::_Exit(1);
  if (pid > 0) {
    if (output_pid) {
      std::printf("%ld\n", long(pid));
      std::fflush(stdout);
    }
    std::_Exit(0);
  }
  if (::chdir("/") != 0) std::_Exit(1);
  int null = ::open("/dev/null", O_RDWR);
  if (null >= 0) {
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    if (null > 2) ::close(null);
  }
}

}  // namespace

int run_daemon(const Options& opts) {
  bool foreground = opts.no_fork;
  auto log = [foreground](std::string_view msg) {
    if (foreground) {
      std::fprintf(stderr, "xenstored: %.*s\n", int(msg.size()), msg.data());
    } else {
      ::syslog(LOG_INFO, "%.*s", int(msg.size()), msg.data());
    }
  };

  EngineConfig cfg = opts.engine;
  // On Xen, guests' rings offer reconnection and error reporting, and
  // GET_FEATURE says so.
  if (!opts.no_domain_init && ::access("/dev/xen/evtchn", F_OK) == 0)
    cfg.server_features = RingTransport::kFeatures;
  Engine engine(cfg);
  engine.set_log(log);
  if (!opts.trace_file.empty()) {
    if (!engine.set_trace_file(opts.trace_file)) {
      std::fprintf(stderr, "xenstored: cannot open trace file %s: %s\n", opts.trace_file.c_str(),
                   std::strerror(errno));
      return 1;
    }
    engine.set_tracing(true);
  }

  std::error_code ec;
  auto dir = std::filesystem::path(opts.socket_path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  auto listener = UnixListener::listen(opts.socket_path);
  if (!listener) {
    std::fprintf(stderr, "xenstored: %s\n", listener.error().c_str());
    return 1;
  }

  if (!foreground) {
    ::openlog("xenstored", LOG_PID, LOG_DAEMON);
    daemonize(opts.output_pid);
  } else if (opts.output_pid) {
    std::printf("%ld\n", long(::getpid()));
    std::fflush(stdout);
  }
  if (!opts.pid_file.empty() && !write_pid_file(opts.pid_file)) {
    log("cannot write pid file " + opts.pid_file + ": " + std::strerror(errno));
    return 1;
  }

  EventLoop loop(engine);
  loop.add_listener(std::move(*listener));
  if (opts.verbose) log("serving " + opts.socket_path);

  // On a Xen dom0: guests' rings on INTRODUCE, dom0's kernel ring, domain
  // exits. Elsewhere (or with -D) the socket is all there is.
  std::unique_ptr<XenDomainChannels> xen;
  if (!opts.no_domain_init) {
    if (auto ch = XenDomainChannels::open(engine, loop, log)) {
      xen = std::move(*ch);
      engine.set_domain_channels(xen.get());
      loop.add_source(xen->fd(), [&xen] { xen->on_events(); });
      if (::access("/proc/xen/xsd_kva", F_OK) == 0) {
        if (auto r = xen->attach_dom0(); !r)
          log("dom0's ring: " + r.error());
        else if (opts.verbose)
          log("serving dom0's ring");
      }
    } else if (opts.verbose) {
      log("no Xen here (" + ch.error() + "): the socket only");
    }
  }
  int status = loop.run();
  engine.set_domain_channels(nullptr);
  xen.reset();
  if (!opts.pid_file.empty()) ::unlink(opts.pid_file.c_str());
  if (opts.verbose) log("stopped");
  return status;
}

}  // namespace xenstored
