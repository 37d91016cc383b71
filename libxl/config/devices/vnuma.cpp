#include "libxl/config/devices/vnuma.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <string>

#include "libxl/json/writer.h"
#include "../json_out.h"

namespace libxl::config::devices {

namespace {

SpecError fail(std::string msg) { return SpecError{std::move(msg), false}; }

// xl's parse_ulong: decimal, no digits or ULONG_MAX end xl.
std::expected<unsigned long, SpecError> ulong_value(const std::string& s) {
  char* end = nullptr;
  unsigned long v = std::strtoul(s.c_str(), &end, 10);
  if (end == s.c_str() || v == ULONG_MAX)
    return std::unexpected(fail("xl: failed to convert \"" + s + "\" to number"));
  return v;
}

// xl's parse_range with its result ignored, as the vnuma code uses it: the
// bounds it leaves behind, even when the text was not a valid range.
std::pair<unsigned long, unsigned long> loose_range(const std::string& s) {
  char* end = nullptr;
  unsigned long a = std::strtoul(s.c_str(), &end, 10);
  unsigned long b = a;
  if (end == s.c_str() || a == ULONG_MAX) return {a, b};
  if (*end == '-') {
    const char* n = end + 1;
    b = std::strtoul(n, &end, 10);
  }
  return {a, b};
}

}  // namespace

std::expected<VnodeInfo, SpecError> parse_vnode(std::span<const std::string_view> items,
                                                int nr_vnodes, int max_vcpus,
                                                const HostTopology& host,
                                                std::uint64_t* vcpus_named) {
  VnodeInfo node;
  node.distances.assign(std::size_t(std::max(nr_vnodes, 0)), 0);
  // libxl_cpu_bitmap_alloc: whole bytes.
  node.vcpus.assign(std::size_t((std::max(max_vcpus, 0) + 7) / 8 * 8), false);
  std::uint64_t named = 0;
  for (auto item : items) {
    auto pair = strtok_split(item, "=");
    if (pair.size() < 2)
      return std::unexpected(fail("xl: failed to split \"" + std::string(item) + "\" into pair"));
    std::string option = trim(pair[0]);
    std::string value = trim(pair[1]);
    if (option == "pnode") {
      auto v = ulong_value(value);
      if (!v) return std::unexpected(v.error());
      if (*v >= unsigned(host.nr_nodes()))
        return std::unexpected(fail("xl: invalid pnode number: " + std::to_string(*v)));
      node.pnode = std::uint32_t(*v);
    } else if (option == "size") {
      auto v = ulong_value(value);
      if (!v) return std::unexpected(v.error());
      node.memkb = std::uint64_t(*v) << 10;
    } else if (option == "vcpus") {
      for (const auto& spec : strtok_split(value, ",")) {
        auto [s, e] = loose_range(spec);
        // xl walks s..e one by one, stopping short of ULONG_MAX; bits past the
        // bitmap are dropped but still counted. Counted here in one step, so
        // that "vcpus=0-99999999999" does not spin for hours.
        if (s > e || s == ULONG_MAX) continue;
        auto last = std::min<decltype(e)>(e, ULONG_MAX - 1);
        named += std::uint64_t(last - s) + 1;
        for (auto b = s; b <= last && b < node.vcpus.size(); ++b) node.vcpus[b] = true;
      }
    } else if (option == "vdistances") {
      auto dists = strtok_split(value, ",");
      for (std::size_t j = 0; j < dists.size(); ++j) {
        auto v = ulong_value(dists[j]);
        if (!v) return std::unexpected(v.error());
        if (j < node.distances.size()) node.distances[j] = std::uint32_t(*v);
      }
    }
  }
  if (vcpus_named) *vcpus_named = named;
  return node;
}

void write_json(json::Writer& w, const VnodeInfo& v) {
  JsonOut out(w);
  w.begin_object();
  fields(out, v);
  w.end_object();
}

}  // namespace libxl::config::devices
