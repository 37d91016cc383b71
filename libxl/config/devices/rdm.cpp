#include "libxl/config/devices/rdm.h"

#include <string>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

std::string_view to_string(RdmStrategy s) { return s == RdmStrategy::Host ? "host" : "ignore"; }

std::string_view to_string(RdmPolicy p) {
  switch (p) {
    case RdmPolicy::Strict: return "strict";
    case RdmPolicy::Relaxed: return "relaxed";
    case RdmPolicy::Invalid: break;
  }
  return "invalid";
}

std::optional<RdmPolicy> rdm_policy_from_string(std::string_view s) {
  if (s == "strict") return RdmPolicy::Strict;
  if (s == "relaxed") return RdmPolicy::Relaxed;
  return std::nullopt;
}

std::expected<RdmReserve, SpecError> parse_rdm(std::string_view spec, RdmReserve into) {
  auto fail = [&] {
    return std::unexpected(
        SpecError{"Failed to parse RDM_RESERVE_STRING `" + std::string(spec) + "'", false});
  };
  std::size_t pos = 0;
  while (pos <= spec.size()) {
    std::size_t comma = spec.find(',', pos);
    std::string_view opt = spec.substr(pos, comma == spec.npos ? spec.npos : comma - pos);
    pos = comma == spec.npos ? spec.size() + 1 : comma + 1;
    std::size_t eq = opt.find('=');
    if (eq == opt.npos) return fail();
    std::string_view key = opt.substr(0, eq), value = opt.substr(eq + 1);
    if (key == "strategy") {
      if (value == "host") into.strategy = RdmStrategy::Host;
      else if (value == "ignore") into.strategy = RdmStrategy::Ignore;
      else return fail();
    } else if (key == "policy") {
      auto p = rdm_policy_from_string(value);
      if (!p) return fail();
      into.policy = *p;
    } else {
      return fail();
    }
  }
  return into;
}

void write_json(json::Writer& w, const RdmReserve& r) {
  w.begin_object();
  if (r.strategy != RdmStrategy::Ignore) w.member("strategy", to_string(r.strategy));
  if (r.policy != RdmPolicy::Invalid) w.member("policy", to_string(r.policy));
  w.end_object();
}

void write_json(json::Writer& w, const DeviceRdm& r) {
  w.begin_object();
  put_uint(w, "start", r.start);
  put_uint(w, "size", r.size);
  if (r.policy != RdmPolicy::Invalid) w.member("policy", to_string(r.policy));
  w.end_object();
}

}  // namespace libxl::config::devices
