// vcpu-list, vcpu-pin, vcpu-set: output, messages and exit statuses as in
// Xen 4.17's tools/xl/xl_vcpu.c.
#include <cstdio>
#include <cstdlib>
#include <ostream>

#include "commands.h"
#include "printf_string.h"
#include "libxl/domain/vcpu.h"

namespace xl {

namespace {

void say_error(Io& io, const libxl::Error& e) { io.err << "libxl: error: " << e.message << "\n"; }

void print_vcpu(libxl::Context& ctx, Io& io, libxl::DomId domid,
                const libxl::hypervisor::VcpuInfo& v, unsigned nr_cpus) {
  std::string name = ctx.domid_to_name(domid).value_or("(null)");
  io.out << printf_string("%-32s %5u %5u", name.c_str(), domid, v.vcpu);
  if (!v.online)
    io.out << printf_string("%5c %3c%cp ", '-', '-', '-');
  else
    io.out << printf_string("%5u %3c%c- ", v.cpu, v.running ? 'r' : '-', v.blocked ? 'b' : '-');
  // xl divides in float before printing.
  io.out << printf_string("%9.1f  ", double(float(double(v.cpu_time_ns) / 1e9)));
  io.out << libxl::domain::format_cpumap(v.hard, nr_cpus) << " / "
         << libxl::domain::format_cpumap(v.soft, nr_cpus) << "\n";
}

void print_domain_vcpus(libxl::Context& ctx, Io& io, libxl::DomId domid, unsigned nr_cpus) {
  auto vcpus = libxl::domain::list_vcpus(ctx, domid);
  if (!vcpus) {
    say_error(io, vcpus.error());
    return;
  }
  for (const auto& v : *vcpus) print_vcpu(ctx, io, domid, v, nr_cpus);
}

// A cpu list as xl's parse_cpurange reads it; the message when it is bad.
std::optional<libxl::domain::Cpumap> cpu_list(libxl::Context& ctx, Io& io, const std::string& s) {
  auto host = libxl::domain::host_topology(ctx);
  if (!host) {
    say_error(io, host.error());
    return std::nullopt;
  }
  auto bits = libxl::config::devices::parse_cpu_list(s, *host);
  if (!bits) {
    io.err << bits.error().message << "\n";
    return std::nullopt;
  }
  return libxl::domain::to_cpumap(*bits);
}

}  // namespace

int cmd_vcpu_list(const Globals& g, Io& io, const std::vector<std::string>& args) {
  ParsedOpts p;
  if (int rc = parse_opts(io, args, "", {}, 0, p); rc >= 0) return rc;
  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  auto phys = ctx->physinfo();
  if (!phys) {
    io.err << "libxl_physinfo failed.\n";
    return 0;
  }
  io.out << printf_string("%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU", "State", "Time(s)",
                "Affinity (Hard / Soft)");
  if (p.operands.empty()) {
    auto doms = ctx->list_domains();
    if (!doms) {
      io.err << "libxl_list_domain failed.\n";
      return 0;
    }
    for (const auto& d : *doms) print_domain_vcpus(*ctx, io, d.info.domid, phys->nr_cpus);
    return 0;
  }
  for (const auto& q : p.operands) {
    auto domid = lookup_domain(*ctx, io, q);
    if (!domid) return 1;
    print_domain_vcpus(*ctx, io, *domid, phys->nr_cpus);
  }
  return 0;
}

int cmd_vcpu_pin(const Globals& g, Io& io, const std::vector<std::string>& args) {
  auto cmd = open_domain_command(g, io, args, "f", {{"force", 'f'}}, 3);
  if (!cmd) return cmd.error();
  auto& [p, ctx, domid] = *cmd;
  const bool force = p.opts.find('f') != std::string::npos;
  const std::string& vcpu_s = p.operands[1];
  const std::string& hard_s = p.operands[2];
  const bool has_soft = p.operands.size() > 3;

  // strtol's reading: leading digits count, a negative or no number is "all" or wrong.
  std::optional<std::uint32_t> vcpu;
  char* end = nullptr;
  long v = std::strtol(vcpu_s.c_str(), &end, 10);
  if (end == vcpu_s.c_str() || v < 0) {
    if (vcpu_s != "all") {
      io.err << "Error: Invalid argument " << vcpu_s << " as VCPU.\n";
      return 1;
    }
    if (force) {
      io.err << "Error: --force and 'all' as VCPU not allowed.\n";
      return 1;
    }
  } else {
    vcpu = std::uint32_t(v);
  }

  std::optional<libxl::domain::Cpumap> hard, soft;
  if (hard_s != "-") {
    hard = cpu_list(*ctx, io, hard_s);
    if (!hard) return 1;
  }
  if (has_soft && p.operands[3] != "-") {
    soft = cpu_list(*ctx, io, p.operands[3]);
    if (!soft) return 1;
  }

  if (g.dry_run) {
    auto phys = ctx->physinfo();
    if (!phys) {
      io.err << "libxl_get_online_cpus failed.\n";
      return 1;
    }
    io.out << "cpumap: " << (hard ? libxl::domain::format_cpumap(*hard, phys->nr_cpus) : "-");
    if (soft) io.out << " " << libxl::domain::format_cpumap(*soft, phys->nr_cpus);
    io.out << "\n";
    return 0;
  }

  const auto* hp = hard ? &*hard : nullptr;
  const auto* sp = soft ? &*soft : nullptr;
  if (vcpu) {
    if (auto r = libxl::domain::set_vcpu_affinity(*ctx, domid, vcpu, hp, sp, force); !r) {
      say_error(io, r.error());
      io.err << "Could not set affinity for vcpu `" << *vcpu << "'.\n";
      return 1;
    }
    return 0;
  }
  if (auto vs = libxl::domain::list_vcpus(*ctx, domid); !vs) {
    say_error(io, vs.error());
    io.err << "libxl_list_vcpu failed.\n";
    return 1;
  }
  // xl reports a failure for "all" but still succeeds.
  if (auto r = libxl::domain::set_vcpu_affinity(*ctx, domid, std::nullopt, hp, sp, false); !r) {
    say_error(io, r.error());
    io.err << "Could not set affinity.\n";
  }
  return 0;
}

int cmd_vcpu_set(const Globals& g, Io& io, const std::vector<std::string>& args) {
  auto cmd = open_domain_command(g, io, args, "i", {{"ignore-host", 'i'}}, 2);
  if (!cmd) return cmd.error();
  auto& [p, ctx, domid] = *cmd;
  const bool check_host = p.opts.find('i') == std::string::npos;
  const std::string& n = p.operands[1];
  char* end = nullptr;
  unsigned long count = std::strtoul(n.c_str(), &end, 10);
  if (end == n.c_str()) {
    io.err << "Error: Invalid argument.\n";
    return 1;
  }
  if (check_host) {
    auto host_cpus = ctx->hypervisor().max_cpus();
    auto info = ctx->domain_info(domid);
    if (!info) {
      say_error(io, info.error());
      return 1;
    }
    if (!host_cpus) {
      say_error(io, libxl::Error{libxl::ErrorCode::Fail, host_cpus.error().message()});
      return 1;
    }
    if (count > info->info.nr_online_vcpus && count > *host_cpus) {
      io.err << "You are overcommmitting! You have " << int(*host_cpus) << " physical CPUs and want "
             << int(count) << " vCPUs! Aborting, use --ignore-host to continue\n";
      return 1;
    }
  }
  auto r = libxl::domain::set_vcpus_online(*ctx, domid, std::uint32_t(count));
  if (!r) {
    if (r.error().code == libxl::ErrorCode::DomainNotFound) {
      io.err << "Domain " << domid << " does not exist.\n";
    } else {
      say_error(io, r.error());
      io.err << "libxl_set_vcpuonline failed domid=" << domid << " max_vcpus=" << int(count)
             << ", rc: " << int(r.error().code) << "\n";
    }
    return 1;
  }
  return 0;
}

}  // namespace xl
