// xl create: Xen 4.17's options and argument rules. The configuration is
// read, `KEY=VALUE` arguments are appended to it as extra lines, and the
// result is translated into a domain configuration. With -N (or -n) the
// configuration is printed as libxl's JSON; otherwise the domain is built,
// and a monitor stays behind to carry out its on_* actions.
#include <fstream>
#include <ostream>
#include <sstream>
#include <cerrno>
#include <cstring>

#include "commands.h"
#include "libxl/config/cfg_file.h"
#include "libxl/config/from_cfg.h"
#include "libxl/config/affinity_masks.h"
#include "libxl/config/xl_conf.h"
#include "libxl/domain/create.h"
#include "libxl/domain/monitor.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace xl {

namespace {

struct CreateArgs {
  std::string filename;
  std::string extra_config;
  bool dry_run = false;
  bool quiet = false;
  bool debug = false;
  bool ignore_masks = false;  // -i, --ignore-global-affinity-masks
  bool paused = false;        // -p
  bool console = false;       // -c
  bool foreground = false;    // -F: the monitor runs in this process
  bool no_monitor = false;    // -e
};

// libxl's error codes that create_domain returns negated as exit statuses.
constexpr int kErrorFail = 3;
constexpr int kErrorInval = 6;

// xl's help() writes to stdout, even when it explains a mistake.
int usage_error(Io& io) {
  print_command_usage(*find_command("create"), io.out);
  return 2;
}

// getopt (with opterr off) reports a missing argument as an unknown option,
// named by its letter; --defconfig is 'f' too.
int missing_argument(Io& io) {
  io.err << "option `f' not supported.\n";
  return 2;
}

// getopt_long over "Fnqf:pcdeVAi" plus the long options; GNU getopt lets
// options and operands mix. Returns an exit status, or -1 to carry on.
int parse_args(const std::vector<std::string>& args, CreateArgs& a, Io& io) {
  std::vector<std::string> operands;
  std::size_t i = 1;
  // A first argument that is neither an option nor a setting is the file.
  if (i < args.size() && !args[i].empty() && args[i][0] != '-' &&
      args[i].find('=') == std::string::npos)
    a.filename = args[i++];
  for (; i < args.size(); ++i) {
    const std::string& s = args[i];
    if (s == "--") {
      operands.insert(operands.end(), args.begin() + std::ptrdiff_t(i) + 1, args.end());
      break;
    }
    if (s.starts_with("--")) {
      std::string name = s.substr(2), value;
      bool has_value = false;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name.resize(eq);
        has_value = true;
      }
      if (name == "help") {
        print_command_usage(*find_command("create"), io.out);
        return 0;
      } else if (name == "dryrun") {
        a.dry_run = true;
      } else if (name == "quiet") {
        a.quiet = true;
      } else if (name == "ignore-global-affinity-masks") {
        a.ignore_masks = true;
      } else if (name == "vncviewer" || name == "vncviewer-autopass") {
        // Only meaningful once a domain is really started.
      } else if (name == "defconfig") {
        if (!has_value) {
          if (i + 1 >= args.size()) return missing_argument(io);
          value = args[++i];
        }
        a.filename = value;
      } else {
        // xl names the option by its letter, which a long one has not.
        io.err << "option `" << '\0' << "' not supported.\n";
        return 2;
      }
      continue;
    }
    if (s.size() < 2 || s[0] != '-') {
      operands.push_back(s);
      continue;
    }
    for (std::size_t k = 1; k < s.size(); ++k) {
      switch (s[k]) {
        case 'h':
          print_command_usage(*find_command("create"), io.out);
          return 0;
        case 'n': a.dry_run = true; break;
        case 'q': a.quiet = true; break;
        case 'd': a.debug = true; break;
        case 'i': a.ignore_masks = true; break;
        case 'p': a.paused = true; break;
        case 'c': a.console = true; break;
        case 'F': a.foreground = true; break;
        case 'e': a.no_monitor = true; break;
        case 'V': case 'A': break;
        case 'f':
          if (k + 1 < s.size()) {
            a.filename = s.substr(k + 1);
          } else if (i + 1 < args.size()) {
            a.filename = args[++i];
          } else {
            return missing_argument(io);
          }
          k = s.size();
          break;
        default:
          io.err << "option `" << s[k] << "' not supported.\n";
          return 2;
      }
    }
  }
  for (const auto& o : operands) {
    if (o.find('=') != std::string::npos) {
      a.extra_config += o + "\n";
    } else if (a.filename.empty()) {
      a.filename = o;
    } else {
      return usage_error(io);
    }
  }
  return -1;
}

// xl create -c: the guest's primary console, once the domain is up.
int attach_console(Io& io, libxl::Context& ctx, libxl::DomId domid) {
  return console_attach(io, ctx, domid, std::nullopt, 0);
}

}  // namespace

// The xl.conf settings parse_config_data consults.
libxl::config::XlOptions options_from_xl_conf(const libxl::config::XlConf& conf) {
  libxl::config::XlOptions o;
  o.run_hotplug_scripts = conf.run_hotplug_scripts;
  o.claim_mode = conf.claim_mode;
  if (conf.max_grant_frames) o.max_grant_frames = std::uint32_t(*conf.max_grant_frames);
  if (conf.max_maptrack_frames) o.max_maptrack_frames = std::uint32_t(*conf.max_maptrack_frames);
  o.blkdev_start = conf.blkdev_start;
  o.vif_script = conf.vif_default_script;
  o.vif_bridge = conf.vif_default_bridge;
  o.vif_backend = conf.vif_default_backend;
  o.vif_gatewaydev = conf.vif_default_gatewaydev;
  return o;
}

// The monitor runs on in the background, detached from the terminal, and
// logs to /var/log/xen/xl-NAME.log as xl's does.
void start_monitor(const Globals& g, libxl::DomId domid, const libxl::config::DomainConfig& cfg) {
  std::cout.flush();
  std::cerr.flush();
  pid_t pid = ::fork();
  if (pid != 0) return;  // the parent (or a failed fork: no monitor)
  ::setsid();
  const std::string log_path = "/var/log/xen/xl-" + cfg.c_info.name.value_or("") + ".log";
  int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int out = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (out < 0) out = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (in >= 0) ::dup2(in, 0);
  if (out >= 0) {
    ::dup2(out, 1);
    ::dup2(out, 2);
  }
  int rc = 1;
  // A context of its own: the parent's XenStore connection is not ours to share.
  if (auto ctx = g.open_context()) {
    auto r = libxl::domain::monitor(**ctx, domid, cfg, std::cerr);
    rc = r ? 0 : 1;
  }
  std::cerr.flush();
  ::_exit(rc);
}

int cmd_create(const Globals& g, Io& io, const std::vector<std::string>& args) {
  CreateArgs a;
  if (int rc = parse_args(args, a, io); rc >= 0) return rc;
  a.dry_run = a.dry_run || g.dry_run;

  if (a.filename.empty()) {
    io.err << "Config file not specified and none in save file\n";
    return kErrorInval;
  }
  std::ifstream in(a.filename, std::ios::binary);
  if (!in) {
    io.err << "Failed to read config file: " << a.filename << ": " << std::strerror(errno) << "\n";
    return kErrorFail;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (!a.quiet) io.err << "Parsing config from " << a.filename << "\n";
  // xl appends the settings given on the command line to the file's text.
  std::string data = text.str() + a.extra_config;

  auto cfg = libxl::config::parse(data, a.filename);
  if (!cfg) {
    io.err << cfg.error().str() << "\n";
    io.err << "Failed to parse config: Invalid argument\n";
    return 1;
  }
  auto result = libxl::config::domain_config_from_cfg(*cfg, options_from_xl_conf(g.xl_conf));
  if (!result) {
    io.err << result.error().message << "\n";
    return result.error().status;
  }
  for (const auto& w : result->warnings) io.err << w << "\n";
  if (!a.ignore_masks) {
    auto r = libxl::config::apply_global_affinity_masks(result->config.b_info, g.affinity_masks);
    if (!r) {
      io.err << r.error().message << "\n";
      return r.error().status;
    }
  }

  if (a.dry_run || a.debug) {
    // -d alone shows the configuration on stderr, -N/-n on stdout.
    std::ostream& os = a.dry_run ? io.out : io.err;
    os << libxl::config::domain_config_to_json(result->config);
  }
  if (a.dry_run) return 0;

  libxl::domain::CreateOptions opts;
  opts.paused = a.paused;
  // -v: each step with the time since the command started.
  opts.progress = step_reporter(g, io);
  if (opts.progress) opts.progress("configuration parsed");
  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  if (opts.progress) opts.progress("context open");
  // What a restart builds again: the same MACs and device numbers.
  libxl::config::DomainConfig settled = result->config;
  opts.settled = &settled;
  auto domid = libxl::domain::create(*ctx, result->config, opts);
  if (!domid) {
    io.err << "libxl: error: " << domid.error().message << "\n";
    return -int(domid.error().code);
  }
  if (a.no_monitor) return a.console ? attach_console(io, *ctx, *domid) : 0;
  if (a.foreground) {
    auto r = libxl::domain::monitor(*ctx, *domid, settled, io.err);
    return r ? 0 : -int(r.error().code);
  }
  start_monitor(g, *domid, settled);
  if (opts.progress) opts.progress("monitor started");
  return a.console ? attach_console(io, *ctx, *domid) : 0;
}

}  // namespace xl
