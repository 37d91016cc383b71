#include "libxl/config/devices/vtpm.h"

#include <string>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

std::expected<Vtpm, SpecError> parse_vtpm(std::string_view spec) {
  Vtpm vtpm;
  bool got_backend = false;
  std::size_t i = 0;
  while (i < spec.size()) {
    std::size_t j = spec.find(',', i);
    if (j == std::string_view::npos) j = spec.size();
    std::string_view part = spec.substr(i, j - i);
    i = j + 1;
    if (part.empty()) continue;  // strtok skips empty fields
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) break;  // xl stops at the first part without '='
    std::string_view key = part.substr(0, eq);
    std::string value(part.substr(eq + 1));
    if (key == "backend") {
      vtpm.backend_domname = value;
      got_backend = true;
    } else if (key == "uuid") {
      auto u = parse_uuid(value);
      if (!u) return std::unexpected(SpecError{"Failed to parse vtpm UUID: " + value, false});
      vtpm.uuid = *u;
    } else {
      return std::unexpected(
          SpecError{"Unknown string `" + std::string(key) + "' in vtpm spec", false});
    }
  }
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
