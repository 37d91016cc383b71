#include "libxl/config/devices/rdm.h"

#include <string>
#include <strings.h>

#include "libxl/json/writer.h"
#include "../json_out.h"

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

std::expected<RdmReserve, SpecError> parse_rdm(std::string_view spec, RdmReserve into,
                                               std::vector<std::string>* warnings) {
  auto fail = [](std::string msg) { return std::unexpected(SpecError{std::move(msg), false}); };
  enum class State { Key, Strategy, Policy, Done } state = State::Key;
  std::size_t tok = 0;
  // The terminating NUL counts as a separator, as in libxlutil's scanner.
  for (std::size_t i = 0; i <= spec.size(); ++i) {
    char c = i < spec.size() ? spec[i] : '\0';
    if (state == State::Key) {
      if (c != '=') continue;
      std::string_view key = spec.substr(tok, i - tok);
      if (key == "strategy") state = State::Strategy;
      else if (key == "policy") state = State::Policy;
      else return fail("Unknown RDM state option: " + std::string(key));
      tok = i + 1;
    } else if (state == State::Strategy || state == State::Policy) {
      if (c != ',' && c != '\0') continue;
      std::string value(spec.substr(tok, i - tok));
      if (state == State::Strategy) {
        if (value != "host") return fail("Unknown RDM strategy option: " + value);
        into.strategy = RdmStrategy::Host;
      } else {
        // libxlutil inverts libxl's result here: a policy libxl knows ends
        // the parse (silently), an unknown one is reported and skipped.
        bool known = false;
        for (const char* name : {"strict", "relaxed", "invalid"})
          known = known || strcasecmp(value.c_str(), name) == 0;
        if (known) return fail("");
        if (warnings) warnings->push_back("Unknown RDM policy: " + value);
      }
      state = c == ',' ? State::Key : State::Done;
      tok = i + 1;
    }
  }
  if (tok != spec.size() + 1 || state != State::Done) return fail("");
  return into;
}

void write_json(json::Writer& w, const RdmReserve& r) {
  JsonOut out(w);
  w.begin_object();
  fields(out, r);
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
