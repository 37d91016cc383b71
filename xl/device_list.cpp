// block-list and network-list: xl 4.17's tables, one row per device of each
// domain named.
#include <cstdio>
#include <ostream>

#include "commands.h"
#include "printf_string.h"
#include "libxl/device/disk.h"
#include "libxl/device/nic.h"

namespace xl {

int cmd_block_list(const Globals& g, Io& io, const std::vector<std::string>& args) {
  ParsedOpts p;
  if (int rc = parse_opts(io, args, "", {}, 1, p); rc >= 0) return rc;
  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  io.out << printf_string("%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n", "Vdev", "BE", "handle", "state", "evt-ch",
                          "ring-ref", "BE-path");
  for (const auto& q : p.operands) {
    // xl goes on to the next domain here, and exits 0 in the end.
    auto domid = ctx->domain_qualifier_to_domid(q);
    if (!domid) {
      io.err << q << " is an invalid domain identifier\n";
      continue;
    }
    auto disks = libxl::device::list_disks(*ctx, *domid);
    if (!disks) continue;
    for (const auto& d : *disks)
      io.out << printf_string("%-5d %-3d %-6d %-5d %-6d %-8d %-30s\n", d.devid, int(d.backend_id),
                              int(d.frontend_id), d.state, d.evtch, d.rref, d.backend.c_str());
  }
  return 0;
}

int cmd_network_list(const Globals& g, Io& io, const std::vector<std::string>& args) {
  ParsedOpts p;
  if (int rc = parse_opts(io, args, "", {}, 1, p); rc >= 0) return rc;
  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  io.out << printf_string("%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n", "Idx", "BE", "Mac Addr.", "handle",
                          "state", "evt-ch", "tx-", "rx-ring-ref", "BE-path");
  for (const auto& q : p.operands) {
    // Unlike block-list, an unknown domain ends the command (xl's find_domain).
    auto domid = lookup_domain(*ctx, io, q);
    if (!domid) return 1;
    auto nics = libxl::device::list_nics(*ctx, *domid);
    if (!nics) continue;
    for (const auto& n : *nics)
      io.out << printf_string("%-3d %-2d %s%6d %5d %6d %5d/%-11d %-30s\n", n.devid, int(n.backend_id),
                              n.mac.c_str(), n.devid, n.state, n.evtch, n.rref_tx, n.rref_rx, n.backend.c_str());
  }
  return 0;
}

}  // namespace xl
