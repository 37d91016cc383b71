// xl's front end as a library: global options, the command table, dispatch.
// xl/main.cpp only hands argv over, so tests can run commands directly.
#pragma once

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace xl {

struct Globals {
  int verbose = 0;       // -v, repeatable
  bool dry_run = false;  // -N
  bool force = false;    // -f
  bool timestamps = false;  // -t
  bool timestamps_all = false;  // -T
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
  std::string_view usage;  // after "xl [-vtTfN] <name> "
  std::string_view help;   // option lines, may be empty
};

std::span<const Command> commands();
const Command* find_command(std::string_view name);  // exact, or an unambiguous prefix

// Runs xl with argv (without the program name); returns the exit status.
int run(const std::vector<std::string>& argv, Io io);

// "Usage: xl [-vtTfN] NAME USAGE\n\nSUMMARY\n\nHELP" as xl prints it.
void print_command_usage(const Command& c, std::ostream& os);

}  // namespace xl
