// xl network-attach <Domain> [KEY=VALUE]...: parses the vif as xl does; with
// -N prints the libxl JSON of the device instead of attaching it. Like xl,
// it starts from xl.conf's vif.default.script/bridge/gatewaydev/backend.
#include <ostream>
#include <string>
#include <vector>

#include "commands.h"
#include "device_command.h"
#include "libxl/config/devices/nic.h"
#include "libxl/json/writer.h"

namespace xl {

int cmd_network_attach(const Globals& g, Io& io, const std::vector<std::string>& args) {
  namespace dev = libxl::config::devices;
  auto first = device_command_args(io, args, "network-attach", 1);
  if (!first) return first.error();
  // xl.conf's vif.default.* first (set_default_nic_values), then the spec.
  dev::Nic nic;
  nic.script = g.xl_conf.vif_default_script;
  nic.bridge = g.xl_conf.vif_default_bridge;
  nic.gatewaydev = g.xl_conf.vif_default_gatewaydev;
  nic.backend_domname = g.xl_conf.vif_default_backend;
  for (std::size_t k = *first; k < args.size(); ++k) {
    std::vector<std::string> warnings;
    auto r = dev::apply_vif_part(nic, args[k], &warnings);
    for (const auto& w : warnings) io.err << w << '\n';
    if (!r) {
      io.err << r.error().render("command line");
      return 1;
    }
  }
  libxl::json::Writer w;
  dev::write_json(w, nic);
  return finish_device_command(g, io, "network-attach", "vif", w.str());
}

}  // namespace xl
