// xl block-attach <Domain> <disk-spec-component(s)>...: parses the disk as xl
// does and attaches it to the running domain; with -N prints the libxl JSON
// of the device instead.
#include <ostream>
#include <string_view>
#include <vector>

#include "commands.h"
#include "device_command.h"
#include "libxl/config/devices/disk.h"
#include "libxl/domain/devices.h"
#include "libxl/json/writer.h"

namespace xl {

int cmd_block_attach(const Globals& g, Io& io, const std::vector<std::string>& args) {
  namespace dev = libxl::config::devices;
  auto at = device_command_args(io, args, "block-attach", 2);
  if (!at) return at.error();
  const std::string& domain = args[*at];
  std::unique_ptr<libxl::Context> ctx;
  std::optional<libxl::DomId> domid;
  if (g.dry_run) {
    domid = dry_run_domain(io, domain);
  } else if ((ctx = open_context(g, io))) {
    // xl's own wording here, without find_domain's "(rc=...)".
    auto found = ctx->domain_qualifier_to_domid(domain);
    if (!found) {
      io.err << domain << " is an invalid domain identifier\n";
      return 1;
    }
    domid = *found;
  }
  if (!domid) return 1;
  std::vector<std::string_view> specs(args.begin() + std::ptrdiff_t(*at + 1), args.end());
  auto disk = dev::parse_disk(specs);
  if (!disk) {
    io.err << disk.error().render("command line");
    return 1;
  }
  if (g.dry_run) {
    libxl::json::Writer w;
    dev::write_json(w, *disk);
    return print_dry_run(io, "disk", w.str());
  }
  if (auto r = libxl::domain::attach_disk(*ctx, *domid, *disk); !r) {
    io.err << "libxl: error: " << r.error().message << "\n";
    io.err << "libxl_device_disk_add failed.\n";
    return 1;
  }
  return 0;
}

}  // namespace xl
