#include "libxl/config/devices/vnuma.h"

#include <algorithm>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

// Not written yet: fails so that callers report it instead of guessing.
std::expected<VnodeInfo, SpecError> parse_vnode(std::span<const std::string_view>, int, int, const HostTopology&) {
  return std::unexpected(SpecError{"parsing vnuma specs is not implemented yet", false});
}

void write_json(json::Writer& w, const VnodeInfo& v) {
  w.begin_object();
  put_uint(w, "memkb", v.memkb);
  if (!v.distances.empty()) {
    w.key("distances").begin_array();
    for (auto d : v.distances) w.unsigned_integer(d);
    w.end_array();
  }
  put_uint(w, "pnode", v.pnode);
  if (std::find(v.vcpus.begin(), v.vcpus.end(), true) != v.vcpus.end()) {
    w.key("vcpus");
    write_json(w, v.vcpus);
  }
  w.end_object();
}

}  // namespace libxl::config::devices
