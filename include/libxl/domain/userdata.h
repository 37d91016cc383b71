// Per-domain files libxl keeps beside XenStore, named as Xen's libxl names
// them (<lib_dir>/userdata-d.<domid>.<uuid>.<id>) so that either toolstack
// finds the other's: "libxl-json" holds the domain's configuration.
#pragma once

#include <optional>
#include <string>

#include "libxl/context.h"

namespace libxl::domain {

std::string userdata_path(const Context& ctx, DomId domid, const std::string& uuid,
                          const std::string& id);
// Written whole or not at all (a temporary file renamed into place).
Result<void> store_userdata(const Context& ctx, DomId domid, const std::string& uuid,
                            const std::string& id, const std::string& data);
// The domain's configuration as libxl keeps it: JSON with a trailing NUL
// byte, as libxl stores C strings.
Result<void> store_config_json(const Context& ctx, DomId domid, const std::string& uuid,
                               const std::string& json);
std::optional<std::string> read_config_json(const Context& ctx, DomId domid, const std::string& uuid);
std::optional<std::string> read_userdata(const Context& ctx, DomId domid, const std::string& uuid,
                                         const std::string& id);
// Every userdata file of DOMID (any uuid, any id).
void remove_userdata(const Context& ctx, DomId domid);

}  // namespace libxl::domain
