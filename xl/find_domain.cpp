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

}  // namespace xl
