// xl rename: a domain's new name, as libxl 4.17's libxl_domain_rename
// gives it.
#pragma once

#include <string>

#include "libxl/context.h"

namespace libxl::domain {

// Writes /local/domain/<id>/name and /vm/<uuid>/name in one transaction,
// refusing a non-empty name another domain has (ErrorCode::Inval). The
// stored configuration keeps its name, as in 4.17: readers take the name
// from XenStore.
Result<void> rename(Context& ctx, DomId domid, const std::string& new_name);

}  // namespace libxl::domain
