// The commands of xl, one file each; the table in cli.cpp points at them.
#pragma once

#include <expected>
#include <cstdint>
#include <functional>
#include <chrono>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "libxl/config/domain_config.h"
#include "libxl/config/from_cfg.h"
#include "libxl/config/xl_conf.h"
#include "libxl/console/tty_path.h"
#include "libxl/domain/save_file.h"
#include "xl/cli.h"

namespace xl {

int cmd_create(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_block_attach(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_block_list(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_block_detach(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_list(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_info(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_domid(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_domname(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_destroy(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_shutdown(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_reboot(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_pause(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_unpause(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_network_attach(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_network_list(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_network_detach(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_console(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_save(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_restore(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_migrate(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_migrate_receive(const Globals& g, Io& io, const std::vector<std::string>& args);

// The configuration xl save and xl migrate send: CONFIG_FILE's when given,
// else the domain's (domid 0 unless PRESERVE_DOMID); nullopt after saying
// why and xl's line for the case.
struct ConfigFailures {
  std::string file;    // CONFIG_FILE unreadable ("" for none)
  std::string stored;  // no stored configuration
};
std::optional<std::string> config_to_send(const Globals& g, Io& io, libxl::Context& ctx, libxl::DomId domid,
                                          const std::string& config_file, bool preserve_domid,
                                          const ConfigFailures& failures);

// A save file header's flags and optional-data length as xl prints them
// ("0x3/0x0/2345").
std::string save_header_info(const libxl::domain::SaveFileHeader& h);

// An xl.cfg file (its TEXT when given, else read from PATH) as a domain
// configuration, as xl create reads it; says why on stderr when it cannot.
std::optional<libxl::config::DomainConfig> config_from_cfg_file(const Globals& g, Io& io,
                                                                const std::string& path,
                                                                const std::string& text = {});

// What xl create and xl restore leave behind: the domain's monitor, in a
// process of its own detached from the terminal, logging to
// /var/log/xen/xl-NAME.log.
void start_monitor(const Globals& g, libxl::DomId domid, const libxl::config::DomainConfig& cfg);
// The xl.conf settings parse_config_data consults.
libxl::config::XlOptions options_from_xl_conf(const libxl::config::XlConf& conf);

// Attaches this process's stdin and stdout to a console of DOMID (its
// primary console when TYPE is nullopt) until Ctrl-], the console going
// away or SIGTERM; returns xl's exit status. On SIGINT it restores the
// terminal and dies of the signal, as xl's xenconsole does. xl console and
// xl create -c both end here.
int console_attach(Io& io, libxl::Context& ctx, libxl::DomId domid,
                   std::optional<libxl::console::ConsoleType> type, int num);
int cmd_mem_max(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_mem_set(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_vcpu_list(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_vcpu_pin(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_vcpu_set(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_sched_credit(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_sched_credit2(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_rename(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_debug_keys(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_dmesg(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_top(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_uptime(const Globals& g, Io& io, const std::vector<std::string>& args);

// With -v, a reporter of a library operation's steps, each stamped with
// the time since the command began ("xl: [0.123s] building the boot image");
// otherwise an empty function, which the library skips.
std::function<void(const std::string&)> step_reporter(const Globals& g, Io& io);

// The library context for a command, or nullptr after saying why on
// stderr as xl does ("cannot init xl context").
std::unique_ptr<libxl::Context> open_context(const Globals& g, Io& io);

// A command's options, the way xl's SWITCH_FOREACH_OPT reads them (GNU
// getopt_long: options may follow operands, "--" ends them, long names may be
// abbreviated; -h/--help prints the command's help). A short option
// followed by ':' in SHORTS takes an argument ("-n3" or "-n 3"), a long one
// when HAS_ARG ("--domain=x" or "--domain x"); a missing argument is an
// unsupported option, as in xl.
struct LongOpt {
  std::string_view name;
  char val;
  bool has_arg = false;
};
struct ParsedOpts {
  std::string opts;                     // the option letters, in order
  // Every option in order with its argument ("" for one that takes none).
  std::vector<std::pair<char, std::string>> values;
  std::vector<std::string> operands;
};
// Returns -1 when the command should go on, else the exit status (help
// printed: 0; unknown option or too few operands: 2, with xl's messages).
int parse_opts(Io& io, const std::vector<std::string>& args, std::string_view shorts,
               std::initializer_list<LongOpt> longs, std::size_t required, ParsedOpts& out);

// xl's find_domain: a domid in digits or a name; an unknown one is reported
// ("... is an invalid domain identifier (rc=-6)") and gives nullopt.
std::optional<libxl::DomId> lookup_domain(libxl::Context& ctx, Io& io, const std::string& q);

// How most commands on one domain start: their options, the context, and
// the domain their first operand names (xl's find_domain).
struct DomainCommand {
  ParsedOpts p;
  std::unique_ptr<libxl::Context> ctx;
  libxl::DomId domid = 0;
};
// The exit status instead when the command ends there (help, a usage
// error, no hypervisor, no such domain).
std::expected<DomainCommand, int> open_domain_command(const Globals& g, Io& io,
                                                      const std::vector<std::string>& args,
                                                      std::string_view shorts,
                                                      std::initializer_list<LongOpt> longs,
                                                      std::size_t required);

// Where xl uptime reads the time and dom0's uptime; tests replace them.
struct UptimeSources {
  std::function<std::int64_t()> now;  // seconds since the epoch
  std::string proc_uptime = "/proc/uptime";
};
UptimeSources& uptime_sources();

}  // namespace xl
