// xl network-attach <Domain> [KEY=VALUE]...: parses the vif as xl does and
// attaches it to the running domain; with -N prints the libxl JSON of the
// device instead. Like xl, it starts from xl.conf's
// vif.default.script/bridge/gatewaydev/backend.
#include <ostream>
#include <string>
#include <vector>

#include "commands.h"
#include "device_command.h"
#include "libxl/config/devices/nic.h"
#include "libxl/domain/devices.h"
#include "libxl/json/writer.h"

namespace xl {

int cmd_network_attach(const Globals& g, Io& io, const std::vector<std::string>& args) {
  namespace dev = libxl::config::devices;
  auto at = device_command_args(io, args, "network-attach", 1);
  if (!at) return at.error();
  std::unique_ptr<libxl::Context> ctx;
  std::optional<libxl::DomId> domid;
  if (g.dry_run) {
    domid = dry_run_domain(io, args[*at]);
  } else if ((ctx = open_context(g, io))) {
    domid = lookup_domain(*ctx, io, args[*at]);
  }
  if (!domid) return 1;
  // xl.conf's vif.default.* first (set_default_nic_values), then the spec.
  dev::Nic nic;
  nic.script = g.xl_conf.vif_default_script;
  nic.bridge = g.xl_conf.vif_default_bridge;
  nic.gatewaydev = g.xl_conf.vif_default_gatewaydev;
  nic.backend_domname = g.xl_conf.vif_default_backend;
  for (std::size_t k = *at + 1; k < args.size(); ++k) {
    std::vector<std::string> warnings;
    auto r = dev::apply_vif_part(nic, args[k], &warnings);
    for (const auto& w : warnings) io.err << w << '\n';
    if (!r) {
      io.err << r.error().render("command line");
      return 1;
    }
  }
  if (g.dry_run) {
    libxl::json::Writer w;
    dev::write_json(w, nic);
    return print_dry_run(io, "vif", w.str());
  }
  if (auto r = libxl::domain::attach_nic(*ctx, *domid, nic); !r) {
    io.err << "libxl: error: " << r.error().message << "\n";
    io.err << "libxl_device_nic_add failed.\n";
    return 1;
  }
  return 0;
}

}  // namespace xl
