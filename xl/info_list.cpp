// The read-only commands over the library context: info, list, domid,
// domname. Their output is Xen 4.17 xl's, byte for byte: the same labels,
// column widths and C number formats (hence snprintf), the same messages
// and exit statuses.
#include <sys/utsname.h>

#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ostream>

#include "commands.h"
#include "printf_string.h"
#include "libxl/domain/retrieve.h"

namespace xl {

namespace {


// glibc prints a null string as "(null)"; libxl hands xl null for a
// missing name.
const char* or_null(const std::optional<std::string>& s) { return s ? s->c_str() : "(null)"; }

// `xl info [NAME]`: every line, or only the value of those whose label
// starts with NAME.
class InfoPrinter {
 public:
  InfoPrinter(std::ostream& out, const std::string* only) : out_(out), only_(only) {}
  void line(const std::string& s) {
    if (!only_) {
      out_ << s;
      return;
    }
    if (s.compare(0, only_->size(), *only_) != 0) return;
    auto colon = s.find(':');
    if (colon != std::string::npos && colon + 1 < s.size() && s[colon + 1] == ' ')
      out_ << s.substr(colon + 2);
  }

 private:
  std::ostream& out_;
  const std::string* only_;
};

void info_node(InfoPrinter& p) {
  struct utsname u;
  if (uname(&u) < 0) return;
  p.line(printf_string("host                   : %s\n", u.nodename));
  p.line(printf_string("release                : %s\n", u.release));
  p.line(printf_string("version                : %s\n", u.version));
  p.line(printf_string("machine                : %s\n", u.machine));
}

void info_phys(libxl::Context& ctx, InfoPrinter& p, Io& io) {
  auto pi = ctx.physinfo();
  if (!pi) {
    io.err << "libxl_physinfo failed.\n";
    return;
  }
  const auto& i = *pi;
  p.line(printf_string("nr_cpus                : %d\n", int(i.nr_cpus)));
  p.line(printf_string("max_cpu_id             : %d\n", int(i.max_cpu_id)));
  p.line(printf_string("nr_nodes               : %d\n", int(i.nr_nodes)));
  p.line(printf_string("cores_per_socket       : %d\n", int(i.cores_per_socket)));
  p.line(printf_string("threads_per_core       : %d\n", int(i.threads_per_core)));
  p.line(printf_string("cpu_mhz                : %d.%03d\n", int(i.cpu_khz / 1000),
                       int(i.cpu_khz % 1000)));
  p.line(printf_string("hw_caps                : %08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x\n",
                       i.hw_cap[0], i.hw_cap[1], i.hw_cap[2], i.hw_cap[3], i.hw_cap[4],
                       i.hw_cap[5], i.hw_cap[6], i.hw_cap[7]));
  std::string caps;
  if (i.cap_pv) caps += " pv";
  if (i.cap_hvm) caps += " hvm";
  if (i.cap_hvm && i.cap_directio) caps += " hvm_directio";
  if (i.cap_pv && i.cap_directio) caps += " pv_directio";
  if (i.cap_hap) caps += " hap";
  if (i.cap_shadow) caps += " shadow";
  if (i.cap_iommu_hap_pt_share) caps += " iommu_hap_pt_share";
  if (i.cap_vmtrace) caps += " vmtrace";
  if (i.cap_vpmu) caps += " vpmu";
  if (i.cap_gnttab_v1) caps += " gnttab-v1";
  if (i.cap_gnttab_v2) caps += " gnttab-v2";
  p.line("virt_caps              :" + caps + "\n");

  if (auto v = ctx.version_info(); v && v->pagesize) {
    const std::uint64_t per_mb = (1u << 20) / v->pagesize;
    if (per_mb) {
      p.line(printf_string("total_memory           : %" PRIu64 "\n", i.total_pages / per_mb));
      p.line(printf_string("free_memory            : %" PRIu64 "\n",
                           (i.free_pages - i.outstanding_pages) / per_mb));
      p.line(printf_string("sharing_freed_memory   : %" PRIu64 "\n",
                           i.sharing_freed_pages / per_mb));
      p.line(printf_string("sharing_used_memory    : %" PRIu64 "\n",
                           i.sharing_used_frames / per_mb));
      p.line(printf_string("outstanding_claims     : %" PRIu64 "\n",
                           i.outstanding_pages / per_mb));
    }
  }
  if (auto n = ctx.free_cpus()) p.line(printf_string("free_cpus              : %d\n", int(*n)));
}

void info_xen(libxl::Context& ctx, InfoPrinter& p, Io& io) {
  auto v = ctx.version_info();
  if (!v) {
    io.err << "libxl_get_version_info failed.\n";
    return;
  }
  auto sched = ctx.scheduler();
  if (!sched) {
    io.err << "get_scheduler sysctl failed.\n";
    return;
  }
  p.line(printf_string("xen_major              : %d\n", v->major));
  p.line(printf_string("xen_minor              : %d\n", v->minor));
  p.line(printf_string("xen_extra              : %s\n", v->extra.c_str()));
  p.line(printf_string("xen_version            : %d.%d%s\n", v->major, v->minor, v->extra.c_str()));
  p.line(printf_string("xen_caps               : %s\n", v->caps.c_str()));
  p.line(printf_string("xen_scheduler          : %s\n", sched->empty() ? "(null)" : sched->c_str()));
  p.line(printf_string("xen_pagesize           : %u\n", unsigned(v->pagesize)));
  p.line(printf_string("platform_params        : virt_start=0x%" PRIx64 "\n", v->virt_start));
  p.line(printf_string("xen_changeset          : %s\n", v->changeset.c_str()));
  p.line(printf_string("xen_commandline        : %s\n", v->commandline.c_str()));
  p.line(printf_string("cc_compiler            : %s\n", v->compiler.c_str()));
  p.line(printf_string("cc_compile_by          : %s\n", v->compile_by.c_str()));
  p.line(printf_string("cc_compile_domain      : %s\n", v->compile_domain.c_str()));
  p.line(printf_string("cc_compile_date        : %s\n", v->compile_date.c_str()));
  p.line(printf_string("build_id               : %s\n", v->build_id.c_str()));
}

// With -n (the filter is off then, as in xl).
void info_topology(libxl::Context& ctx, Io& io) {
  auto cpus = ctx.cpu_topology();
  if (!cpus) {
    io.err << "libxl_get_cpu_topology failed.\n";
    return;
  }
  io.out << "cpu_topology           :\n"
         << "cpu:    core    socket     node\n";
  for (std::size_t i = 0; i < cpus->size(); ++i) {
    const auto& c = (*cpus)[i];
    if (c.core == libxl::hypervisor::kInvalid) continue;
    io.out << printf_string("%3d:    %4d     %4d     %4d\n", int(i), int(c.core), int(c.socket),
                            int(c.node));
  }
  auto pci = ctx.pci_topology();
  if (!pci) {
    io.err << "libxl_get_pci_topology failed.\n";
    return;
  }
  io.out << "device topology        :\n"
         << "device           node\n";
  int shown = 0;
  for (const auto& p : *pci) {
    if (p.node == libxl::hypervisor::kInvalid) continue;
    io.out << printf_string("%04x:%02x:%02x.%01x      %d\n", unsigned(p.dev.seg),
                            unsigned(p.dev.bus), unsigned((p.dev.devfn >> 3) & 0x1f),
                            unsigned(p.dev.devfn & 7), int(p.node));
    ++shown;
  }
  if (shown == 0) io.out << "No device topology data available\n";
}

void info_numa(libxl::Context& ctx, Io& io) {
  auto nodes = ctx.numa_info();
  if (!nodes) {
    io.err << "libxl_get_numainfo failed.\n";
    return;
  }
  io.out << "numa_info              :\n"
         << "node:    memsize    memfree    distances\n";
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    const auto& n = (*nodes)[i];
    if (n.memsize == libxl::hypervisor::kInvalid) continue;
    io.out << printf_string("%4d:    %6" PRIu64 "     %6" PRIu64 "      %d", int(i), n.memsize >> 20,
                            n.memfree >> 20, n.distances.empty() ? 0 : int(n.distances[0]));
    for (std::size_t j = 1; j < n.distances.size(); ++j)
      io.out << printf_string(",%d", int(n.distances[j]));
    io.out << "\n";
  }
}

std::string uuid_string(const std::array<std::uint8_t, 16>& u) {
  return printf_string("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                       u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11],
                       u[12], u[13], u[14], u[15]);
}

struct ListFlags {
  bool verbose = false, context = false, cpupool = false;
};

void list_rows(libxl::Context& ctx, const std::vector<libxl::DomainSummary>& ds,
               const ListFlags& f, std::ostream& out) {
  out << "Name                                        ID   Mem VCPUs\tState\tTime(s)";
  if (f.verbose) out << "   UUID                            Reason-Code\tSecurity Label";
  if (f.context && !f.verbose) out << "   Security Label";
  if (f.cpupool) out << "         Cpupool";
  out << "\n";
  static constexpr char kReasons[] = "-rscwS";
  for (const auto& d : ds) {
    const auto& i = d.info;
    int reason = i.shutdown ? int(i.shutdown_reason) : 0;
    char reason_letter = reason >= 0 && reason < int(sizeof kReasons - 1) ? kReasons[reason] : '?';
    // xl narrows the nanoseconds to a float before dividing.
    double secs = static_cast<double>(static_cast<float>(i.cpu_time_ns)) / 1e9;
    out << printf_string("%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f", or_null(d.name),
                         int(i.domid),
                         static_cast<unsigned long>((d.current_memkb() + d.outstanding_memkb()) / 1024),
                         int(i.nr_online_vcpus), i.running ? 'r' : '-', i.blocked ? 'b' : '-',
                         i.paused ? 'p' : '-', i.shutdown ? 's' : '-', reason_letter,
                         i.dying ? 'd' : '-', secs);
    if (f.verbose) {
      out << ' ' << uuid_string(i.handle);
      out << (i.shutdown ? printf_string(" %8x", unsigned(reason)) : printf_string(" %8s", "-"));
    }
    // Without FLASK there is no security label.
    if (f.verbose || f.context) out << printf_string(" %16s", "-");
    if (f.cpupool) {
      auto pool = ctx.store().read("/local/pool/" + std::to_string(int(i.cpupool)) + "/name");
      if (!pool && i.cpupool == 0) pool = "Pool-0";
      out << printf_string("%16s", or_null(pool));
    }
    out << '\n';
  }
}

}  // namespace

int cmd_info(const Globals& g, Io& io, const std::vector<std::string>& args) {
  ParsedOpts o;
  if (int rc = parse_opts(io, args, "n", {{"numa", 'n'}}, 0, o); rc >= 0) return rc;
  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  bool numa = o.opts.find('n') != std::string::npos;
  const std::string* only = !numa && !o.operands.empty() ? &o.operands[0] : nullptr;
  InfoPrinter p(io.out, only);
  info_node(p);
  info_phys(*ctx, p, io);
  if (numa) {
    info_topology(*ctx, io);
    info_numa(*ctx, io);
  }
  info_xen(*ctx, p, io);
  p.line("xend_config_format     : 4\n");
  return 0;
}

namespace {

// xl list -l: each domain's stored configuration in a JSON array, as xl
// nests libxl's JSON (yajl's four-space indentation); domains without one
// are left out, as xl leaves them.
void list_details(libxl::Context& ctx, const std::vector<libxl::DomainSummary>& ds,
                  std::ostream& out) {
  out << "[\n";
  bool first = true;
  for (const auto& d : ds) {
    auto json = libxl::domain::retrieve_config_json(ctx, d.info.domid);
    if (!json) continue;
    while (!json->empty() && (json->back() == '\n' || json->back() == ' ')) json->pop_back();
    // Nested two levels deeper; yajl leaves the blank line of an empty
    // object unindented.
    std::string nested;
    for (std::size_t i = 0; i < json->size(); ++i) {
      nested += (*json)[i];
      if ((*json)[i] == '\n' && i + 1 < json->size() && (*json)[i + 1] != '\n') nested += "        ";
    }
    out << (first ? "" : ",\n") << "    {\n        \"domid\": " << d.info.domid
        << ",\n        \"config\": " << nested << "\n    }";
    first = false;
  }
  out << "\n]\n\n";
}

}  // namespace

int cmd_list(const Globals& g, Io& io, const std::vector<std::string>& args) {
  ParsedOpts o;
  if (int rc = parse_opts(io, args, "lvhZcn",
                          {{"long", 'l'}, {"verbose", 'v'}, {"context", 'Z'}, {"cpupool", 'c'},
                           {"numa", 'n'}},
                          0, o);
      rc >= 0)
    return rc;
  ListFlags f;
  bool details = false, numa = false;
  for (char c : o.opts) {
    switch (c) {
      case 'l': details = true; break;
      case 'v': f.verbose = true; break;
      case 'Z': f.context = true; break;
      case 'c': f.cpupool = true; break;
      case 'n': numa = true; break;
    }
  }
  if (o.operands.size() > 1) {
    print_command_usage(*find_command("list"), io.out);
    return 1;
  }
  if (numa) {
    io.err << "xl list -n: not supported by this xl yet\n";
    return 1;
  }
  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  std::vector<libxl::DomainSummary> ds;
  if (o.operands.empty()) {
    auto all = ctx->list_domains();
    if (!all) {
      io.err << "libxl_list_domain failed.\n";
      return 1;
    }
    ds = std::move(*all);
  } else {
    const std::string& q = o.operands[0];
    auto domid = ctx->domain_qualifier_to_domid(q);
    if (!domid) {
      io.err << q << " is an invalid domain identifier (rc=" << int(domid.error().code) << ")\n";
      return 1;
    }
    auto one = ctx->domain_info(*domid);
    if (!one) {
      if (one.error().code == libxl::ErrorCode::DomainNotFound) {
        io.err << "Error: Domain '" << q << "' does not exist.\n";
      } else {
        io.err << "libxl_domain_info failed (code " << int(one.error().code) << ").\n";
      }
      return 1;
    }
    ds.push_back(std::move(*one));
  }
  if (details) {
    list_details(*ctx, ds, io.out);
    return 0;
  }
  list_rows(*ctx, ds, f, io.out);
  return 0;
}

int cmd_domid(const Globals& g, Io& io, const std::vector<std::string>& args) {
  ParsedOpts o;
  if (int rc = parse_opts(io, args, "", {}, 1, o); rc >= 0) return rc;
  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  const std::string& name = o.operands[0];
  auto domid = ctx->name_to_domid(name);
  if (!domid) {
    io.err << "Can't get domid of domain name '" << name
           << "', maybe this domain does not exist.\n";
    return 1;
  }
  io.out << *domid << "\n";
  return 0;
}

int cmd_domname(const Globals& g, Io& io, const std::vector<std::string>& args) {
  ParsedOpts o;
  if (int rc = parse_opts(io, args, "", {}, 1, o); rc >= 0) return rc;
  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  const std::string& arg = o.operands[0];
  // As xl: strtol, kept in 32 bits; "no digits at all" is refused only
  // when the result is 0.
  char* end = nullptr;
  auto domid = static_cast<libxl::DomId>(std::strtol(arg.c_str(), &end, 10));
  if (domid == 0 && std::strcmp(end, arg.c_str()) == 0) {
    io.err << "Invalid domain id.\n\n";
    return 1;
  }
  auto name = ctx->domid_to_name(domid);
  if (!name) {
    io.err << "Can't get domain name of domain id '" << domid
           << "', maybe this domain does not exist.\n";
    return 1;
  }
  io.out << *name << "\n";
  return 0;
}

}  // namespace xl
