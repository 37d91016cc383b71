// The configuration `xl list -l` shows: the one stored at creation, brought
// up to date with what can change while the domain runs (its name, its
// memory, its scheduling), as libxl's retrieve_domain_configuration does.
#pragma once

#include <string>

#include "libxl/context.h"

namespace libxl::domain {

// libxl's JSON of DOMID's configuration; ErrorCode::Fail when nothing is
// stored for it (a domain this toolstack did not create).
Result<std::string> retrieve_config_json(Context& ctx, DomId domid);

}  // namespace libxl::domain
