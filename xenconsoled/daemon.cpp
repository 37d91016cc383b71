#include "xenconsoled/daemon.h"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <syslog.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "xensys/xenstore.h"

#include "xenconsoled/console_ring.h"
#include "xensys/xenctrl.h"

namespace xenconsoled {

namespace {

using DomId = std::uint32_t;

// What a guest prints waits here while no one reads the pty; past this the
// oldest bytes go (a console nobody watches must not grow the daemon).
constexpr std::size_t kPtyBufferMax = 64 * 1024;
constexpr std::size_t kInputBufferMax = 16 * 1024;

constexpr std::uint64_t kEvtchnTag = 1ull << 40;
constexpr std::uint64_t kStoreTag = 2ull << 40;

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = o.fd_;
      o.fd_ = -1;
    }
    return *this;
  }
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

template <class T>
using Handle = std::unique_ptr<T, void (*)(T*)>;

struct Console {
  DomId domid = 0;
  std::string name;
  std::shared_ptr<xencons_interface> page;
  std::unique_ptr<ConsoleRing> ring;
  evtchn_port_t port = 0;
  Fd master, slave, log;
  std::string to_pty, to_guest;
};

class Daemon {
 public:
  explicit Daemon(const Options& o) : opts_(o) {}
  std::expected<void, std::string> open();
  int loop();

 private:
  void say(const std::string& s);
  std::string read_node(const std::string& path);
  void scan();
  void attach(DomId domid);
  void detach(DomId domid);
  void service(Console& c);
  void on_pty(Console& c);
  void flush_pty(Console& c);
  bool write_log(Console& c, std::string_view data);

  Options opts_;
  Handle<xs_handle> xs_{nullptr, nullptr};
  Handle<xenevtchn_handle> evtchn_{nullptr, nullptr};
  Handle<xengnttab_handle> gnttab_{nullptr, nullptr};
  Handle<xenforeignmemory_handle> fmem_{nullptr, nullptr};
  Handle<xc_interface> xc_{nullptr, nullptr};
  Fd epoll_;
  std::map<DomId, std::unique_ptr<Console>> consoles_;
  std::map<evtchn_port_t, DomId> by_port_;
  std::set<DomId> refused_;  // consoles that cannot be set up: not retried on every scan
  std::set<DomId> watched_;  // domains whose console directory we watch
};

void Daemon::say(const std::string& s) {
  if (opts_.foreground)
    std::fprintf(stderr, "xenconsoled: %s\n", s.c_str());
  else
    ::syslog(LOG_INFO, "%s", s.c_str());
}

std::expected<void, std::string> Daemon::open() {
  auto fail = [](const char* what) { return std::unexpected(std::string(what) + ": " + std::strerror(errno)); };
  xs_ = {xs_open(0), [](xs_handle* h) { xs_close(h); }};
  if (!xs_) return fail("cannot reach xenstored");
  evtchn_ = {xenevtchn_open(nullptr, 0), [](xenevtchn_handle* h) { xenevtchn_close(h); }};
  if (!evtchn_) return fail("xenevtchn_open");
  int efd = xenevtchn_fd(evtchn_.get());
  ::fcntl(efd, F_SETFL, ::fcntl(efd, F_GETFL) | O_NONBLOCK);
  gnttab_ = {xengnttab_open(nullptr, 0), [](xengnttab_handle* h) { xengnttab_close(h); }};
  fmem_ = {xenforeignmemory_open(nullptr, 0), [](xenforeignmemory_handle* h) { xenforeignmemory_close(h); }};
  xc_ = {xc_interface_open(nullptr, nullptr, 0), [](xc_interface* h) { xc_interface_close(h); }};
  if (!xc_) return fail("xc_interface_open");
  epoll_ = Fd(::epoll_create1(EPOLL_CLOEXEC));
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kEvtchnTag;
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, efd, &ev);
  ev.data.u64 = kStoreTag;
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, xs_fileno(xs_.get()), &ev);
  // Each watch fires once when set, which makes the first scan.
  if (!xs_watch(xs_.get(), "@introduceDomain", "introduce") || !xs_watch(xs_.get(), "@releaseDomain", "release"))
    return fail("cannot watch @introduceDomain/@releaseDomain");
  return {};
}

std::string Daemon::read_node(const std::string& path) {
  unsigned len = 0;
  char* v = static_cast<char*>(xs_read(xs_.get(), XBT_NULL, path.c_str(), &len));
  if (!v) return {};
  std::string s(v, len);
  std::free(v);
  return s;
}

void Daemon::scan() {
  std::vector<xc_domaininfo_t> info(1024);
  int n = xc_domain_getinfolist(xc_.get(), 0, unsigned(info.size()), info.data());
  if (n < 0) return say(std::string("cannot list domains: ") + std::strerror(errno));
  std::set<DomId> alive;
  for (int i = 0; i < n; ++i) {
    DomId d = info[std::size_t(i)].domain;
    if (d == 0 || (info[std::size_t(i)].flags & XEN_DOMINF_dying)) continue;
    alive.insert(d);
    if (!watched_.contains(d)) {
      // libxl writes the console's nodes after introducing the domain: hear
      // of them (any watch event makes a scan).
      std::string path = "/local/domain/" + std::to_string(d) + "/console";
      if (xs_watch(xs_.get(), path.c_str(), "console")) watched_.insert(d);
    }
    if (!consoles_.contains(d) && !refused_.contains(d)) attach(d);
  }
  for (auto it = watched_.begin(); it != watched_.end();) {
    if (alive.contains(*it)) {
      ++it;
      continue;
    }
    std::string path = "/local/domain/" + std::to_string(*it) + "/console";
    xs_unwatch(xs_.get(), path.c_str(), "console");
    it = watched_.erase(it);
  }
  std::vector<DomId> gone;
  for (auto& [d, c] : consoles_)
    if (!alive.contains(d)) gone.push_back(d);
  for (DomId d : gone) detach(d);
  std::erase_if(refused_, [&](DomId d) { return !alive.contains(d); });
}

void Daemon::attach(DomId domid) {
  std::string base = "/local/domain/" + std::to_string(domid) + "/console";
  std::string ring_ref = read_node(base + "/ring-ref");
  std::string port = read_node(base + "/port");
  if (ring_ref.empty() || port.empty()) {
    // Not built yet: the next @introduceDomain brings us back.
    if (opts_.verbose) say("domain " + std::to_string(domid) + ": no console ring yet");
    return;
  }
  std::string type = read_node(base + "/type");
  if (!type.empty() && type != "xenconsoled") {
    if (opts_.verbose) say("domain " + std::to_string(domid) + ": console type " + type + " is not ours");
    refused_.insert(domid);  // served by a device model
    return;
  }
  auto c = std::make_unique<Console>();
  c->domid = domid;
  c->name = read_node("/local/domain/" + std::to_string(domid) + "/name");
  // The page through the grant the domain builder reserved for it, else by frame.
  if (gnttab_) {
    if (void* p = xengnttab_map_grant_ref(gnttab_.get(), domid, GNTTAB_RESERVED_CONSOLE, PROT_READ | PROT_WRITE)) {
      xengnttab_handle* g = gnttab_.get();
      c->page.reset(static_cast<xencons_interface*>(p), [g](xencons_interface* q) { xengnttab_unmap(g, q, 1); });
    }
  }
  if (!c->page && fmem_) {
    xen_pfn_t frame = std::strtoull(ring_ref.c_str(), nullptr, 10);
    if (void* p = xenforeignmemory_map(fmem_.get(), domid, PROT_READ | PROT_WRITE, 1, &frame, nullptr)) {
      xenforeignmemory_handle* f = fmem_.get();
      c->page.reset(static_cast<xencons_interface*>(p), [f](xencons_interface* q) { xenforeignmemory_unmap(f, q, 1); });
    }
  }
  if (!c->page) {
    say("domain " + std::to_string(domid) + ": cannot map its console page: " + std::strerror(errno));
    refused_.insert(domid);
    return;
  }
  c->ring = std::make_unique<ConsoleRing>(c->page);
  int local = xenevtchn_bind_interdomain(evtchn_.get(), domid, evtchn_port_t(std::strtoul(port.c_str(), nullptr, 10)));
  if (local < 0) {
    say("domain " + std::to_string(domid) + ": cannot bind console event channel " + port + ": " + std::strerror(errno));
    refused_.insert(domid);
    return;
  }
  c->port = evtchn_port_t(local);
  // The pty: we keep the slave open ourselves so that the master never sees
  // a hang-up between two `xl console` sessions.
  c->master = Fd(::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
  const char* slave_name = nullptr;
  if (c->master.get() >= 0 && ::grantpt(c->master.get()) == 0 && ::unlockpt(c->master.get()) == 0)
    slave_name = ::ptsname(c->master.get());
  if (slave_name) c->slave = Fd(::open(slave_name, O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!slave_name || c->slave.get() < 0) {
    say("domain " + std::to_string(domid) + ": cannot open a pty: " + std::strerror(errno));
    xenevtchn_unbind(evtchn_.get(), c->port);
    refused_.insert(domid);
    return;
  }
  termios t{};
  if (::tcgetattr(c->slave.get(), &t) == 0) {
    ::cfmakeraw(&t);
    ::tcsetattr(c->slave.get(), TCSANOW, &t);
  }
  std::string tty = slave_name;
  xs_write(xs_.get(), XBT_NULL, (base + "/tty").c_str(), tty.data(), unsigned(tty.size()));
  if (opts_.log == "guest" || opts_.log == "all") {
    std::string file = opts_.log_dir + "/guest-" + (c->name.empty() ? std::to_string(domid) : c->name) + ".log";
    c->log = Fd(::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
    if (c->log.get() < 0) say("cannot open " + file + ": " + std::strerror(errno));
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = domid;
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, c->master.get(), &ev);
  if (opts_.verbose) say("domain " + std::to_string(domid) + " (" + c->name + "): console on " + tty);
  by_port_[c->port] = domid;
  Console& ref = *c;
  consoles_[domid] = std::move(c);
  service(ref);  // what it printed before we were there
}

void Daemon::detach(DomId domid) {
  auto it = consoles_.find(domid);
  if (it == consoles_.end()) return;
  Console& c = *it->second;
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, c.master.get(), nullptr);
  xenevtchn_unbind(evtchn_.get(), c.port);
  by_port_.erase(c.port);
  if (opts_.verbose) say("domain " + std::to_string(domid) + ": console closed");
  consoles_.erase(it);  // closes the pty and log, unmaps the page
}

bool Daemon::write_log(Console& c, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(c.log.get(), data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(std::size_t(n));
  }
  return true;
}

void Daemon::flush_pty(Console& c) {
  while (!c.to_pty.empty()) {
    ssize_t n = ::write(c.master.get(), c.to_pty.data(), c.to_pty.size());
    if (n <= 0) break;  // EAGAIN: no one reads; keep the newest bytes
    c.to_pty.erase(0, std::size_t(n));
  }
  if (c.to_pty.size() > kPtyBufferMax) c.to_pty.erase(0, c.to_pty.size() - kPtyBufferMax);
}

void Daemon::service(Console& c) {
  std::string out;
  auto got = c.ring->take_output(out);
  if (!got) {
    say("domain " + std::to_string(c.domid) + ": corrupt console ring indices; console closed");
    refused_.insert(c.domid);
    return detach(c.domid);
  }
  bool notify = *got > 0;
  if (!out.empty()) {
    if (c.log.get() >= 0 && !write_log(c, out)) c.log.reset();
    c.to_pty += out;
  }
  flush_pty(c);
  if (!c.to_guest.empty()) {
    auto put = c.ring->give_input(c.to_guest);
    if (put && *put > 0) {
      c.to_guest.erase(0, *put);
      notify = true;
    }
  }
  if (notify) xenevtchn_notify(evtchn_.get(), c.port);
}

void Daemon::on_pty(Console& c) {
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(c.master.get(), buf, sizeof buf);
    if (n <= 0) break;
    if (c.to_guest.size() < kInputBufferMax) c.to_guest.append(buf, std::size_t(n));
  }
  service(c);
}

int Daemon::loop() {
  // SIGTERM and SIGINT end the daemon (the kernel closes the ptys and
  // unmaps the pages); a vanished pty reader must not.
  ::signal(SIGPIPE, SIG_IGN);
  for (;;) {
    epoll_event events[32];
    int n = ::epoll_wait(epoll_.get(), events, 32, 1000);
    if (n < 0 && errno != EINTR) return 1;
    for (int i = 0; i < n; ++i) {
      std::uint64_t tag = events[i].data.u64;
      if (tag == kStoreTag) {
        bool rescan = false;
        while (char** w = xs_check_watch(xs_.get())) {
          rescan = true;
          std::free(w);
        }
        if (rescan) {
          if (opts_.verbose) say("domains changed");
          scan();
        }
      } else if (tag == kEvtchnTag) {
        for (;;) {
          int port = xenevtchn_pending(evtchn_.get());
          if (port < 0) break;
          xenevtchn_unmask(evtchn_.get(), evtchn_port_t(port));
          auto it = by_port_.find(evtchn_port_t(port));
          if (it == by_port_.end()) continue;
          if (auto c = consoles_.find(it->second); c != consoles_.end()) service(*c->second);
        }
      } else if (auto c = consoles_.find(DomId(tag)); c != consoles_.end()) {
        on_pty(*c->second);
      }
    }
    // Output waiting for a reader goes out once someone attached.
    for (auto& [d, c] : consoles_)
      if (!c->to_pty.empty()) flush_pty(*c);
  }
}

}  // namespace

std::string usage_text() {
  return "Usage: xenconsoled [-h] [-V] [-v] [-i] [--log=none|guest|hv|all] [--log-dir=DIR]\n"
         "                   [--pid-file=FILE]\n"
         "  -i, --interactive   stay in the foreground, messages on stderr\n"
         "  -v, --verbose       say when consoles come and go\n"
         "  --log=WHAT          keep guests' console output in DIR/guest-NAME.log\n"
         "                      (guest or all); none by default\n"
         "  --log-dir=DIR       where the logs go (/var/log/xen/console)\n"
         "  --pid-file=FILE     write the daemon's pid there\n";
}

std::expected<Options, std::string> parse_options(const std::vector<std::string>& args) {
  Options o;
  for (const auto& a : args) {
    auto value = [&](std::string_view key) -> std::optional<std::string> {
      if (a.rfind(std::string(key) + "=", 0) == 0) return a.substr(key.size() + 1);
      return std::nullopt;
    };
    if (a == "-h" || a == "--help") {
      o.help = true;
    } else if (a == "-i" || a == "--interactive") {
      o.foreground = true;
    } else if (a == "-v" || a == "--verbose") {
      o.verbose = true;
    } else if (auto v = value("--pid-file")) {
      o.pid_file = *v;
    } else if (auto v = value("--log")) {
      if (*v != "none" && *v != "guest" && *v != "hv" && *v != "all")
        return std::unexpected("--log takes none, guest, hv or all, not '" + *v + "'");
      o.log = *v;
    } else if (auto v = value("--log-dir")) {
      o.log_dir = *v;
    } else if (a.rfind("--timestamp=", 0) == 0 || a.rfind("--overflow-data=", 0) == 0) {
      // Accepted so that Xen's init scripts work; not implemented.
    } else {
      return std::unexpected("unknown option '" + a + "'");
    }
  }
  return o;
}

int run(const Options& opts) {
  Daemon d(opts);
  if (auto r = d.open(); !r) {
    std::fprintf(stderr, "xenconsoled: %s\n", r.error().c_str());
    return 1;
  }
  if (opts.log == "guest" || opts.log == "all") ::mkdir(opts.log_dir.c_str(), 0755);
  if (!opts.foreground) {
    ::openlog("xenconsoled", LOG_PID, LOG_DAEMON);
    if (::daemon(0, 0) != 0) {
      std::perror("xenconsoled: daemon");
      return 1;
    }
  }
  if (!opts.pid_file.empty()) {
    if (std::FILE* f = std::fopen(opts.pid_file.c_str(), "w")) {
      std::fprintf(f, "%ld\n", long(::getpid()));
      std::fclose(f);
    }
  }
  return d.loop();
}

}  // namespace xenconsoled
