// The daemon's command line (compatible with C xenstored's where they overlap).
#pragma once

#include <expected>
#include <functional>
#include <string>
#include <vector>

#include "xenstored/server/engine.h"

namespace xenstored {

struct Options {
  bool help = false;
  bool no_fork = false;
  bool output_pid = false;
  bool no_domain_init = false;
  bool verbose = false;
  std::string pid_file;
  std::string trace_file;
  std::string socket_path;
  unsigned transaction_wait_ms = 5;
  EngineConfig engine;
};

using Getenv = std::function<const char*(const char*)>;

// The socket clients look for: $XENSTORED_PATH, else $XENSTORED_RUNDIR/socket,
// else /run/xenstored/socket (what libxenstore does).
std::string default_socket_path(const Getenv& getenv);

std::expected<Options, std::string> parse_options(const std::vector<std::string>& args,
                                                  const Getenv& getenv);
std::string usage_text();

}  // namespace xenstored
