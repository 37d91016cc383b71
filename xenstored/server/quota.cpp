#include "xenstored/server/quota.h"

namespace xenstored {

namespace {

constexpr std::array<QuotaInfo, std::size_t(QuotaKind::Count_)> kInfo{{
    {"nodes", 1000, "Nodes per domain"},
    {"watches", 128, "Watches per domain"},
    {"transactions", 10, "Transactions per domain"},
    {"outstanding", 20, "Outstanding requests per domain"},
    {"transaction-nodes", 1024, "Max. number of accessed nodes per transaction"},
    {"memory", 2621440, "Total Xenstore memory per domain (error level)"},
    {"node-size", 2048, "Max. size of a node"},
    {"path-max", 2048, "Max. length of a node path"},
    {"permissions", 5, "Max. number of permissions per node"},
}};

}  // namespace

const QuotaInfo& quota_info(QuotaKind k) { return kInfo[std::size_t(k)]; }

std::optional<QuotaKind> quota_by_name(std::string_view name) {
  for (std::size_t i = 0; i < kInfo.size(); ++i)
    if (kInfo[i].name == name) return QuotaKind(i);
  return std::nullopt;
}

Quotas::Quotas() {
  for (std::size_t i = 0; i < kInfo.size(); ++i) hard[i] = kInfo[i].default_value;
}

}  // namespace xenstored
