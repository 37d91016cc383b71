// xl migrate and xl migrate-receive: a save stream sent down a pipe to the
// other host's xl (over ssh by default), with Xen 4.17's handshake so that
// either end may be Xen's xl. The receiver builds the domain paused as
// NAME--incoming; the sender's copy becomes NAME--migratedaway once the
// receiver has it all; only after the sender's "go" does the receiver
// take the name and start, and only after its report does the sender
// destroy its copy. Until "go" a failure leaves the sender running.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "commands.h"
#include "libxl/domain/create.h"
#include "libxl/domain/monitor.h"
#include "libxl/domain/rename.h"
#include "libxl/domain/save.h"
#include "libxl/domain/save_file.h"

namespace xl {

namespace {

// The messages of the handshake: the banner without its NUL, the others
// with theirs, as xl sends them.
const std::string kBanner = "xl migration receiver ready, send binary domain data.\n";
const std::string kReady("domain received, ready to unpause", 34);
const std::string kGo("domain is yours, you are cleared to unpause", 44);
const std::string kReport("my copy unpause results are as follows", 39);

bool send(int fd, const std::string& m) { return bool(libxl::domain::write_exactly(fd, m.data(), m.size(), "a message")); }

// Reads exactly what MSG is and compares; says what came instead.
bool expect(Io& io, int fd, const std::string& msg, const std::string& stream, const std::string& what) {
  std::string got(msg.size(), '\0');
  auto r = libxl::domain::read_exactly(fd, got.data(), got.size(), stream, what.c_str());
  if (!r) {
    io.err << r.error().message << "\n";
    return false;
  }
  if (got != msg) {
    io.err << stream << " contained unexpected data instead of " << what << "\n";
    return false;
  }
  return true;
}

struct Child {
  pid_t pid = -1;
  int to = -1, from = -1;  // its stdin, its stdout
};

// sh -c RUNE with pipes for its stdin and stdout.
std::optional<Child> spawn(const std::string& rune) {
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return std::nullopt;
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]);
    ::close(in[1]);
    return std::nullopt;
  }
  pid_t pid = ::fork();
  if (pid < 0) return std::nullopt;
  if (pid == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::execlp("sh", "sh", "-c", rune.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  return Child{pid, in[1], out[0]};
}

// Closes our ends and waits a little for the transport, as xl does.
void reap(Io& io, Child& c) {
  if (c.to >= 0) ::close(c.to);
  if (c.from >= 0) ::close(c.from);
  c.to = c.from = -1;
  for (int i = 0; i < 20; ++i) {
    int status = 0;
    pid_t r = ::waitpid(c.pid, &status, WNOHANG);
    if (r == c.pid) {
      if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        io.err << "migration transport process [" << c.pid << "] exited with error status "
               << WEXITSTATUS(status) << "\n";
      return;
    }
    if (r < 0) return;
    ::usleep(100000);
  }
  io.err << "migration child [" << c.pid << "] not exiting, no longer waiting (exit status will be unreported)\n";
}

}  // namespace

int cmd_migrate(const Globals& g, Io& io, const std::vector<std::string>& args) {
  ParsedOpts p;
  if (int rc = parse_opts(io, args, "FC:s:epD", {{"debug", '\x01'}, {"live", '\x02'}}, 2, p); rc >= 0)
    return rc;
  std::string config_file, ssh = "ssh";
  bool daemonize = true, debug = false, pause_after = false, preserve_domid = false;
  for (const auto& [o, v] : p.values) {
    switch (o) {
      case 'C': config_file = v; break;
      case 's': ssh = v; break;
      case 'e': case 'F': daemonize = false; break;
      case 'p': pause_after = true; break;
      case 'D': preserve_domid = true; break;
      case '\x01': debug = true; break;
      default: break;
    }
  }
  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  auto domid = lookup_domain(*ctx, io, p.operands[0]);
  if (!domid) return 1;
  const std::string& host = p.operands[1];
  auto name = ctx->domid_to_name(*domid);

  auto config_json = config_to_send(g, io, *ctx, *domid, config_file, preserve_domid,
                                    {"", "No config file stored for running domain and none supplied - cannot migrate."});
  if (!config_json) return 1;

  std::string rune;
  if (ssh.empty()) {
    rune = host;
  } else {
    std::string verbose;
    if (g.verbose > 0) verbose = " -" + std::string(std::size_t(g.verbose), 'v');
    rune = "exec " + ssh + " " + host + " xl" + (g.timestamps || ::isatty(2) ? " -t" : "") +
           (g.timestamps_all ? " -T" : "") + verbose + " migrate-receive" + (daemonize ? "" : " -e") +
           (debug ? " -d" : "") + (pause_after ? " -p" : "");
  }
  ::signal(SIGPIPE, SIG_IGN);
  auto child = spawn(rune);
  if (!child) {
    io.err << "failed to start the migration transport: " << std::strerror(errno) << "\n";
    return 1;
  }
  if (!expect(io, child->from, kBanner, "migration receiver stream", "banner")) {
    io.err << "(command run was: " << rune << " )\n";
    reap(io, *child);
    return 1;
  }

  auto header = libxl::domain::write_save_header(child->to, *config_json);
  if (!header) {
    io.err << "libxl: error: " << header.error().message << "\n";
    reap(io, *child);
    return 1;
  }
  io.err << "Saving to migration stream new xl format (info " << save_header_info(*header) << ")\n";
  libxl::domain::SaveOptions so;
  so.live = true;
  so.debug = debug;
  so.progress = step_reporter(g, io);
  so.notice = [&](const std::string& m) { io.err << "migration sender: " << m << "\n"; };
  auto resume_here = [&](const char* why) {
    io.err << why;
    if (auto r = libxl::domain::resume(*ctx, *domid); !r) io.err << "libxl: error: " << r.error().message << "\n";
    reap(io, *child);
    return 1;
  };
  if (auto r = libxl::domain::save_stream(*ctx, *domid, child->to, so); !r) {
    io.err << "libxl: error: " << r.error().message << "\n";
    io.err << "migration sender: libxl_domain_suspend failed (rc=" << int(r.error().code) << ")\n";
    if (r.error().code == libxl::ErrorCode::GuestTimedOut) {
      io.err << "Migration failed, failed to suspend at sender.\n";
      reap(io, *child);
      return 1;
    }
    return resume_here("Migration failed, resuming at sender.\n");
  }
  if (!expect(io, child->from, kReady, "migration receiver stream", "ready message"))
    return resume_here("Migration failed, resuming at sender.\n");
  io.err << "migration sender: Target has acknowledged transfer.\n";

  const std::string away = name.value_or("") + "--migratedaway";
  if (name) {
    if (auto r = libxl::domain::rename(*ctx, *domid, away); !r) {
      io.err << "libxl: error: " << r.error().message << "\n";
      return resume_here("Migration failed, resuming at sender.\n");
    }
  }
  io.err << "migration sender: Giving target permission to start.\n";
  auto failed_badly = [&] {
    io.err << "** Migration failed during final handshake **\n"
              "Domain state is now undefined !\n"
              "Please CHECK AT BOTH ENDS for running instances, before renaming and\n"
              " resuming at most one instance.  Two simultaneous instances of the domain\n"
              " would probably result in SEVERE DATA LOSS and it is now your\n"
              " responsibility to avoid that.  Sorry.\n";
    reap(io, *child);
    return 1;
  };
  if (!send(child->to, kGo)) return failed_badly();
  if (!expect(io, child->from, kReport, "migration receiver stream", "success/failure report")) return failed_badly();
  unsigned char status = 0;
  if (!libxl::domain::read_exactly(child->from, &status, 1, "migration receiver stream", "status code"))
    return failed_badly();
  if (status != 0) {
    io.err << "migration sender: Target reports startup failure (status code " << int(status) << ").\n";
    if (!expect(io, child->from, kGo, "migration receiver stream", "permission for sender to resume"))
      return failed_badly();
    io.err << "migration sender: Trying to resume at our end.\n";
    if (name) (void)libxl::domain::rename(*ctx, *domid, *name);
    if (auto r = libxl::domain::resume(*ctx, *domid); r) io.err << "migration sender: Resumed OK.\n";
    io.err << "Migration failed due to problems at target.\n";
    reap(io, *child);
    return 1;
  }
  io.err << "migration sender: Target reports successful startup.\n";
  if (auto r = libxl::domain::destroy(*ctx, *domid, so.progress); !r)
    io.err << "libxl: error: " << r.error().message << "\n";
  io.err << "Migration successful.\n";
  reap(io, *child);
  return 0;
}

int cmd_migrate_receive(const Globals& g, Io& io, const std::vector<std::string>& args) {
  ParsedOpts p;
  if (int rc = parse_opts(io, args, "Fedrp", {{"colo", '\x01'}, {"coloft-script", '\x02', true},
                                             {"userspace-colo-proxy", '\x03'}},
                          0, p);
      rc >= 0)
    return rc;
  if (!p.operands.empty()) {
    print_command_usage(*find_command("migrate-receive"), io.out);
    return 1;
  }
  auto has = [&](char c) { return p.opts.find(c) != std::string::npos; };
  if (has('r') || p.opts.find('\x01') != std::string::npos) {
    io.err << "migration target: Remus and COLO streams are not supported by this xl\n";
    return 1;
  }
  const int in = 0, out = 1;
  const std::string source = "<incoming migration stream>";
  io.err << "migration target: Ready to receive domain.\n";
  io.err.flush();
  if (!send(out, kBanner)) return 1;

  auto header = libxl::domain::read_save_header(in, source);
  if (!header) {
    io.err << header.error().message << "\n";
    return 1;
  }
  io.err << "Loading new save file " << source << " (new xl fmt info " << save_header_info(*header) << ")\n";
  if (!header->config || !(header->mandatory_flags & libxl::domain::kSaveFlagJson)) {
    io.err << "Config file not specified and none in save file\n";
    return 1;
  }
  io.err << " Savefile contains xl domain config in JSON format\n";
  io.err << "Parsing config from <saved>\n";
  auto cfg = libxl::config::domain_config_from_json(*header->config);
  if (!cfg) {
    io.err << "<saved>: " << cfg.error() << "\n";
    return 1;
  }
  if (has('d')) io.err << libxl::config::domain_config_to_json(*cfg);
  const std::string name = cfg->c_info.name.value_or("");
  libxl::config::DomainConfig incoming = *cfg;
  incoming.c_info.name = name + "--incoming";

  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  libxl::domain::CreateOptions opts;
  opts.paused = true;
  opts.progress = step_reporter(g, io);
  libxl::config::DomainConfig settled = incoming;
  opts.settled = &settled;
  auto domid = libxl::domain::restore(*ctx, incoming, in, source, opts);
  if (!domid) {
    io.err << "libxl: error: " << domid.error().message << "\n";
    io.err << "migration target: Domain creation failed (code " << int(domid.error().code) << ").\n";
    return 1;
  }
  io.err << "migration target: Transfer complete, requesting permission to start domain.\n";
  io.err.flush();
  auto destroy_ours = [&] { (void)libxl::domain::destroy(*ctx, *domid); };
  if (!send(out, kReady)) {
    destroy_ours();
    return 1;
  }
  if (!expect(io, in, kGo, "migration stream", "GO message")) {
    destroy_ours();
    return 1;
  }
  io.err << "migration target: Got permission, starting domain.\n";
  int rc = 0;
  if (auto r = libxl::domain::rename(*ctx, *domid, name); !r) {
    io.err << "libxl: error: " << r.error().message << "\n";
    rc = int(r.error().code);
  } else if (!has('p')) {
    if (auto u = ctx->hypervisor().unpause(*domid); !u) {
      io.err << "libxl: error: unpausing domain " << *domid << ": " << u.error().message() << "\n";
      rc = int(libxl::ErrorCode::Fail);
    }
  }
  if (rc == 0) {
    io.err << "migration target: Domain started successsfully.\n";
  }
  // The report and its status byte: 0, or libxl's error negated.
  const std::string report = kReport + std::string(1, char(-rc));
  if (!send(out, report)) return 1;
  if (rc != 0) {
    io.err << "migration target: Failure, destroying our copy.\n";
    if (auto r = libxl::domain::destroy(*ctx, *domid); !r) {
      io.err << "migration target: Failed to destroy our copy (code " << int(r.error().code) << ").\n";
      return 1;
    }
    io.err << "migration target: Cleanup OK, granting sender permission to resume.\n";
    (void)send(out, kGo);
    return 0;
  }
  // The monitor watches the domain under its own name from now on.
  settled.c_info.name = name;
  if (has('e')) return 0;
  if (has('F')) {
    auto r = libxl::domain::monitor(*ctx, *domid, settled, io.err);
    return r ? 0 : 1;
  }
  start_monitor(g, *domid, settled);
  return 0;
}

}  // namespace xl
