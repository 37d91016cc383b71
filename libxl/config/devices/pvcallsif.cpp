#include "libxl/config/devices/pvcallsif.h"

#include <string>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

// xl reads the fields up to the first one without '='; "backend" is the only
// key (the last one wins).
std::expected<Pvcallsif, SpecError> parse_pvcallsif(std::string_view spec) {
  Pvcallsif p;
  auto r = for_each_field(spec, {.stop_at_field_without_equals = true},
                          [&](const SpecField& f) -> std::expected<void, SpecError> {
                            if (f.key != "backend")
                              return std::unexpected(SpecError{
                                  "Unknown string `" + std::string(f.key) + "' in pvcalls spec",
                                  false});
                            p.backend_domname = std::string(*f.value);
                            return {};
                          });
  if (!r) return std::unexpected(r.error());
  return p;
}

void write_json(json::Writer& w, const Pvcallsif& p) {
  w.begin_object();
  put_uint(w, "backend_domid", p.backend_domid);
  put_string(w, "backend_domname", p.backend_domname);
  put_int(w, "devid", p.devid, kDevidDefault);
  w.end_object();
}

}  // namespace libxl::config::devices
