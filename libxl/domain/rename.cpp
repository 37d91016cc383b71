#include "libxl/domain/rename.h"

#include <optional>

#include "libxl/config/devices/common.h"
#include "libxl/domain/userdata.h"

namespace libxl::domain {

namespace {

// NAME as a JSON string, the way the stored configuration spells it.
std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

// The stored configuration with c_info's name replaced; unchanged when it
// has no such field.
std::string renamed_config(const std::string& json, const std::string& new_name) {
  auto ci = json.find("\"c_info\"");
  if (ci == std::string::npos) return json;
  auto key = json.find("\"name\":", ci);
  auto obj_end = json.find('}', ci);
  if (key == std::string::npos || key > obj_end) return json;
  auto open = json.find('"', key + 7);
  if (open == std::string::npos) return json;
  auto close = open + 1;
  while (close < json.size() && json[close] != '"') close += json[close] == '\\' ? 2 : 1;
  if (close >= json.size()) return json;
  return json.substr(0, open) + json_string(new_name) + json.substr(close + 1);
}

}  // namespace

Result<void> rename(Context& ctx, DomId domid, const std::string& new_name) {
  auto info = ctx.hypervisor().domain(domid);
  if (!info)
    return std::unexpected(Error{info.error().err == ESRCH ? ErrorCode::DomainNotFound : ErrorCode::Fail,
                                 info.error().message()});
  const std::string uuid = config::devices::format_uuid(info->handle);
  std::optional<Error> err;
  auto r = store::transact(ctx.store(), [&](store::Tx tx) -> store::Result<void> {
    // Non-empty names are unique.
    if (!new_name.empty()) {
      auto other = ctx.name_to_domid(new_name);
      if (other && *other != domid) {
        err = Error{ErrorCode::Inval, "domain with name \"" + new_name + "\" already exists."};
        return std::unexpected(store::Error{"rename", 0});
      }
    }
    const std::string dom = "/local/domain/" + std::to_string(domid);
    if (auto w = ctx.store().write(tx, dom + "/name", new_name); !w) return w;
    const std::string vm = ctx.store().read(tx, dom + "/vm").value_or("/vm/" + uuid);
    return ctx.store().write(tx, vm + "/name", new_name);
  });
  if (err) return std::unexpected(*err);
  if (!r) return std::unexpected(Error{ErrorCode::Fail, r.error().message()});
  if (auto json = read_userdata(ctx, domid, uuid, "libxl-json")) {
    if (auto s = store_userdata(ctx, domid, uuid, "libxl-json", renamed_config(*json, new_name)); !s)
      return s;
  }
  return {};
}

}  // namespace libxl::domain
