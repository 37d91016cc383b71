#include "libxl/config/devices/p9.h"

#include "libxl/json/writer.h"

namespace libxl::config::devices {

// Not written yet: fails so that callers report it instead of guessing.
std::expected<P9, SpecError> parse_p9(std::string_view) {
  return std::unexpected(SpecError{"parsing p9 specs is not implemented yet", false});
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
