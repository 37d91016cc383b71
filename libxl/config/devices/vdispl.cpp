#include "libxl/config/devices/vdispl.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

namespace {

// "ID:WxH;ID:WxH". A resolution that does not start with a number is only
// reported: xl stops there and keeps it and the later connectors as they
// were allocated (no id, 0x0). One with a width but no height fails.
std::expected<std::vector<ConnectorParam>, SpecError> connectors(
    std::string_view list, std::vector<std::string>* warnings) {
  const SpecError bad{"Can't parse connector resolution", false};
  auto items = strtok_split(list, ";");
  std::vector<ConnectorParam> out(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto pair = strtok_split(items[i], ":");
    if (pair.size() < 2) return std::unexpected(bad);
    out[i].unique_id = pair[0];
    unsigned w = 0, h = 0;
    int n = std::sscanf(pair[1].c_str(), "%ux%u", &w, &h);
    if (n >= 1) out[i].width = w;
    if (n == 2) {
      out[i].height = h;
      continue;
    }
    if (n != 0) return std::unexpected(bad);
    if (warnings) warnings->push_back(bad.message);
    break;
  }
  return out;
}

}  // namespace

std::expected<Vdispl, SpecError> parse_vdispl(std::string_view spec,
                                              std::vector<std::string>* warnings) {
  Vdispl v;
  std::size_t i = 0;
  while (i < spec.size()) {
    std::size_t j = spec.find(',', i);
    if (j == std::string_view::npos) j = spec.size();
    std::string part(spec.substr(i, j - i));
    i = j + 1;
    if (part.empty()) continue;  // strtok skips empty fields
    std::size_t lead = part.find_first_not_of(' ');
    part.erase(0, lead == std::string::npos ? part.size() : lead);
    auto value = [&](std::string_view key) -> const char* {
      if (part.size() > key.size() && part.starts_with(key) && part[key.size()] == '=')
        return part.c_str() + key.size() + 1;
      return nullptr;
    };
    if (const char* val = value("backend")) {
      v.backend_domname = std::string(val);
    } else if (const char* val = value("be-alloc")) {
      v.be_alloc = std::strtoul(val, nullptr, 0) != 0;
    } else if (const char* val = value("connectors")) {
      auto c = connectors(val, warnings);
      if (!c) return std::unexpected(c.error());
      v.connectors = std::move(*c);
    } else {
      return std::unexpected(SpecError{"Unknown string \"" + part + "\" in vdispl spec", false});
    }
  }
  if (v.connectors.empty())
    return std::unexpected(SpecError{"At least one connector should be specified.", false});
  return v;
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
