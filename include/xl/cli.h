// xl's front end as a library: global options, the command table, dispatch.
// xl/main.cpp only hands argv over, so tests can run commands directly.
#pragma once

#include <chrono>
#include <functional>
#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libxl/config/affinity_masks.h"
#include "libxl/config/xl_conf.h"
#include "libxl/context.h"

namespace xl {

// How a command gets its library context: Context::open() on a Xen host, a
// context over test doubles in the unit tests.
using ContextOpener = std::function<libxl::Result<std::unique_ptr<libxl::Context>>()>;

struct Globals {
  int verbose = 0;       // -v, repeatable
  bool dry_run = false;  // -N
  bool force = false;    // -f
  bool timestamps = false;  // -t
  bool timestamps_all = false;  // -T
  // xl.conf, read before every command as xl does (its defaults when the
  // file is missing or refused), and the cpu masks built from it.
  libxl::config::XlConf xl_conf;
  libxl::config::GlobalAffinityMasks affinity_masks;
  ContextOpener open_context;
  // When the command began: -v stamps each step with the time since.
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

struct Io {
  std::ostream& out;
  std::ostream& err;
};

// args[0] is the command's name as typed.
using CommandFn = int (*)(const Globals&, Io&, const std::vector<std::string>& args);

struct Command {
  std::string_view name;
  CommandFn fn;
  std::string_view summary;
  std::string_view usage;    // after "xl [-vtTfN] <name> "
  std::string_view options;  // the option lines after "Options:", may be empty
  bool modifies = true;      // takes the global -f ("f" in the usage line)
  bool can_dryrun = true;    // takes the global -N ("N" in the usage line)
};

std::span<const Command> commands();
const Command* find_command(std::string_view name);  // exact, or an unambiguous prefix

// Runs xl with argv (without the program name); returns the exit status.
// XL_CONF is the xl.conf to read (xl itself always reads /etc/xen/xl.conf);
// OPENER replaces Context::open() (tests).
int run(const std::vector<std::string>& argv, Io io,
        const std::string& xl_conf = libxl::config::kXlConfPath, ContextOpener opener = {});

// "Usage: xl [-vtTfN] NAME USAGE\n\nSUMMARY.\n\n" and, when the command
// has options, "Options:\n\nOPTIONS\n", as xl 4.17's help() prints them.
void print_command_usage(const Command& c, std::ostream& os);

}  // namespace xl
