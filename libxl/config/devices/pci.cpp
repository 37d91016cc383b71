#include "libxl/config/devices/pci.h"

#include <cstdlib>
#include <string>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

namespace {

// All functions of the device, as "BB:DD.*" asks.
constexpr std::uint32_t kFuncAll = ~std::uint32_t{0};

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One or more hex digits, at most `max`; advances `s`.
std::optional<unsigned> hex_field(std::string_view& s, unsigned max) {
  unsigned v = 0;
  std::size_t n = 0;
  while (n < s.size() && hexval(s[n]) >= 0) {
    v = v * 16 + unsigned(hexval(s[n]));
    if (v > max) return std::nullopt;
    ++n;
  }
  if (n == 0) return std::nullopt;
  s.remove_prefix(n);
  return v;
}

bool parse_bdf(std::string_view s, Pci& p) {
  // DDDD: is optional; try with it first.
  std::string_view t = s;
  auto a = hex_field(t, 0xffff);
  if (!a || t.empty() || t[0] != ':') return false;
  t.remove_prefix(1);
  auto b = hex_field(t, 0xff);
  if (!b) return false;
  unsigned domain = 0, bus, dev;
  if (!t.empty() && t[0] == ':') {
    t.remove_prefix(1);
    auto d = hex_field(t, 0x1f);
    if (!d) return false;
    domain = *a, bus = *b, dev = *d;
  } else {
    if (*a > 0xff || *b > 0x1f) return false;
    bus = *a, dev = *b;
  }
  if (t.size() < 2 || t[0] != '.') return false;
  t.remove_prefix(1);
  if (t[0] == '*') {
    p.func = 0;
    p.vfunc_mask = kFuncAll;
  } else if (t[0] >= '0' && t[0] <= '7') {
    p.func = std::uint8_t(t[0] - '0');
    p.vfunc_mask = 1;
  } else {
    return false;
  }
  t.remove_prefix(1);
  if (!t.empty()) {
    if (t[0] != '@') return false;
    t.remove_prefix(1);
    auto slot = hex_field(t, 0x1f);
    if (!slot || !t.empty()) return false;
    p.vdevfn = *slot << 3;
  }
  p.domain = int(domain);
  p.bus = std::uint8_t(bus);
  p.dev = std::uint8_t(dev);
  return true;
}

}  // namespace

std::expected<Pci, SpecError> parse_pci(std::string_view spec, const Pci& defaults) {
  Pci p = defaults;
  auto fail = [&](std::string prefix) {
    return std::unexpected(SpecError{
        prefix + "unable to parse PCI_SPEC_STRING `" + std::string(spec) + "' for passthrough",
        false});
  };
  std::size_t comma = spec.find(',');
  if (!parse_bdf(spec.substr(0, comma), p)) return fail("");
  while (comma != std::string_view::npos) {
    std::size_t start = comma + 1;
    comma = spec.find(',', start);
    std::string_view opt = spec.substr(start, comma == spec.npos ? spec.npos : comma - start);
    std::size_t eq = opt.find('=');
    std::string_view key = opt.substr(0, eq);
    std::string value(eq == opt.npos ? std::string_view{} : opt.substr(eq + 1));
    bool on = std::atoi(value.c_str()) != 0;  // xl reads these with atoi
    if (eq == opt.npos) return fail("Unknown PCI_SPEC_STRING option: " + std::string(key) + "\n");
    if (key == "msitranslate") p.msitranslate = on;
    else if (key == "power_mgmt") p.power_mgmt = on;
    else if (key == "permissive") p.permissive = on;
    else if (key == "seize") p.seize = on;
    else if (key == "rdm_policy") {
      auto pol = rdm_policy_from_string(value);
      if (!pol) return fail("Unknown PCI_SPEC_STRING rdm_policy: " + value + "\n");
      p.rdm_policy = *pol;
    } else {
      // xl ends this line without a newline; we keep the two messages apart.
      return fail("Unknown PCI_SPEC_STRING option: " + std::string(key) + "\n");
    }
  }
  return p;
}

void write_json(json::Writer& w, const Pci& p) {
  w.begin_object();
  put_uint(w, "func", p.func);
  put_uint(w, "dev", p.dev);
  put_uint(w, "bus", p.bus);
  put_int(w, "domain", p.domain);
  put_uint(w, "vdevfn", p.vdevfn);
  put_uint(w, "vfunc_mask", p.vfunc_mask);
  put_bool(w, "msitranslate", p.msitranslate);
  put_bool(w, "power_mgmt", p.power_mgmt);
  put_bool(w, "permissive", p.permissive);
  put_bool(w, "seize", p.seize);
  if (p.rdm_policy != RdmPolicy::Invalid) w.member("rdm_policy", to_string(p.rdm_policy));
  put_string(w, "name", p.name);
  w.end_object();
}

}  // namespace libxl::config::devices
