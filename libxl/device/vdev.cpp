#include "libxl/device/vdev.h"

#include <cctype>
#include <charconv>
#include <cstdint>

namespace libxl::device {

namespace {

// "a".."z", "aa".. as 0, 1, .. 25, 26, ..: bijective base 26.
std::optional<std::int64_t> letters_index(std::string_view& s) {
  std::int64_t n = 0;
  std::size_t i = 0;
  while (i < s.size() && s[i] >= 'a' && s[i] <= 'z') {
    n = n * 26 + (s[i] - 'a' + 1);
    if (n > (std::int64_t{1} << 30)) return std::nullopt;
    ++i;
  }
  if (i == 0) return std::nullopt;
  s.remove_prefix(i);
  return n - 1;
}

// A run of digits with no leading zero (or "0"); the whole of S.
std::optional<std::int64_t> plain_number(std::string_view s) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  if (s.size() > 1 && s[0] == '0') return std::nullopt;
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return n;
}

std::optional<int> xvd(std::int64_t disk, std::int64_t part) {
  if (disk < 16 && part < 16) return static_cast<int>((202 << 8) | (disk << 4) | part);
  if (disk < (1 << 20) && part < 256) return static_cast<int>((1 << 28) | (disk << 8) | part);
  return std::nullopt;
}

}  // namespace

std::optional<int> vdev_to_devid(std::string_view name) {
  if (!name.empty() && std::isdigit(static_cast<unsigned char>(name[0]))) {
    auto n = plain_number(name);
    if (!n || *n > INT32_MAX) return std::nullopt;
    return static_cast<int>(*n);
  }
  // d<disk>[p<partition>]: the xvd scheme by numbers.
  if (name.size() > 1 && name[0] == 'd' && std::isdigit(static_cast<unsigned char>(name[1]))) {
    auto p = name.find('p');
    auto disk = plain_number(name.substr(1, p == std::string_view::npos ? name.npos : p - 1));
    std::optional<std::int64_t> part = 0;
    if (p != std::string_view::npos) part = plain_number(name.substr(p + 1));
    if (!disk || !part) return std::nullopt;
    return xvd(*disk, *part);
  }
  std::string_view prefix = name.substr(0, name.starts_with("xvd") ? 3 : 2);
  if (prefix != "xvd" && prefix != "hd" && prefix != "sd") return std::nullopt;
  std::string_view rest = name.substr(prefix.size());
  auto disk = letters_index(rest);
  if (!disk) return std::nullopt;
  std::int64_t part = 0;
  if (!rest.empty()) {
    auto p = plain_number(rest);
    if (!p) return std::nullopt;
    part = *p;
  }
  if (prefix == "xvd") return xvd(*disk, part);
  if (prefix == "hd") {
    if (*disk > 3 || part > 63) return std::nullopt;
    const int major = *disk < 2 ? 3 : 22;
    return static_cast<int>((major << 8) | ((*disk & 1) << 6) | part);
  }
  if (*disk > 15 || part > 15) return std::nullopt;
  return static_cast<int>((8 << 8) | (*disk << 4) | part);
}

}  // namespace libxl::device
