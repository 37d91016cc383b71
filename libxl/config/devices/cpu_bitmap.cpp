#include "libxl/config/devices/cpu_bitmap.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <string>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

int HostTopology::nr_nodes() const {
  int n = 0;
  for (int node : cpu_to_node) n = std::max(n, node + 1);
  return n;
}

namespace {

// xl's parse_range: "N" or "N-M" in decimal as strtoul reads it, nothing
// after; nullopt when malformed or reversed.
std::optional<std::pair<unsigned long, unsigned long>> range(std::string_view text) {
  std::string s(text);
  char* end = nullptr;
  unsigned long a = std::strtoul(s.c_str(), &end, 10);
  if (end == s.c_str() || a == ULONG_MAX) return std::nullopt;
  unsigned long b = a;
  if (*end == '-') {
    const char* second = end + 1;
    b = std::strtoul(second, &end, 10);
    if (end == second || b == ULONG_MAX || b < a) return std::nullopt;
  }
  if (*end != '\0') return std::nullopt;
  return std::pair{a, b};
}

}  // namespace

std::expected<CpuBitmap, SpecError> parse_cpu_list(std::string_view spec,
                                                   const HostTopology& host) {
  CpuBitmap bits(std::size_t(host.nr_cpus), false);
  auto fail = [](std::string msg) { return std::unexpected(SpecError{std::move(msg), false}); };
  // Unlike the device specs, a field keeps its leading spaces; '=' means
  // nothing here.
  auto walked = for_each_field(spec, {.drop_leading_spaces = false},
                          [&](const SpecField& f) -> std::expected<void, SpecError> {
    std::string_view item = f.text;
    bool set = true;
    if (item.starts_with('^')) {
      set = false;
      item.remove_prefix(1);
    }
    bool nodes = false;
    if (item.starts_with("node:")) nodes = true, item.remove_prefix(5);
    else if (item.starts_with("nodes:")) nodes = true, item.remove_prefix(6);
    if (item == "all") {
      if (!set) return fail("Can't combine \"^\" and \"all\".");
      std::fill(bits.begin(), bits.end(), true);
      return {};
    }
    auto r = range(item);
    if (!r) return fail("Invalid pcpu range: " + std::string(item) + ".");
    if (nodes) {
      if (r->second >= unsigned(host.nr_nodes()))
        return fail("xl: invalid cpu list `" + std::string(spec) + "': no such node");
      for (int cpu = 0; cpu < host.nr_cpus; ++cpu) {
        unsigned node = unsigned(host.cpu_to_node[std::size_t(cpu)]);
        if (node >= r->first && node <= r->second) bits[std::size_t(cpu)] = set;
      }
    } else {
      // Cpus past the bitmap are dropped without a word, as libxl does.
      for (auto c = r->first; c <= r->second && c < bits.size(); ++c) bits[c] = set;
    }
    return {};
  });
  if (!walked) return std::unexpected(walked.error());
  return bits;
}

void write_json(json::Writer& w, const CpuBitmap& b) {
  w.begin_array();
  for (std::size_t i = 0; i < b.size(); ++i)
    if (b[i]) w.unsigned_integer(i);
  w.end_array();
}

}  // namespace libxl::config::devices
