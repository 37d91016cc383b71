#include "libxl/config/devices/vtpm.h"

#include <string>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

std::expected<Vtpm, SpecError> parse_vtpm(std::string_view spec) {
  Vtpm vtpm;
  bool got_backend = false;
  // xl stops at the first field without '='.
  auto r = for_each_field(
      spec, {.stop_at_field_without_equals = true},
      [&](const SpecField& f) -> std::expected<void, SpecError> {
        std::string value(*f.value);
        if (f.key == "backend") {
          vtpm.backend_domname = value;
          got_backend = true;
        } else if (f.key == "uuid") {
          auto u = parse_uuid(value);
          if (!u) return std::unexpected(SpecError{"Failed to parse vtpm UUID: " + value, false});
          vtpm.uuid = *u;
        } else {
          return std::unexpected(
              SpecError{"Unknown string `" + std::string(f.key) + "' in vtpm spec", false});
        }
        return {};
      });
  if (!r) return std::unexpected(r.error());
  if (!got_backend)
    return std::unexpected(SpecError{"vtpm spec missing required backend field!", false});
  return vtpm;
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
