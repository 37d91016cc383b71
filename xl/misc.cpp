// rename, uptime, debug-keys, dmesg: messages and formats as in Xen 4.17's
// tools/xl/xl_misc.c and xl_info.c.
#include <cstdio>
#include <ctime>
#include <fstream>
#include <ostream>

#include "commands.h"
#include "libxl/domain/rename.h"
#include "libxl/domain/start_time.h"
#include "libxl/host/console_ring.h"

namespace xl {

UptimeSources& uptime_sources() {
  static UptimeSources s{[] { return std::int64_t(std::time(nullptr)); }, "/proc/uptime"};
  return s;
}

int cmd_rename(const Globals& g, Io& io, const std::vector<std::string>& args) {
  auto cmd = open_domain_command(g, io, args, "", {}, 2);
  if (!cmd) return cmd.error();
  auto& [p, ctx, domid] = *cmd;
  if (auto r = libxl::domain::rename(*ctx, domid, p.operands[1]); !r) {
    io.err << "libxl: error: " << r.error().message << "\n";
    io.err << "Can't rename domain '" << p.operands[0] << "'.\n";
    return 1;
  }
  return 0;
}

namespace {

std::string clock_time(std::int64_t now) {
  std::time_t t = std::time_t(now);
  std::tm tm{};
  char buf[100];
  if (!localtime_r(&t, &tm) || std::strftime(buf, sizeof buf, "%H:%M:%S", &tm) == 0) return "";
  return buf;
}

void print_line(Io& io, bool short_mode, std::int64_t now, const std::string& name,
                libxl::DomId domid, std::uint64_t up) {
  char buf[512];
  if (short_mode) {
    std::snprintf(buf, sizeof buf, " %s up %s, %s (%d)\n", clock_time(now).c_str(),
                  libxl::domain::format_uptime(up, true).c_str(), name.c_str(), int(domid));
  } else {
    std::snprintf(buf, sizeof buf, "%-33s %4d %s\n", name.c_str(), int(domid),
                  libxl::domain::format_uptime(up, false).c_str());
  }
  io.out << buf;
}

// Dom0 has no start time in XenStore: its kernel's uptime stands in.
bool print_dom0(libxl::Context& ctx, Io& io, bool short_mode, std::int64_t now) {
  std::ifstream f(uptime_sources().proc_uptime);
  unsigned long secs = 0;
  if (!(f >> secs)) {
    io.err << "Can not get Dom0 uptime.\n";
    return false;
  }
  print_line(io, short_mode, now, ctx.domid_to_name(0).value_or("(null)"), 0, secs);
  return true;
}

void print_domu(libxl::Context& ctx, Io& io, bool short_mode, std::int64_t now, libxl::DomId domid) {
  auto start = libxl::domain::start_time(ctx, domid);
  if (!start) {
    io.err << "libxl: error: Domain " << domid << ":Can't get start time of domain\n";
    return;
  }
  // xl keeps the difference in 32 bits.
  std::uint32_t up = std::uint32_t(now - std::int64_t(*start));
  print_line(io, short_mode, now, ctx.domid_to_name(domid).value_or("(null)"), domid, up);
}

}  // namespace

int cmd_uptime(const Globals& g, Io& io, const std::vector<std::string>& args) {
  ParsedOpts p;
  if (int rc = parse_opts(io, args, "s", {}, 0, p); rc >= 0) return rc;
  const bool short_mode = p.opts.find('s') != std::string::npos;
  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  std::vector<libxl::DomId> doms;
  for (const auto& q : p.operands) {
    auto d = lookup_domain(*ctx, io, q);
    if (!d) return 1;
    doms.push_back(*d);
  }
  const std::int64_t now = uptime_sources().now();
  if (!short_mode) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "%-33s %4s %s\n", "Name", "ID", "Uptime");
    io.out << buf;
  }
  // xl exits with -1 when dom0's uptime cannot be read.
  if (doms.empty()) {
    if (!print_dom0(*ctx, io, short_mode, now)) return 255;
    auto all = ctx->list_domains();
    if (!all) {
      io.err << "Could not list vms.\n";
      return 0;
    }
    for (const auto& d : *all) {
      if (d.info.domid != 0) print_domu(*ctx, io, short_mode, now, d.info.domid);
    }
    return 0;
  }
  for (auto d : doms) {
    if (d == 0) {
      if (!print_dom0(*ctx, io, short_mode, now)) return 255;
    } else {
      print_domu(*ctx, io, short_mode, now, d);
    }
  }
  return 0;
}

int cmd_debug_keys(const Globals& g, Io& io, const std::vector<std::string>& args) {
  ParsedOpts p;
  if (int rc = parse_opts(io, args, "", {}, 1, p); rc >= 0) return rc;
  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  if (auto r = libxl::host::send_debug_keys(*ctx, p.operands[0]); !r) {
    io.err << "libxl: error: " << r.error().message << "\n";
    io.err << "cannot send debug keys: " << p.operands[0] << "\n";
    return 1;
  }
  return 0;
}

int cmd_dmesg(const Globals& g, Io& io, const std::vector<std::string>& args) {
  ParsedOpts p;
  if (int rc = parse_opts(io, args, "c", {{"clear", 'c'}}, 0, p); rc >= 0) return rc;
  const bool clear = p.opts.find('c') != std::string::npos;
  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  auto text = libxl::host::read_console_ring(*ctx, clear);
  if (!text) {
    io.err << "libxl: error: " << text.error().message << "\n";
    return 1;
  }
  io.out << *text;
  return 0;
}

}  // namespace xl
