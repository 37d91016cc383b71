#include "xl/cli.h"

#include <ostream>

#include "commands.h"
#include "libxl/hypervisor/hypervisor.h"

namespace xl {

namespace {

// The order is the one `xl help` lists; the texts are xl 4.17's.
const Command kCommands[] = {
    {"create", cmd_create, "Create a domain from config file <filename>",
     "<ConfigFile> [options] [vars]",
     "-c                      Connect to the console after the domain is created.\n"
     "-d                      Enable debug messages.\n"
     "-e                      Do not wait in the background for the death of the domain.\n"
     "-F                      Run in foreground until death of the domain.\n"
     "-f FILE, --defconfig=FILE\n"
     "                     Use the given configuration file.\n"
     "-h                      Print this help.\n"
     "-n, --dryrun            Dry run - prints the resulting configuration\n"
     "                         (deprecated in favour of global -N option).\n"
     "-p                      Leave the domain paused after it is created.\n"
     "-q, --quiet             Quiet.\n"
     "-V, --vncviewer         Connect to the VNC display after the domain is created.\n"
     "-A, --vncviewer-autopass\n"
     "                        Pass VNC password to viewer via stdin.\n"
     "--ignore-global-affinity-masks Ignore global masks in xl.conf."},
    {"list", cmd_list, "List information about all/some domains", "[options] [Domain]\n",
     "-l, --long              Output all VM details\n"
     "-v, --verbose           Prints out UUIDs and security context\n"
     "-Z, --context           Prints out security context\n"
     "-c, --cpupool           Prints the cpupool the domain is in\n"
     "-n, --numa              Prints out NUMA node affinity",
     false, false},
    {"destroy", cmd_destroy, "Terminate a domain immediately", "[options] <Domain>\n",
     "-f                      Permit destroying domain 0, which will only succeed\n"
     "                        when run from disaggregated toolstack domain with a\n"
     "                        hardware domain distinct from domain 0.", true, false},
    {"shutdown", cmd_shutdown, "Issue a shutdown signal to a domain", "[options] <-a|Domain>",
     "-a, --all               Shutdown all guest domains.\n"
     "-h                      Print this help.\n"
     "-F                      Fallback to ACPI power event for HVM guests with\n"
     "                        no PV drivers.\n"
     "-w, --wait              Wait for guest(s) to shutdown.\n", true, false},
    {"reboot", cmd_reboot, "Issue a reboot signal to a domain", "[options] <-a|Domain>",
     "-a, --all               Shutdown all guest domains.\n"
     "-h                      Print this help.\n"
     "-F                      Fallback to ACPI reset event for HVM guests with\n"
     "                        no PV drivers.\n"
     "-w, --wait              Wait for guest(s) to reboot.\n", true, false},
    {"pause", cmd_pause, "Pause execution of a domain", "<Domain>", "", true, false},
    {"unpause", cmd_unpause, "Unpause a paused domain", "<Domain>", "", true, false},
    {"console", cmd_console, "Attach to domain's console",
     "[options] <Domain>\n"
     "-t <type>       console type, pv , serial or vuart\n"
     "-n <number>     console number",
     "", false, false},
    {"save", cmd_save, "Save a domain state to restore later",
     "[options] <Domain> <CheckpointFile> [<ConfigFile>]",
     "-h  Print this help.\n"
     "-c  Leave domain running after creating the snapshot.\n"
     "-p  Leave domain paused after creating the snapshot.\n"
     "-D  Store the domain id in the configuration.", true, false},
    {"migrate", cmd_migrate, "Migrate a domain to another host", "[options] <Domain> <host>",
     "-h              Print this help.\n"
     "-C <config>     Send <config> instead of config file from creation.\n"
     "-s <sshcommand> Use <sshcommand> instead of ssh.  String will be passed\n"
     "                to sh. If empty, run <host> instead of ssh <host> xl\n"
     "                migrate-receive [-d -e]\n"
     "-e              Do not wait in the background (on <host>) for the death\n"
     "                of the domain.\n"
     "--debug         Print huge (!) amount of debug during the migration process.\n"
     "-p              Do not unpause domain after migrating it.\n"
     "-D              Preserve the domain id", true, false},
    {"restore", cmd_restore, "Restore a domain from a saved state",
     "[options] [<ConfigFile>] <CheckpointFile>",
     "-h                       Print this help.\n"
     "-p                       Do not unpause domain after restoring it.\n"
     "-e                       Do not wait in the background for the death of the domain.\n"
     "-d                       Enable debug messages.\n"
     "-V, --vncviewer          Connect to the VNC display after the domain is created.\n"
     "-A, --vncviewer-autopass Pass VNC password to viewer via stdin.", true, false},
    {"migrate-receive", cmd_migrate_receive, "Restore a domain from a saved state", "- for internal use only",
     "", true, false},
    {"mem-max", cmd_mem_max, "Set the maximum amount reservation for a domain",
     "<Domain> <MemMB['b'[bytes]|'k'[KB]|'m'[MB]|'g'[GB]|'t'[TB]]>",
     "", true, false},
    {"mem-set", cmd_mem_set, "Set the current memory usage for a domain",
     "<Domain> <MemMB['b'[bytes]|'k'[KB]|'m'[MB]|'g'[GB]|'t'[TB]]>",
     "", true, false},
    {"vcpu-list", cmd_vcpu_list, "List the VCPUs for all/some domains",
     "[Domain, ...]",
     "", false, false},
    {"vcpu-pin", cmd_vcpu_pin, "Set which CPUs a VCPU can use",
     "[option] <Domain> <VCPU|all> <Hard affinity|-|all> <Soft affinity|-|all>",
     "-f, --force        undo an override pinning done by the kernel\n"
     "--ignore-global-affinity-masks Ignore global masks in xl.conf", true, true},
    {"vcpu-set", cmd_vcpu_set, "Set the number of active VCPUs allowed for the domain",
     "[option] <Domain> <vCPUs>",
     "-i, --ignore-host  Don't limit the vCPU based on the host CPU count", true, false},
    {"info", cmd_info, "Get information about Xen host",
     "-n, --numa         List host NUMA topology information", "", false, false},
    {"sched-credit", cmd_sched_credit, "Get/set credit scheduler parameters",
     "[-d <Domain> [-w[=WEIGHT]|-c[=CAP]]] [-s [-t TSLICE] [-r RATELIMIT]] [-p CPUPOOL]",
     "-d DOMAIN, --domain=DOMAIN        Domain to modify\n"
     "-w WEIGHT, --weight=WEIGHT        Weight (int)\n"
     "-c CAP, --cap=CAP                 Cap (int)\n"
     "-s         --schedparam           Query / modify scheduler parameters\n"
     "-t TSLICE, --tslice_ms=TSLICE     Set the timeslice, in milliseconds\n"
     "-r RLIMIT, --ratelimit_us=RLIMIT  Set the scheduling rate limit, in microseconds\n"
     "-m DLY, --migration_delay_us=DLY  Set the migration delay, in microseconds\n"
     "-p CPUPOOL, --cpupool=CPUPOOL     Restrict output to CPUPOOL", true, false},
    {"sched-credit2", cmd_sched_credit2, "Get/set credit2 scheduler parameters",
     "[-d <Domain> [-w[=WEIGHT]]] [-p CPUPOOL]",
     "-d DOMAIN, --domain=DOMAIN     Domain to modify\n"
     "-w WEIGHT, --weight=WEIGHT     Weight (int)\n"
     "-c CAP,    --cap=CAP           Cap (int)\n"
     "-s         --schedparam        Query / modify scheduler parameters\n"
     "-r RLIMIT, --ratelimit_us=RLIMIT Set the scheduling rate limit, in microseconds\n"
     "-p CPUPOOL, --cpupool=CPUPOOL  Restrict output to CPUPOOL", true, false},
    {"domid", cmd_domid, "Convert a domain name to domain id", "<DomainName>", "", false, false},
    {"domname", cmd_domname, "Convert a domain id to domain name", "<DomainId>", "", false,
     false},
    {"rename", cmd_rename, "Rename a domain",
     "<Domain> <NewDomainName>",
     "", true, false},
    {"debug-keys", cmd_debug_keys, "Send debug keys to Xen",
     "<Keys>",
     "", true, false},
    {"dmesg", cmd_dmesg, "Read and/or clear dmesg buffer",
     "[-c]",
     "  -c                        Clear dmesg buffer as well as printing it", false, false},
    {"top", cmd_top, "Monitor a host and the domains in real time",
     "",
     "", false, false},
    {"network-attach", cmd_network_attach, "Create a new virtual network device",
     "<Domain> [type=<type>] [mac=<mac>] [bridge=<bridge>] [ip=<ip>] [script=<script>] "
     "[backend=<BackDomain>] [vifname=<name>] [rate=<rate>] [model=<model>] "
     "[accel=<accel>] [mtu=<mtu>]",
     ""},
    {"network-list", cmd_network_list, "List virtual network interfaces for a domain",
     "<Domain(s)>", "", false, false},
    {"network-detach", cmd_network_detach, "Destroy a domain's virtual network device",
     "<Domain> <DevId|mac>", "", true, false},
    {"block-attach", cmd_block_attach, "Create a new virtual block device",
     "<Domain> <disk-spec-component(s)>...", ""},
    {"block-list", cmd_block_list, "List virtual block devices for a domain",
     "<Domain(s)>", "", false, false},
    {"block-detach", cmd_block_detach, "Destroy a domain's virtual block device",
     "[option] <Domain> <DevId>",
     "-f, --force        do not wait for the domain to release the device", true, false},
    {"uptime", cmd_uptime, "Print uptime for all/some domains",
     "[-s] [Domain]",
     "", false, false},
};

// The list of commands (xl 4.17's help() without a command, or with "help").
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
}

// `xl help [COMMAND]`: only the first argument counts, everything goes to
// stdout and the status is 0, even for a command xl does not know.
int cmd_help(Io& io, const std::vector<std::string>& args) {
  if (args.size() < 2 || args[1] == "help") {
    print_usage(io.out);
    return 0;
  }
  if (const Command* c = find_command(args[1])) {
    print_command_usage(*c, io.out);
  } else {
    io.out << "command \"" << args[1] << "\" not implemented\n";
  }
  return 0;
}

// xl reads xl.conf before every command; its complaints go to stderr.
void read_xl_conf(Globals& g, Io& io, const std::string& path) {
  auto conf = libxl::config::load_xl_conf(path);
  if (!conf) {
    io.err << conf.error().str() << "\n";
  } else {
    g.xl_conf = std::move(*conf);
  }
  for (const auto& w : g.xl_conf.warnings) io.err << w << "\n";
  std::vector<std::string> messages;
  g.affinity_masks = libxl::config::global_affinity_masks(
      g.xl_conf, libxl::config::XlOptions::default_host(), &messages);
  for (const auto& m : messages) io.err << m << "\n";
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
  os << "Usage: xl [-vtT" << (c.modifies ? "f" : "") << (c.can_dryrun ? "N" : "") << "] " << c.name
     << ' ' << c.usage << "\n\n" << c.summary << ".\n\n";
  if (!c.options.empty()) os << "Options:\n\n" << c.options << "\n";
}

int run(const std::vector<std::string>& argv, Io io, const std::string& xl_conf,
        ContextOpener opener) {
  Globals g;
  g.open_context = opener ? std::move(opener) : ContextOpener(&libxl::Context::open);
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
          io.err << "xl: invalid option -- '" << a[k] << "'\nunknown global option\n";
          return 1;
      }
    }
  }
  if (i == argv.size()) {
    print_usage(io.out);
    return 1;
  }
  read_xl_conf(g, io, xl_conf);
  libxl::hypervisor::set_verbosity(g.verbose);
  std::vector<std::string> args(argv.begin() + std::ptrdiff_t(i), argv.end());
  if (const Command* c = find_command(args[0])) return c->fn(g, io, args);
  if (args[0] == "help") return cmd_help(io, args);
  io.err << "command not implemented\n";
  return 1;
}

}  // namespace xl
