// The XenStore wire protocol (xen/io/xs_wire.h, docs/misc/xenstore.txt):
// message types, the frame header, error names and size limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace xenstored::wire {

// Values are fixed by the protocol. 23-26 postdate Xen 4.17's header but are
// what newer clients send, so they are defined here rather than taken from it.
enum class Type : std::uint32_t {
  Control = 0,
  Directory = 1,
  Read = 2,
  GetPerms = 3,
  Watch = 4,
  Unwatch = 5,
  TransactionStart = 6,
  TransactionEnd = 7,
  Introduce = 8,
  Release = 9,
  GetDomainPath = 10,
  Write = 11,
  Mkdir = 12,
  Rm = 13,
  SetPerms = 14,
  WatchEvent = 15,
  Error = 16,
  IsDomainIntroduced = 17,
  Resume = 18,
  SetTarget = 19,
  // 20 was XS_RESTRICT, removed from the protocol.
  ResetWatches = 21,
  DirectoryPart = 22,
  GetFeature = 23,
  SetFeature = 24,
  GetQuota = 25,
  SetQuota = 26,
};
inline constexpr std::uint32_t kTypeCount = 27;

std::string_view type_name(Type t);

struct Header {
  std::uint32_t type;
  std::uint32_t req_id;
  std::uint32_t tx_id;
  std::uint32_t len;
};
static_assert(sizeof(Header) == 16);

inline constexpr std::size_t kHeaderSize = sizeof(Header);
inline constexpr std::size_t kPayloadMax = 4096;
inline constexpr std::size_t kAbsPathMax = 3072;
inline constexpr std::size_t kRelPathMax = 2048;

// Ring page features (xenstore_domain_interface.server_features).
inline constexpr std::uint32_t kFeatureReconnection = 1;
inline constexpr std::uint32_t kFeatureError = 2;

// The errno name carried in an ERROR reply, from xs_wire.h's table. Errors
// outside the table are sent as EINVAL, as Xen's daemons do.
std::string_view error_name(int err);
std::optional<int> error_from_name(std::string_view name);

}  // namespace xenstored::wire
