// xl network-attach <Domain> [KEY=VALUE]...: parses the vif as xl does; with
// -N prints the libxl JSON of the device instead of attaching it.
#include <ostream>
#include <string>
#include <vector>

#include "commands.h"
#include "libxl/config/devices/nic.h"
#include "libxl/json/writer.h"

namespace xl {

namespace {

// A domid given as digits; names need a running hypervisor to resolve.
bool numeric_domain(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

int cmd_network_attach(const Globals& g, Io& io, const std::vector<std::string>& args) {
  namespace dev = libxl::config::devices;
  const Command& self = *find_command("network-attach");
  // Options end at the first non-option, as with getopt's "+" mode.
  std::size_t i = 1;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (a.size() < 2 || a[0] != '-') break;
    if (a == "-h" || a == "--help") {
      print_command_usage(self, io.out);
      return 0;
    }
    char bad = a[1] == '-' ? '\0' : a[1];  // xl names no letter for a long option
    io.err << "option `" << bad << "' not supported.\n";
    return 2;
  }
  if (args.size() - i < 1) {
    io.err << "'xl network-attach' requires at least 1 argument.\n\n";
    print_command_usage(self, io.out);
    return 2;
  }
  const std::string& domain = args[i];
  if (!numeric_domain(domain)) {
    io.err << "xl: cannot look up domain `" << domain
           << "': talking to a running hypervisor is not supported yet\n";
    return 1;
  }
  dev::Nic nic;
  for (std::size_t k = i + 1; k < args.size(); ++k) {
    std::vector<std::string> warnings;
    auto r = dev::apply_vif_part(nic, args[k], &warnings);
    for (const auto& w : warnings) io.err << w << '\n';
    if (!r) {
      io.err << r.error().render("command line");
      return 1;
    }
  }
  if (!g.dry_run) {
    io.err << "xl: network-attach: talking to a running hypervisor is not supported yet\n";
    return 1;
  }
  libxl::json::Writer w;
  dev::write_json(w, nic);
  io.out << "vif: " << w.str() << '\n';
  io.out.flush();
  return io.out ? 0 : 255;
}

}  // namespace xl
