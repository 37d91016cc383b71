// Node permissions: an ordered list of (domain, access) entries. The first
// entry names the owner and the access of every domain not listed after it.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xenstored {

using DomId = std::uint32_t;

enum Access : std::uint8_t {
  kAccessNone = 0,
  kAccessRead = 1,
  kAccessWrite = 2,
  kAccessBoth = 3,
  kAccessOwner = 4,  // only ever granted, never stored
};

struct PermEntry {
  DomId domid;
  std::uint8_t access;  // kAccessNone..kAccessBoth
  bool operator==(const PermEntry&) const = default;
};

using PermList = std::vector<PermEntry>;

// "r5", "w0", "b3", "n1"; errno EINVAL on anything else.
std::expected<PermEntry, int> parse_perm(std::string_view s);
std::string format_perm(const PermEntry& e);
// The GET_PERMS payload: each entry followed by a NUL.
std::string format_perms(const PermList& perms);

// Access that domain `domid` (acting also for `target`, if any) has.
// Privileged callers are handled by the caller, not here.
std::uint8_t access_for(const PermList& perms, DomId domid, std::optional<DomId> target);

}  // namespace xenstored
