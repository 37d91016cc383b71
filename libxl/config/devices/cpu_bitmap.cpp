#include "libxl/config/devices/cpu_bitmap.h"

#include <algorithm>
#include <string>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

int HostTopology::nr_nodes() const {
  int n = 0;
  for (int node : cpu_to_node) n = std::max(n, node + 1);
  return n;
}

namespace {

// "N" or "N-M", decimal; nullopt when malformed or reversed.
std::optional<std::pair<unsigned long, unsigned long>> range(std::string_view s) {
  auto num = [](std::string_view t) -> std::optional<unsigned long> {
    if (t.empty() || t.size() > 9 || t.find_first_not_of("0123456789") != t.npos)
      return std::nullopt;
    return std::stoul(std::string(t));
  };
  std::size_t dash = s.find('-');
  auto a = num(s.substr(0, dash));
  auto b = dash == s.npos ? a : num(s.substr(dash + 1));
  if (!a || !b || *a > *b) return std::nullopt;
  return std::pair{*a, *b};
}

}  // namespace

std::expected<CpuBitmap, SpecError> parse_cpu_list(std::string_view spec,
                                                   const HostTopology& host) {
  CpuBitmap bits(std::size_t(host.nr_cpus), false);
  auto fail = [&](std::string_view what) {
    return std::unexpected(SpecError{"xl: invalid cpu list `" + std::string(spec) +
                                         "': " + std::string(what), false});
  };
  std::size_t pos = 0;
  while (pos <= spec.size()) {
    std::size_t comma = spec.find(',', pos);
    std::string_view item = spec.substr(pos, comma == spec.npos ? spec.npos : comma - pos);
    pos = comma == spec.npos ? spec.size() + 1 : comma + 1;
    bool set = true;
    if (item.starts_with('^')) {
      set = false;
      item.remove_prefix(1);
    }
    if (item == "all") {
      std::fill(bits.begin(), bits.end(), set);
      continue;
    }
    bool nodes = false;
    if (item.starts_with("nodes:")) nodes = true, item.remove_prefix(6);
    else if (item.starts_with("node:")) nodes = true, item.remove_prefix(5);
    auto r = range(item);
    if (!r) return fail("bad entry `" + std::string(item) + "'");
    if (nodes) {
      if (r->second >= unsigned(host.nr_nodes())) return fail("no such node");
      for (int cpu = 0; cpu < host.nr_cpus; ++cpu) {
        unsigned node = unsigned(host.cpu_to_node[std::size_t(cpu)]);
        if (node >= r->first && node <= r->second) bits[std::size_t(cpu)] = set;
      }
    } else {
      if (r->second >= unsigned(host.nr_cpus)) return fail("no such cpu");
      for (auto c = r->first; c <= r->second; ++c) bits[c] = set;
    }
  }
  return bits;
}

void write_json(json::Writer& w, const CpuBitmap& b) {
  w.begin_array();
  for (std::size_t i = 0; i < b.size(); ++i)
    if (b[i]) w.unsigned_integer(i);
  w.end_array();
}

}  // namespace libxl::config::devices
