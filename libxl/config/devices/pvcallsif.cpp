#include "libxl/config/devices/pvcallsif.h"

#include "libxl/json/writer.h"

namespace libxl::config::devices {

// Not written yet: fails so that callers report it instead of guessing.
std::expected<Pvcallsif, SpecError> parse_pvcallsif(std::string_view) {
  return std::unexpected(SpecError{"parsing pvcallsif specs is not implemented yet", false});
}

void write_json(json::Writer& w, const Pvcallsif& p) {
  w.begin_object();
  put_uint(w, "backend_domid", p.backend_domid);
  put_string(w, "backend_domname", p.backend_domname);
  put_int(w, "devid", p.devid, kDevidDefault);
  w.end_object();
}

}  // namespace libxl::config::devices
