// Per-domain limits, with C xenstored's defaults and names (the names are
// what `xenstore-control quota`, -Q and GET/SET_QUOTA use).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace xenstored {

enum class QuotaKind : std::size_t {
  Nodes,
  Watches,
  Transactions,
  Outstanding,
  TransactionNodes,
  Memory,
  NodeSize,
  PathMax,
  Permissions,
  Count_,
};

struct QuotaInfo {
  std::string_view name;
  std::size_t default_value;
  std::string_view description;
};

const QuotaInfo& quota_info(QuotaKind k);
std::optional<QuotaKind> quota_by_name(std::string_view name);

struct Quotas {
  std::array<std::size_t, std::size_t(QuotaKind::Count_)> hard{};
  std::size_t memory_soft = 2 * 1024 * 1024;  // a warning is logged above it

  Quotas();
  std::size_t operator[](QuotaKind k) const { return hard[std::size_t(k)]; }
  std::size_t& operator[](QuotaKind k) { return hard[std::size_t(k)]; }
};

}  // namespace xenstored
