#include "libxl/config/devices/vdispl.h"

#include "libxl/json/writer.h"

namespace libxl::config::devices {

// Not written yet: fails so that callers report it instead of guessing.
std::expected<Vdispl, SpecError> parse_vdispl(std::string_view) {
  return std::unexpected(SpecError{"parsing vdispl specs is not implemented yet", false});
}

void write_json(json::Writer& w, const Vdispl& v) {
  w.begin_object();
  put_uint(w, "backend_domid", v.backend_domid);
  put_string(w, "backend_domname", v.backend_domname);
  put_int(w, "devid", v.devid, kDevidDefault);
  put_bool(w, "be_alloc", v.be_alloc);
  if (!v.connectors.empty()) {
    w.key("connectors").begin_array();
    for (const auto& c : v.connectors) {
      w.begin_object();
      put_string(w, "unique_id", c.unique_id);
      put_uint(w, "width", c.width);
      put_uint(w, "height", c.height);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

}  // namespace libxl::config::devices
