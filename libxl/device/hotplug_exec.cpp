#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "libxl/device/hotplug.h"

namespace libxl::device {

namespace {

// One script running: its process (group), the read end of its output.
struct Child {
  pid_t pid = -1;
  int fd = -1;
  bool eof = false, exited = false;
  int status = 0;
  HotplugOutcome outcome;

  void drain() {
    char buf[4096];
    for (;;) {
      ssize_t got = ::read(fd, buf, sizeof buf);
      if (got == 0) eof = true;
      if (got <= 0) return;
      outcome.output.append(buf, static_cast<std::size_t>(got));
      // Only the end says why it failed.
      if (outcome.output.size() > 8192) outcome.output.erase(0, outcome.output.size() - 8192);
    }
  }
};

Result<Child> start(const HotplugCall& call) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0)
    return std::unexpected(Error{ErrorCode::Fail, std::string("pipe: ") + std::strerror(errno)});
  std::vector<std::string> argv_s{call.script};
  argv_s.insert(argv_s.end(), call.args.begin(), call.args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s;
  for (const auto& [k, v] : call.env) env_s.push_back(k + "=" + v);

  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(out[0]);
    ::close(out[1]);
    return std::unexpected(Error{ErrorCode::Fail, std::string("fork: ") + std::strerror(errno)});
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) ::dup2(null, 0);
    ::dup2(out[1], 1);
    ::dup2(out[1], 2);
    for (auto& e : env_s) ::putenv(e.data());
    ::execv(argv[0], argv.data());
    std::fprintf(stderr, "cannot run %s: %s\n", argv[0], std::strerror(errno));
    ::_exit(127);
  }
  ::setpgid(pid, pid);
  ::close(out[1]);
  ::fcntl(out[0], F_SETFL, O_NONBLOCK);
  Child c;
  c.pid = pid;
  c.fd = out[0];
  return c;
}

class ExecRunner final : public HotplugRunner {
 public:
  Result<HotplugOutcome> run(const HotplugCall& call, std::chrono::milliseconds limit) override {
    return std::move(run_all({call}, limit).front());
  }

  std::vector<Result<HotplugOutcome>> run_all(const std::vector<HotplugCall>& calls,
                                              std::chrono::milliseconds limit) override {
    std::vector<Result<HotplugOutcome>> results;
    std::vector<Child> children;
    std::vector<std::size_t> slot;  // the result each child fills
    for (const auto& call : calls) {
      auto c = start(call);
      if (!c) {
        results.emplace_back(std::unexpected(c.error()));
        continue;
      }
      results.emplace_back(HotplugOutcome{});
      slot.push_back(results.size() - 1);
      children.push_back(std::move(*c));
    }
    const auto deadline = std::chrono::steady_clock::now() + limit;
    // Until each script exits (not until its output closes: a child it
    // leaves in the background may hold that open).
    for (;;) {
      bool running = false;
      for (auto& c : children) {
        if (c.exited) continue;
        pid_t w = ::waitpid(c.pid, &c.status, WNOHANG);
        if (w == c.pid || (w < 0 && errno != EINTR)) {
          c.exited = true;
          c.drain();
        } else {
          running = true;
        }
      }
      if (!running) break;
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        for (auto& c : children) {
          if (c.exited) continue;
          c.outcome.timed_out = true;
          ::kill(-c.pid, SIGKILL);
          while (::waitpid(c.pid, &c.status, 0) < 0 && errno == EINTR) {
          }
          c.exited = true;
          c.drain();
        }
        break;
      }
      std::vector<pollfd> fds;
      for (auto& c : children)
        if (!c.exited && !c.eof) fds.push_back({c.fd, POLLIN, 0});
      const int wait_ms = static_cast<int>(std::min<long>(left.count(), 20));
      if (fds.empty())
        ::usleep(static_cast<useconds_t>(wait_ms) * 1000);
      else
        (void)::poll(fds.data(), fds.size(), wait_ms);
      for (auto& c : children)
        if (!c.exited && !c.eof) c.drain();
    }
    for (std::size_t i = 0; i < children.size(); ++i) {
      auto& c = children[i];
      ::close(c.fd);
      c.outcome.exit_status = WIFEXITED(c.status) ? WEXITSTATUS(c.status) : -1;
      results[slot[i]] = std::move(c.outcome);
    }
    return results;
  }
};

}  // namespace

std::unique_ptr<HotplugRunner> exec_hotplug_runner() { return std::make_unique<ExecRunner>(); }

std::vector<Result<HotplugOutcome>> HotplugRunner::run_all(const std::vector<HotplugCall>& calls,
                                                           std::chrono::milliseconds limit) {
  std::vector<Result<HotplugOutcome>> out;
  for (const auto& c : calls) out.push_back(run(c, limit));
  return out;
}

}  // namespace libxl::device
