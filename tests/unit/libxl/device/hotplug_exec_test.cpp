// The real hotplug runner (fork and exec) on this host, with small shell
// scripts: arguments and environment as given, output kept, exit status,
// a script killed at its time limit with what it started, several at once.
#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "libxl/device/hotplug.h"

namespace {

namespace fs = std::filesystem;
using libxl::device::HotplugCall;

struct Scripts {
  fs::path dir = fs::temp_directory_path() / ("hotplug-exec-" + std::to_string(::getpid()));
  Scripts() { fs::create_directories(dir); }
  ~Scripts() { fs::remove_all(dir); }
  std::string write(const std::string& name, const std::string& body) {
    auto p = dir / name;
    std::ofstream(p) << "#!/bin/sh\n" << body;
    fs::permissions(p, fs::perms::owner_all);
    return p.string();
  }
};

}  // namespace

TEST_CASE("exec runner: arguments, environment, output and exit status") {
  Scripts s;
  auto runner = libxl::device::exec_hotplug_runner();
  HotplugCall call{s.write("echo", "echo \"$1 $2 $XENBUS_PATH\"; echo oops >&2; exit 3\n"),
                   {"online", "type_if=vif"},
                   {{"XENBUS_PATH", "backend/vif/5/0"}}};
  auto r = runner->run(call, std::chrono::seconds(10));
  REQUIRE(r);
  CHECK(r->exit_status == 3);
  CHECK_FALSE(r->timed_out);
  CHECK(r->output == "online type_if=vif backend/vif/5/0\noops\n");
  auto missing = runner->run(HotplugCall{(s.dir / "nonexistent").string(), {"add"}, {}},
                             std::chrono::seconds(10));
  REQUIRE(missing);
  CHECK(missing->exit_status == 127);
}

TEST_CASE("exec runner: a script past its limit is killed, with what it started") {
  Scripts s;
  auto runner = libxl::device::exec_hotplug_runner();
  const auto marker = (s.dir / "child-alive").string();
  auto script = s.write("hang", "(sleep 1; touch " + marker + ") &\nsleep 30\n");
  const auto t0 = std::chrono::steady_clock::now();
  auto r = runner->run(HotplugCall{script, {"add"}, {}}, std::chrono::milliseconds(300));
  REQUIRE(r);
  CHECK(r->timed_out);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
  ::usleep(1500 * 1000);
  CHECK_FALSE(fs::exists(marker));  // its background child went with it
}

TEST_CASE("exec runner: a script done while its background child holds the output is not waited for") {
  Scripts s;
  auto runner = libxl::device::exec_hotplug_runner();
  auto script = s.write("bg", "sleep 5 &\necho done\n");
  const auto t0 = std::chrono::steady_clock::now();
  auto r = runner->run(HotplugCall{script, {"add"}, {}}, std::chrono::seconds(20));
  REQUIRE(r);
  CHECK(r->exit_status == 0);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(3));
}

TEST_CASE("exec runner: run_all runs the scripts at once, each outcome in its place") {
  Scripts s;
  auto runner = libxl::device::exec_hotplug_runner();
  std::vector<HotplugCall> calls;
  for (int i = 0; i < 3; ++i)
    calls.push_back({s.write("s" + std::to_string(i), "sleep 0.5\necho " + std::to_string(i) + "\nexit " +
                                                          std::to_string(i) + "\n"),
                     {"remove"},
                     {}});
  const auto t0 = std::chrono::steady_clock::now();
  auto r = runner->run_all(calls, std::chrono::seconds(10));
  const auto took = std::chrono::steady_clock::now() - t0;
  REQUIRE(r.size() == 3);
  for (int i = 0; i < 3; ++i) {
    REQUIRE(r[i]);
    CHECK(r[i]->exit_status == i);
    CHECK(r[i]->output == std::to_string(i) + "\n");
  }
  CHECK(took < std::chrono::milliseconds(1400));  // not 3 x 0.5 s
}
