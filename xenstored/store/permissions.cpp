#include "xenstored/store/permissions.h"

#include <cerrno>
#include <charconv>

namespace xenstored {

std::expected<PermEntry, int> parse_perm(std::string_view s) {
  if (s.size() < 2) return std::unexpected(EINVAL);
  std::uint8_t access;
  switch (s[0]) {
    case 'n': access = kAccessNone; break;
    case 'r': access = kAccessRead; break;
    case 'w': access = kAccessWrite; break;
    case 'b': access = kAccessBoth; break;
    default: return std::unexpected(EINVAL);
  }
  DomId domid = 0;
  auto digits = s.substr(1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), domid);
  if (ec != std::errc() || end != digits.data() + digits.size() || domid > 0xffff)
    return std::unexpected(EINVAL);
  return PermEntry{domid, access};
}

std::string format_perm(const PermEntry& e) {
  static constexpr char kLetters[] = {'n', 'r', 'w', 'b'};
  return kLetters[e.access & 3] + std::to_string(e.domid);
}

std::string format_perms(const PermList& perms) {
  std::string out;
  for (const auto& e : perms) {
    out += format_perm(e);
    out.push_back('\0');
  }
  return out;
}

std::uint8_t access_for(const PermList& perms, DomId domid, std::optional<DomId> target) {
  if (perms.empty()) return kAccessNone;
  auto is_caller = [&](DomId d) { return d == domid || (target && d == *target); };
  if (is_caller(perms[0].domid)) return kAccessBoth | kAccessOwner;
  for (std::size_t i = 1; i < perms.size(); ++i)
    if (is_caller(perms[i].domid)) return perms[i].access;
  return perms[0].access;
}

}  // namespace xenstored
