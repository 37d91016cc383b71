#include "libxl/config/devices/common.h"

#include <cctype>
#include <cstdio>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

namespace {

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<Mac> parse_mac(std::string_view s) {
  Mac m{};
  std::size_t i = 0;
  for (int part = 0; part < 6; ++part) {
    if (part > 0) {
      if (i >= s.size() || s[i] != ':') return std::nullopt;
      ++i;
    }
    int digits = 0, v = 0;
    while (i < s.size() && hexval(s[i]) >= 0 && digits < 2) {
      v = v * 16 + hexval(s[i++]);
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    m[std::size_t(part)] = std::uint8_t(v);
  }
  if (i != s.size()) return std::nullopt;
  return m;
}

std::string format_mac(const Mac& m) {
  char buf[18];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4],
                m[5]);
  return buf;
}

// 8-4-4-4-12 hex digits, as libxl_uuid_from_string reads it.
std::optional<Uuid> parse_uuid(std::string_view s) {
  if (s.size() != 36) return std::nullopt;
  Uuid u{};
  std::size_t o = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return std::nullopt;
      ++i;
      continue;
    }
    int hi = hexval(s[i]), lo = hexval(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    u[o++] = std::uint8_t(hi * 16 + lo);
    i += 2;
  }
  return u;
}

std::string format_uuid(const Uuid& u) {
  std::string out;
  static const char* hex = "0123456789abcdef";
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[u[i] >> 4];
    out += hex[u[i] & 15];
  }
  return out;
}

void put_defbool(json::Writer& w, std::string_view key, const Defbool& v) {
  if (v) w.member(key, *v ? "True" : "False");
}

void put_string(json::Writer& w, std::string_view key, const OptString& v) {
  if (v) w.member(key, *v);
}

void put_int(json::Writer& w, std::string_view key, std::int64_t v, std::int64_t dflt) {
  if (v != dflt) w.key(key).integer(v);
}

void put_uint(json::Writer& w, std::string_view key, std::uint64_t v, std::uint64_t dflt) {
  if (v != dflt) w.key(key).unsigned_integer(v);
}

void put_bool(json::Writer& w, std::string_view key, bool v) {
  if (v) w.key(key).boolean(true);
}

void put_mac(json::Writer& w, std::string_view key, const Mac& m) {
  if (m != Mac{}) w.member(key, format_mac(m));
}

void put_uuid(json::Writer& w, std::string_view key, const Uuid& u) {
  if (u != Uuid{}) w.member(key, format_uuid(u));
}

}  // namespace libxl::config::devices

namespace libxl::config::devices {

std::string SpecError::render(std::string_view source) const {
  std::string out;
  std::string_view rest = message;
  while (true) {
    std::size_t nl = rest.find('\n');
    if (needs_source) {
      out += source;
      out += ": ";
    }
    out += rest.substr(0, nl);
    out += '\n';
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  return out;
}

std::vector<std::string> strtok_split(std::string_view s, std::string_view delims) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    i = s.find_first_not_of(delims, i);
    if (i == std::string_view::npos) break;
    std::size_t j = s.find_first_of(delims, i);
    if (j == std::string_view::npos) j = s.size();
    out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::expected<void, SpecError> for_each_field(std::string_view spec, FieldRules rules,
                                              const FieldVisitor& visit) {
  std::size_t pos = 0;
  while (pos < spec.size()) {
    std::size_t comma = spec.find(',', pos);
    if (comma == std::string_view::npos) comma = spec.size();
    std::string_view text = spec.substr(pos, comma - pos);
    pos = comma + 1;
    if (text.empty()) continue;
    if (rules.drop_leading_spaces)
      while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    SpecField f{text, text, std::nullopt};
    if (std::size_t eq = text.find('='); eq != std::string_view::npos) {
      f.key = text.substr(0, eq);
      f.value = text.substr(eq + 1);
    } else if (rules.stop_at_field_without_equals) {
      break;
    }
    if (auto r = visit(f); !r) return r;
  }
  return {};
}

std::string trim(std::string_view s) {
  auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace libxl::config::devices
