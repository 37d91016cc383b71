#include "libxl/config/devices/p9.h"

#include <string>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

std::expected<P9, SpecError> parse_p9(std::string_view spec, const P9* previous) {
  P9 p9;
  // xl keeps these four across the entries of the list.
  if (previous) {
    p9.tag = previous->tag;
    p9.path = previous->path;
    p9.security_model = previous->security_model;
    p9.backend_domname = previous->backend_domname;
  }
  // xl stops at the first field without '='.
  auto r = for_each_field(spec, {.stop_at_field_without_equals = true},
                          [&](const SpecField& f) -> std::expected<void, SpecError> {
                            std::string value(*f.value);
                            if (f.key == "security_model") p9.security_model = value;
                            else if (f.key == "path") p9.path = value;
                            else if (f.key == "tag") p9.tag = value;
                            else if (f.key == "backend") p9.backend_domname = value;
                            else
                              return std::unexpected(SpecError{
                                  "Unknown string `" + std::string(f.key) + "' in 9pfs spec",
                                  false});
                            return {};
                          });
  if (!r) return std::unexpected(r.error());
  if (!p9.path || !p9.security_model || !p9.tag)
    return std::unexpected(SpecError{"9pfs spec missing required field!", false});
  return p9;
}

void write_json(json::Writer& w, const P9& p) {
  w.begin_object();
  put_uint(w, "backend_domid", p.backend_domid);
  put_string(w, "backend_domname", p.backend_domname);
  put_string(w, "tag", p.tag);
  put_string(w, "path", p.path);
  put_string(w, "security_model", p.security_model);
  put_int(w, "devid", p.devid, kDevidDefault);
  w.end_object();
}

}  // namespace libxl::config::devices
