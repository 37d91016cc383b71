// mem-max and mem-set: sizes and messages as in Xen 4.17's tools/xl/xl_mem.c.
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <ostream>

#include "commands.h"
#include "libxl/domain/memory.h"

namespace xl {

namespace {

// xl's parse_mem_size_kb: a number with at most one suffix letter, MiB
// without one; -1 when it cannot be read.
std::int64_t parse_mem_size_kb(const std::string& mem) {
  char* end = nullptr;
  std::int64_t kb = std::strtoll(mem.c_str(), &end, 10);
  if (std::strlen(end) > 1) return -1;
  switch (std::tolower(static_cast<unsigned char>(*end))) {
    case 't': kb *= 1024 * 1024 * 1024LL; break;
    case 'g': kb *= 1024 * 1024; break;
    case '\0':
    case 'm': kb *= 1024; break;
    case 'k': break;
    case 'b': kb /= 1024; break;
    default: return -1;
  }
  return kb;
}

using Setter = libxl::Result<void> (*)(libxl::Context&, libxl::DomId, std::uint64_t);

int set_memory(const Globals& g, Io& io, const std::vector<std::string>& args, Setter set,
               const char* what) {
  auto cmd = open_domain_command(g, io, args, "", {}, 2);
  if (!cmd) return cmd.error();
  auto& [p, ctx, domid] = *cmd;
  const std::string& mem = p.operands[1];
  std::int64_t kb = parse_mem_size_kb(mem);
  if (kb == -1) {
    io.err << "invalid memory size: " << mem << "\n";
    return 1;
  }
  if (auto r = set(*ctx, domid, std::uint64_t(kb)); !r) {
    io.err << "libxl: error: " << r.error().message << "\n";
    io.err << "cannot set domid " << domid << " " << what << " max memory to : " << mem << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int cmd_mem_max(const Globals& g, Io& io, const std::vector<std::string>& args) {
  return set_memory(g, io, args, &libxl::domain::set_max_memory, "static");
}

int cmd_mem_set(const Globals& g, Io& io, const std::vector<std::string>& args) {
  return set_memory(g, io, args, &libxl::domain::set_memory_target, "dynamic");
}

}  // namespace xl
