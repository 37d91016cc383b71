// xl's find_domain, shared by the commands that take a domain.
#include <ostream>

#include "commands.h"

namespace xl {

std::optional<libxl::DomId> lookup_domain(libxl::Context& ctx, Io& io, const std::string& q) {
  auto domid = ctx.domain_qualifier_to_domid(q);
  if (!domid) {
    io.err << q << " is an invalid domain identifier (rc=" << int(domid.error().code) << ")\n";
    return std::nullopt;
  }
  return *domid;
}

std::expected<DomainCommand, int> open_domain_command(const Globals& g, Io& io,
                                                      const std::vector<std::string>& args,
                                                      std::string_view shorts,
                                                      std::initializer_list<LongOpt> longs,
                                                      std::size_t required) {
  DomainCommand c;
  if (int rc = parse_opts(io, args, shorts, longs, required, c.p); rc >= 0) return std::unexpected(rc);
  c.ctx = open_context(g, io);
  if (!c.ctx) return std::unexpected(1);
  auto domid = lookup_domain(*c.ctx, io, c.p.operands[0]);
  if (!domid) return std::unexpected(1);
  c.domid = *domid;
  return c;
}

}  // namespace xl
