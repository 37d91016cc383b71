#include "libxl/config/devices/nic.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <string>

#include "libxl/json/writer.h"
#include "../json_out.h"

namespace libxl::config::devices {

std::string_view to_string(NicType t) {
  static constexpr std::string_view n[] = {"unknown", "vif_ioemu", "vif"};
  return n[int(t)];
}

std::span<const std::string_view> colo_field_names() {
  static constexpr std::string_view kNames[] = {
      "colo_sock_mirror_id", "colo_sock_mirror_ip", "colo_sock_mirror_port",
      "colo_sock_compare_pri_in_id", "colo_sock_compare_pri_in_ip",
      "colo_sock_compare_pri_in_port", "colo_sock_compare_sec_in_id",
      "colo_sock_compare_sec_in_ip", "colo_sock_compare_sec_in_port",
      "colo_sock_compare_notify_id", "colo_sock_compare_notify_ip",
      "colo_sock_compare_notify_port", "colo_sock_redirector0_id", "colo_sock_redirector0_ip",
      "colo_sock_redirector0_port", "colo_sock_redirector1_id", "colo_sock_redirector1_ip",
      "colo_sock_redirector1_port", "colo_sock_redirector2_id", "colo_sock_redirector2_ip",
      "colo_sock_redirector2_port", "colo_filter_mirror_queue", "colo_filter_mirror_outdev",
      "colo_filter_redirector0_queue", "colo_filter_redirector0_indev",
      "colo_filter_redirector0_outdev", "colo_filter_redirector1_queue",
      "colo_filter_redirector1_indev", "colo_filter_redirector1_outdev", "colo_compare_pri_in",
      "colo_compare_sec_in", "colo_compare_out", "colo_compare_notify_dev",
      "colo_sock_sec_redirector0_id", "colo_sock_sec_redirector0_ip",
      "colo_sock_sec_redirector0_port", "colo_sock_sec_redirector1_id",
      "colo_sock_sec_redirector1_ip", "colo_sock_sec_redirector1_port",
      "colo_filter_sec_redirector0_queue", "colo_filter_sec_redirector0_indev",
      "colo_filter_sec_redirector0_outdev", "colo_filter_sec_redirector1_queue",
      "colo_filter_sec_redirector1_indev", "colo_filter_sec_redirector1_outdev",
      "colo_filter_sec_rewriter0_queue", "colo_checkpoint_host", "colo_checkpoint_port"};
  static_assert(std::size(kNames) == 48);
  return kNames;
}

namespace {

SpecError vif_error(std::string_view what, std::string_view in) {
  return SpecError{"config parsing error in vif: " + std::string(what) + " in `" +
                   std::string(in) + "'"};
}

// strtoull with base 0 as xl uses it (a leading 0 means octal), after the
// syntax was checked.
struct Number {
  unsigned long long value;
  std::size_t used;
  bool range_error;
};
Number read_number(const std::string& s) {
  errno = 0;
  char* end = nullptr;
  unsigned long long v = std::strtoull(s.c_str(), &end, 0);
  return {v, std::size_t(end - s.c_str()), errno == ERANGE};
}

// Digits from `i` on; returns the index after them (i itself if none).
std::size_t skip_digits(const std::string& s, std::size_t i) {
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  return i;
}

// ^[0-9]+[GMK]?[Bb]/s$
bool rate_syntax(const std::string& s) {
  std::size_t i = skip_digits(s, 0);
  if (i == 0) return false;
  if (i < s.size() && (s[i] == 'G' || s[i] == 'M' || s[i] == 'K')) ++i;
  return s.compare(i, std::string::npos, "B/s") == 0 || s.compare(i, std::string::npos, "b/s") == 0;
}

// ^[0-9]+[mu]?s?$
bool interval_syntax(const std::string& s) {
  std::size_t i = skip_digits(s, 0);
  if (i == 0) return false;
  if (i < s.size() && (s[i] == 'm' || s[i] == 'u')) ++i;
  if (i < s.size() && s[i] == 's') ++i;
  return i == s.size();
}

std::expected<std::uint64_t, SpecError> bytes_per_sec(const std::string& s) {
  if (!rate_syntax(s)) return std::unexpected(vif_error("invalid rate", s));
  Number n = read_number(s);
  if (n.value == 0 || n.value > UINT32_MAX || n.range_error)
    return std::unexpected(vif_error("rate overflow", s));
  std::uint64_t v = n.value;
  char unit = s[n.used];
  if (unit == 'G') v *= 1000ULL * 1000 * 1000;
  else if (unit == 'M') v *= 1000ULL * 1000;
  else if (unit == 'K') v *= 1000ULL;
  if (unit == 'b' || s[n.used + 1] == 'b') v /= 8;
  return v;
}

std::expected<std::uint32_t, SpecError> interval_usecs(const std::string& s) {
  if (!interval_syntax(s))
    return std::unexpected(vif_error("invalid replenishment interval", s));
  Number n = read_number(s);
  if (n.value == 0 || n.value > UINT32_MAX || n.range_error)
    return std::unexpected(vif_error("replenishment interval overflow", s));
  std::uint64_t v = n.value;
  char unit = s[n.used];
  if (unit == 's' || unit == '\0') v *= 1000ULL * 1000;
  else if (unit == 'm') v *= 1000ULL;
  if (v > UINT32_MAX) return std::unexpected(vif_error("replenishment interval overflow", s));
  return std::uint32_t(v);
}

// xl's parse_ulong: decimal strtoul, exiting on no digits or ULONG_MAX. The
// result lands in an int field, wrapping as in C ("-5" stays -5).
std::expected<int, SpecError> parse_ulong_field(std::string_view v) {
  std::string s(v);
  char* end = nullptr;
  unsigned long n = std::strtoul(s.c_str(), &end, 10);
  if (end == s.c_str() || n == ULONG_MAX)
    return std::unexpected(SpecError{"xl: failed to convert \"" + s + "\" to number", false});
  return int(n);
}

// Six hex numbers, each followed by one separator character of any kind, as
// xl reads them (strtoul base 16 per part; later text is ignored).
std::expected<Mac, SpecError> vif_mac(std::string_view v) {
  std::string s(v);
  Mac m{};
  std::size_t pos = 0;
  for (auto& byte : m) {
    if (pos > s.size()) return std::unexpected(SpecError{"Invalid parameter `mac'.", false});
    const char* start = s.c_str() + pos;
    char* end = nullptr;
    unsigned int val = static_cast<unsigned int>(std::strtoul(start, &end, 16));
    if (end == start || val > 255)
      return std::unexpected(SpecError{"Invalid parameter `mac'.", false});
    byte = std::uint8_t(val);
    pos = std::size_t(end - s.c_str()) + 1;
  }
  return m;
}

}  // namespace

std::expected<Rate, SpecError> parse_rate(std::string_view rate) {
  std::string whole(rate);
  std::size_t at = whole.find('@');
  std::string bytes = whole.substr(0, at);
  if (bytes.empty()) return std::unexpected(vif_error("no rate specified", whole));
  auto bps = bytes_per_sec(bytes);
  if (!bps) return std::unexpected(bps.error());
  std::uint32_t usecs = 50000;  // xl's default interval, 50ms
  if (at != std::string::npos) {
    auto iv = interval_usecs(whole.substr(at + 1));
    if (!iv) return std::unexpected(iv.error());
    usecs = *iv;
  }
  if (usecs != 0 && *bps > UINT64_MAX / usecs)
    return std::unexpected(vif_error("rate overflow", whole));
  return Rate{*bps * usecs / 1000000ULL, usecs};
}

std::expected<void, SpecError> apply_vif_part(Nic& nic, std::string_view part,
                                              std::vector<std::string>* warnings) {
  auto warn = [&](std::string w) {
    if (warnings) warnings->push_back(std::move(w));
  };
  auto opt = [&](std::string_view key, std::string_view& value) {
    if (part.size() <= key.size() || !part.starts_with(key) || part[key.size()] != '=')
      return false;
    value = part.substr(key.size() + 1);
    return true;
  };
  std::string_view v;
  if (opt("type", v)) {
    if (v == "vif") nic.nictype = NicType::Vif;
    else if (v == "ioemu") nic.nictype = NicType::VifIoemu;
    else return std::unexpected(SpecError{"Invalid parameter `type'.", false});
  } else if (opt("mac", v)) {
    auto m = vif_mac(v);
    if (!m) return std::unexpected(m.error());
    nic.mac = *m;
  } else if (opt("bridge", v)) {
    nic.bridge = std::string(v);
  } else if (opt("netdev", v)) {
    warn("the netdev parameter is deprecated, please use gatewaydev instead");
    nic.gatewaydev = std::string(v);
  } else if (opt("gatewaydev", v)) {
    nic.gatewaydev = std::string(v);
  } else if (opt("ip", v)) {
    nic.ip = std::string(v);
  } else if (opt("script", v)) {
    nic.script = std::string(v);
  } else if (opt("backend", v)) {
    nic.backend_domname = std::string(v);
  } else if (opt("vifname", v)) {
    nic.ifname = std::string(v);
  } else if (opt("model", v)) {
    nic.model = std::string(v);
  } else if (opt("rate", v)) {
    auto r = parse_rate(v);
    if (!r) return std::unexpected(r.error());
    nic.rate_bytes_per_interval = r->bytes_per_interval;
    nic.rate_interval_usecs = r->interval_usecs;
  } else if (opt("forwarddev", v)) {
    nic.coloft_forwarddev = std::string(v);
  } else if (opt("accel", v)) {
    warn("the accel parameter for vifs is currently not supported");
  } else if (opt("devid", v)) {
    auto n = parse_ulong_field(v);
    if (!n) return std::unexpected(n.error());
    nic.devid = *n;
  } else if (opt("mtu", v)) {
    auto n = parse_ulong_field(v);
    if (!n) return std::unexpected(n.error());
    nic.mtu = *n;
  } else if (part == "trusted") {
    nic.trusted = true;
  } else if (part == "untrusted") {
    nic.trusted = false;
  } else {
    auto names = colo_field_names();
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (opt(names[i], v)) {
        nic.colo[i] = std::string(v);
        return {};
      }
    }
    return std::unexpected(SpecError{"unrecognized argument `" + std::string(part) + "'", false});
  }
  return {};
}

std::expected<Nic, SpecError> parse_nic(std::string_view spec, std::vector<std::string>* warnings) {
  Nic nic;
  // apply_vif_part does its own matching (it also reads `xl network-attach`'s
  // arguments, and takes the bare words trusted/untrusted).
  auto r = for_each_field(spec, {}, [&](const SpecField& f) {
    return apply_vif_part(nic, f.text, warnings);
  });
  if (!r) return std::unexpected(r.error());
  return nic;
}

void write_json(json::Writer& w, const Nic& n) {
  JsonOut out(w);
  w.begin_object();
  fields(out, n);
  w.end_object();
}

}  // namespace libxl::config::devices
