// Running a device's hotplug script the way Xen's libxl does on Linux: the
// script from the backend's `script` node, with the action as its argument
// and XENBUS_* (and for vifs `vif`, `netdev`) in its environment, killed
// when it outlives its time. A seam, so that tests of the device logic need
// no real scripts.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "libxl/context.h"

namespace libxl::device {

struct HotplugCall {
  std::string script;             // absolute path
  std::vector<std::string> args;  // after the script's own name: the action, then extras
  std::vector<std::pair<std::string, std::string>> env;  // on top of the caller's
};

struct HotplugOutcome {
  int exit_status = 0;      // as from waitpid's WEXITSTATUS; -1 killed by a signal
  bool timed_out = false;   // killed because it outlived its time
  std::string output;       // what it printed (stdout and stderr), last lines
};

class HotplugRunner {
 public:
  virtual ~HotplugRunner() = default;
  // Fails only when the script cannot be started.
  virtual Result<HotplugOutcome> run(const HotplugCall& call, std::chrono::milliseconds limit) = 0;
  // Runs CALLS at once, as Xen's libxl runs a domain's device scripts when
  // it tears the domain down; one outcome each, in order. This default runs
  // them one after the other.
  virtual std::vector<Result<HotplugOutcome>> run_all(const std::vector<HotplugCall>& calls,
                                                      std::chrono::milliseconds limit);
};

// fork and exec, stdin from /dev/null, in a process group of its own (a
// timeout kills the whole group: the script's children too).
std::unique_ptr<HotplugRunner> exec_hotplug_runner();

}  // namespace libxl::device
