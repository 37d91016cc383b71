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

class ExecRunner final : public HotplugRunner {
 public:
  Result<HotplugOutcome> run(const HotplugCall& call, std::chrono::milliseconds limit) override {
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

    HotplugOutcome outcome;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    bool eof = false;
    auto drain = [&] {
      char buf[4096];
      ssize_t got;
      while ((got = ::read(out[0], buf, sizeof buf)) > 0 || (got == 0 && !(eof = true))) {
        outcome.output.append(buf, static_cast<std::size_t>(got));
        // Only the end says why it failed.
        if (outcome.output.size() > 8192) outcome.output.erase(0, outcome.output.size() - 8192);
      }
    };
    ::fcntl(out[0], F_SETFL, O_NONBLOCK);
    int status = 0;
    // Until the script exits (not until the pipe closes: a child it leaves
    // in the background may hold that open).
    for (;;) {
      pid_t w = ::waitpid(pid, &status, WNOHANG);
      if (w == pid) break;
      if (w < 0 && errno != EINTR) break;
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        outcome.timed_out = true;
        ::kill(-pid, SIGKILL);
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        break;
      }
      pollfd p{out[0], POLLIN, 0};
      const int wait_ms = static_cast<int>(std::min<long>(left.count(), 20));
      if (eof)
        ::usleep(static_cast<useconds_t>(wait_ms) * 1000);
      else
        (void)::poll(&p, 1, wait_ms);
      drain();
    }
    drain();
    ::close(out[0]);
    outcome.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return outcome;
  }
};

}  // namespace

std::unique_ptr<HotplugRunner> exec_hotplug_runner() { return std::make_unique<ExecRunner>(); }

}  // namespace libxl::device
