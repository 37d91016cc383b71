#include "xl/cli.h"

#include <ostream>

#include "commands.h"

namespace xl {

namespace {

// The order is the one `xl help` lists.
const Command kCommands[] = {
    {"create", cmd_create, "Create a domain from config file <filename>",
     "<ConfigFile> [options] [vars]",
     "Create a domain based on <ConfigFile>.\n"
     "Options:\n\n"
     "-h                      Print this help.\n"
     "-p                      Leave the domain paused after it is created.\n"
     "-c                      Connect to the console after the domain is created.\n"
     "-f FILE, --defconfig=FILE\n"
     "                     Use the given configuration file.\n"
     "-q, --quiet             Quiet.\n"
     "-n, --dryrun            Dry run - prints the resulting configuration\n"
     "                         (deprecated in favour of global -N option).\n"
     "-d                      Enable debug messages.\n"
     "-F                      Run in foreground until death of the domain.\n"
     "-e                      Do not wait in the background for the death of the domain.\n"
     "-V, --vncviewer         Connect to the VNC display after the domain is created.\n"
     "-A, --vncviewer-autopass\n"
     "                        Pass VNC password to viewer via stdin."},
    {"block-attach", cmd_block_attach, "Create a new virtual block device",
     "<Domain> <disk-spec-component(s)>...", ""},
    {"network-attach", cmd_network_attach, "Create a new virtual network device",
     "<Domain> [type=<type>] [mac=<mac>] [bridge=<bridge>] [ip=<ip>] [script=<script>] "
     "[backend=<BackDomain>] [vifname=<name>] [rate=<rate>] [model=<model>] "
     "[accel=<accel>] [mtu=<mtu>]",
     ""},
    {"help", nullptr, "Print this help", "[-v] [<command>]",
     "Print help for a command, or the list of commands."},
};

void print_usage(std::ostream& os) {
  os << "Usage xl [-vfNtT] <subcommand> [args]\n\nxl full list of subcommands:\n\n";
  for (const auto& c : kCommands) {
    std::string name(c.name);
    if (name.size() < 20) {
      os << ' ' << name << std::string(20 - name.size(), ' ') << c.summary << '\n';
    } else {
      os << ' ' << name << " \n" << std::string(21, ' ') << c.summary << '\n';
    }
  }
  os << '\n';
}

int cmd_help(Io& io, const std::vector<std::string>& args) {
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "-v") continue;
    const Command* c = find_command(args[i]);
    if (!c) {
      io.err << "command \"" << args[i] << "\" not implemented\n";
      return 1;
    }
    print_command_usage(*c, io.out);
    return 0;
  }
  print_usage(io.out);
  return 0;
}

}  // namespace

std::span<const Command> commands() { return kCommands; }

const Command* find_command(std::string_view name) {
  const Command* prefix_match = nullptr;
  int prefix_matches = 0;
  for (const auto& c : kCommands) {
    if (c.name == name) return &c;
    if (!name.empty() && c.name.starts_with(name)) {
      prefix_match = &c;
      ++prefix_matches;
    }
  }
  return prefix_matches == 1 ? prefix_match : nullptr;
}

void print_command_usage(const Command& c, std::ostream& os) {
  os << "Usage: xl [-vtTfN] " << c.name << ' ' << c.usage << "\n\n" << c.summary << ".\n\n";
  if (!c.help.empty()) os << c.help << "\n\n";
}

int run(const std::vector<std::string>& argv, Io io) {
  Globals g;
  std::size_t i = 0;
  // Global options come before the command, as with getopt's "+" mode.
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.size() < 2 || a[0] != '-') break;
    if (a == "--") {
      ++i;
      break;
    }
    for (std::size_t k = 1; k < a.size(); ++k) {
      switch (a[k]) {
        case 'v': ++g.verbose; break;
        case 'N': g.dry_run = true; break;
        case 'f': g.force = true; break;
        case 't': g.timestamps = true; break;
        case 'T': g.timestamps_all = true; break;
        default:
          io.err << "xl: invalid option -- '" << a[k] << "'\n";
          print_usage(io.err);
          return 1;
      }
    }
  }
  if (i == argv.size()) {
    print_usage(io.err);
    return 1;
  }
  std::vector<std::string> args(argv.begin() + std::ptrdiff_t(i), argv.end());
  const Command* c = find_command(args[0]);
  if (!c) {
    io.err << "command not implemented\n";
    return 1;
  }
  if (!c->fn) return cmd_help(io, args);
  return c->fn(g, io, args);
}

}  // namespace xl
