// xl top. Xen's xl runs xentop; ours draws a small table itself: each
// domain's state, CPU time and share, memory and vCPUs, refreshed every
// second until 'q' or SIGINT. -b (batch: no screen control, no keys),
// -i N (N refreshes), -d SECS (the delay) follow xentop for scripting.
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <ostream>
#include <thread>

#include "commands.h"
#include "printf_string.h"

namespace xl {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;
void on_sigint(int) { g_interrupted = 1; }

// SIGINT ends the loop instead of the process, so the terminal is restored.
class SigintGuard {
 public:
  SigintGuard() {
    struct sigaction sa {};
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_);
    g_interrupted = 0;
  }
  ~SigintGuard() { sigaction(SIGINT, &old_, nullptr); }
  SigintGuard(const SigintGuard&) = delete;
  SigintGuard& operator=(const SigintGuard&) = delete;

 private:
  struct sigaction old_ {};
};

// Keys without Enter and without echo while the table is up.
class RawTerminal {
 public:
  RawTerminal() {
    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios raw = saved_;
    raw.c_lflag &= tcflag_t(~(ICANON | ECHO));
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    active_ = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
  }
  ~RawTerminal() {
    if (active_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
  }
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

struct Sample {
  std::chrono::steady_clock::time_point at;
  std::map<libxl::DomId, std::uint64_t> cpu_ns;
};

std::string state_of(const libxl::hypervisor::DomainInfo& i) {
  std::string s = "------";
  if (i.dying) s[0] = 'd';
  if (i.shutdown) s[1] = 's';
  if (i.blocked) s[2] = 'b';
  if (i.crashed) s[3] = 'c';
  if (i.paused) s[4] = 'p';
  if (i.running) s[5] = 'r';
  return s;
}

// One frame: the summary lines and a row per domain. PREV gives the CPU
// share since the last frame (0 on the first).
bool frame(libxl::Context& ctx, Io& io, const Sample* prev, Sample& cur) {
  auto doms = ctx.list_domains();
  auto phys = ctx.physinfo();
  if (!doms || !phys) {
    io.err << "libxl: error: " << (doms ? phys.error().message : doms.error().message) << "\n";
    return false;
  }
  cur.at = std::chrono::steady_clock::now();
  const double secs =
      prev ? std::chrono::duration<double>(cur.at - prev->at).count() : 0.0;
  unsigned running = 0, blocked = 0, paused = 0, crashed = 0, dying = 0, shutdown = 0;
  for (const auto& d : *doms) {
    running += d.info.running;
    blocked += d.info.blocked;
    paused += d.info.paused;
    crashed += d.info.crashed;
    dying += d.info.dying;
    shutdown += d.info.shutdown && !d.info.crashed;
  }
  const std::uint64_t total_k = phys->total_pages * 4, free_k = phys->free_pages * 4;
  std::time_t now = std::time_t(uptime_sources().now());
  std::tm tm{};
  char clock[16] = "";
  if (localtime_r(&now, &tm)) std::strftime(clock, sizeof clock, "%H:%M:%S", &tm);
  std::string xen;
  if (auto v = ctx.version_info()) xen = std::to_string(v->major) + "." + std::to_string(v->minor) + v->extra;
  io.out << "xl top - " << clock << "   Xen " << xen << "\n";
  io.out << doms->size() << " domains: " << running << " running, " << blocked << " blocked, "
         << paused << " paused, " << crashed << " crashed, " << dying << " dying, " << shutdown
         << " shutdown \n";
  io.out << "Mem: " << total_k << "k total, " << total_k - free_k << "k used, " << free_k
         << "k free    CPUs: " << phys->nr_cpus << " @ " << phys->cpu_khz / 1000 << "MHz\n";
  io.out << printf_string("%10s %6s %10s %6s %10s %6s %10s %9s %5s\n", "NAME", "STATE", "CPU(sec)", "CPU(%)",
                "MEM(k)", "MEM(%)", "MAXMEM(k)", "MAXMEM(%)", "VCPUS");
  for (const auto& d : *doms) {
    const auto& i = d.info;
    cur.cpu_ns[i.domid] = i.cpu_time_ns;
    double pct = 0.0;
    if (prev && secs > 0) {
      auto it = prev->cpu_ns.find(i.domid);
      if (it != prev->cpu_ns.end() && i.cpu_time_ns >= it->second)
        pct = double(i.cpu_time_ns - it->second) / 1e9 / secs * 100.0;
    }
    const std::uint64_t mem_k = i.tot_pages * 4, max_k = i.max_pages * 4;
    const double mem_pct = total_k ? double(mem_k) * 100.0 / double(total_k) : 0.0;
    std::string name = d.name.value_or("(null)");
    if (name.size() > 10) name.resize(10);
    io.out << printf_string("%10s %6s %10llu %6.1f %10llu %6.1f ", name.c_str(), state_of(i).c_str(),
                  static_cast<unsigned long long>(i.cpu_time_ns / 1000000000ull), pct,
                  static_cast<unsigned long long>(mem_k), mem_pct);
    // A limit past the host's memory is no limit.
    if (max_k == 0 || max_k >= total_k)
      io.out << printf_string("%10s %9s", "no limit", "n/a");
    else
      io.out << printf_string("%10llu %9.1f", static_cast<unsigned long long>(max_k),
                    double(max_k) * 100.0 / double(total_k));
    io.out << printf_string(" %5u\n", i.nr_online_vcpus);
  }
  io.out.flush();
  return true;
}

// Waits DELAY; true when the user asked to quit ('q' or SIGINT).
bool wait_or_quit(double delay, bool batch) {
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(delay);
  for (;;) {
    if (g_interrupted) return true;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    if (batch) {
      std::this_thread::sleep_for(std::min(left, std::chrono::milliseconds(100)));
      continue;
    }
    pollfd p{STDIN_FILENO, POLLIN, 0};
    if (poll(&p, 1, int(left.count())) > 0 && (p.revents & POLLIN)) {
      char c = 0;
      if (read(STDIN_FILENO, &c, 1) == 1 && (c == 'q' || c == 'Q')) return true;
    }
  }
}

}  // namespace

int cmd_top(const Globals& g, Io& io, const std::vector<std::string>& args) {
  ParsedOpts p;
  if (int rc = parse_opts(io, args, "bi:d:",
                               {{"batch", 'b'}, {"iterations", 'i', true}, {"delay", 'd', true}},
                               0, p);
      rc >= 0)
    return rc;
  bool batch = false;
  long iterations = -1;  // until told to stop
  double delay = 1.0;
  for (const auto& [c, v] : p.values) {
    char* end = nullptr;
    if (c == 'b') batch = true;
    if (c == 'i') {
      iterations = std::strtol(v.c_str(), &end, 10);
      if (*end || iterations < 1) {
        io.err << "invalid number of iterations: " << v << "\n";
        return 2;
      }
    }
    if (c == 'd') {
      delay = std::strtod(v.c_str(), &end);
      if (*end || delay < 0) {
        io.err << "invalid delay: " << v << "\n";
        return 2;
      }
    }
  }
  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  SigintGuard sigint;
  std::optional<RawTerminal> raw;
  if (!batch) raw.emplace();
  Sample prev, cur;
  bool have_prev = false;
  for (long n = 0; iterations < 0 || n < iterations; ++n) {
    if (n > 0 && wait_or_quit(delay, batch)) break;
    if (!batch) io.out << "\033[H\033[2J";
    cur = Sample{};
    if (!frame(*ctx, io, have_prev ? &prev : nullptr, cur)) return 1;
    if (batch) io.out << "\n";
    prev = cur;
    have_prev = true;
  }
  return 0;
}

}  // namespace xl
