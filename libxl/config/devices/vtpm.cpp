#include "libxl/config/devices/vtpm.h"

#include "libxl/json/writer.h"

namespace libxl::config::devices {

// Not written yet: fails so that callers report it instead of guessing.
std::expected<Vtpm, SpecError> parse_vtpm(std::string_view) {
  return std::unexpected(SpecError{"parsing vtpm specs is not implemented yet", false});
}

void write_json(json::Writer& w, const Vtpm& v) {
  w.begin_object();
  put_uint(w, "backend_domid", v.backend_domid);
  put_string(w, "backend_domname", v.backend_domname);
  put_int(w, "devid", v.devid, kDevidDefault);
  put_uuid(w, "uuid", v.uuid);
  w.end_object();
}

}  // namespace libxl::config::devices
