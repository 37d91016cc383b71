// The console daemon (xenconsoled's job): for every guest with a console
// page it maps the page, binds the console's event channel, gives the
// console a pty whose name it writes to /local/domain/<id>/console/tty (what
// `xl console` opens), copies what the guest prints to the pty and, if asked,
// to /var/log/xen/console/guest-<name>.log, and what is typed on the pty to
// the guest. Guests are found on @introduceDomain and dropped on
// @releaseDomain once dying or gone.
#pragma once

#include <expected>
#include <string>
#include <vector>

namespace xenconsoled {

struct Options {
  bool help = false;
  bool foreground = false;      // -i, --interactive
  bool verbose = false;         // -v, --verbose
  std::string pid_file;         // --pid-file=FILE
  std::string log = "none";     // --log=none|guest|hv|all (hv: accepted, not kept)
  std::string log_dir = "/var/log/xen/console";
};

// Xen's xenconsoled option syntax (--opt=value), so init scripts work as is.
std::expected<Options, std::string> parse_options(const std::vector<std::string>& args);
std::string usage_text();

// Returns the process exit status.
int run(const Options& opts);

}  // namespace xenconsoled
