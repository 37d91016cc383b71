// sched-credit and sched-credit2: options, listings and messages as in
// Xen 4.17's tools/xl/xl_sched.c.
#include <cstdio>
#include <cstdlib>
#include <ostream>

#include "commands.h"
#include "printf_string.h"
#include "libxl/domain/sched.h"

namespace xl {

namespace {

int to_int(const std::string& s) { return int(std::strtol(s.c_str(), nullptr, 10)); }

void domain_header(Io& io) { io.out << printf_string("%-33s %4s %6s %4s\n", "Name", "ID", "Weight", "Cap"); }

// One domain's row; 1 when its parameters cannot be had under SCHED.
int domain_row(libxl::Context& ctx, Io& io, libxl::DomId domid, const std::string& sched) {
  auto p = libxl::domain::domain_sched_get(ctx, domid);
  if (!p) {
    io.err << "libxl: error: " << p.error().message << "\n";
    io.err << "libxl_domain_sched_params_get failed.\n";
    return 1;
  }
  if (p->sched != sched) {
    io.err << "libxl_domain_sched_params_get returned " << (p->sched.empty() ? "unknown" : p->sched)
           << " not " << sched << ".\n";
    return 1;
  }
  std::string name = ctx.domid_to_name(domid).value_or("(null)");
  io.out << printf_string("%-33s %4d %6d %4d\n", name.c_str(), int(domid), p->weight, p->cap);
  return 0;
}

void pool_line(libxl::Context& ctx, Io& io, const libxl::domain::Cpupool& pool,
               const std::string& sched) {
  if (sched == "credit") {
    auto p = libxl::domain::credit_params_get(ctx, pool.id);
    if (!p) {
      io.err << "libxl_sched_credit_params_get failed.\n";
      io.out << "Cpupool " << pool.name << ": [sched params unavailable]\n";
      return;
    }
    io.out << printf_string("Cpupool %s: tslice=%dms ratelimit=%dus migration-delay=%dus\n",
                  pool.name.c_str(), int(p->tslice_ms), int(p->ratelimit_us),
                  int(p->vcpu_migr_delay_us));
    return;
  }
  auto r = libxl::domain::credit2_ratelimit_get(ctx, pool.id);
  if (!r) {
    io.err << "libxl_sched_credit2_params_get failed.\n";
    io.out << "Cpupool " << pool.name << ": [sched params unavailable]\n";
    return;
  }
  io.out << printf_string("Cpupool %s: ratelimit=%dus\n", pool.name.c_str(), int(*r));
}

// The pool named or numbered Q, as a known pool; nullopt after xl's message.
std::optional<libxl::domain::Cpupool> find_pool(libxl::Context& ctx, Io& io,
                                                const std::optional<std::string>& q) {
  std::uint32_t id = 0;
  if (q) {
    auto found = libxl::domain::cpupool_qualifier_to_id(ctx, *q);
    if (!found) {
      io.err << "unknown cpupool '" << *q << "'\n";
      return std::nullopt;
    }
    id = *found;
  }
  auto pools = libxl::domain::list_cpupools(ctx);
  if (pools) {
    for (auto& p : *pools) {
      if (p.id == id) return p;
    }
  }
  // Pool 0 by name even when the pools cannot be listed.
  return libxl::domain::Cpupool{id, id == 0 ? "Pool-0" : "(null)", ""};
}

// Every pool run by SCHED (or only POOL), each followed by its domains.
int list_all(libxl::Context& ctx, Io& io, const std::string& sched,
             const std::optional<std::string>& pool) {
  std::optional<std::uint32_t> only;
  if (pool) {
    only = libxl::domain::cpupool_qualifier_to_id(ctx, *pool);
    if (!only) {
      io.err << "unknown cpupool '" << *pool << "'\n";
      return 1;
    }
  }
  auto doms = ctx.list_domains();
  if (!doms) {
    io.err << "libxl_list_domain failed.\n";
    return 1;
  }
  auto pools = libxl::domain::list_cpupools(ctx);
  if (!pools) {
    io.err << "error getting cpupool info\n";
    return 1;
  }
  int rc = 0;
  for (const auto& p : *pools) {
    if (rc) break;
    if (p.sched != sched || (only && *only != p.id)) continue;
    pool_line(ctx, io, p, sched);
    domain_header(io);
    for (const auto& d : *doms) {
      if (d.info.cpupool != p.id) continue;
      rc = domain_row(ctx, io, d.info.domid, sched);
      if (rc) break;
    }
  }
  // xl's listing succeeds even when a domain's row could not be printed.
  return 0;
}

int show_or_set_domain(libxl::Context& ctx, Io& io, const std::string& dom,
                       const std::string& sched, std::optional<int> weight,
                       std::optional<int> cap) {
  auto domid = lookup_domain(ctx, io, dom);
  if (!domid) return 1;
  if (!weight && !cap) {
    domain_header(io);
    return domain_row(ctx, io, *domid, sched);
  }
  if (auto r = libxl::domain::domain_sched_set(ctx, *domid, sched, weight, cap); !r) {
    io.err << "libxl: error: " << r.error().message << "\n";
    io.err << "libxl_domain_sched_params_set failed.\n";
    return 1;
  }
  return 0;
}

}  // namespace

int cmd_sched_credit(const Globals& g, Io& io, const std::vector<std::string>& args) {
  ParsedOpts p;
  if (int rc = parse_opts(io, args, "d:w:c:p:t:r:m:s",
                               {{"domain", 'd', true},
                                {"weight", 'w', true},
                                {"cap", 'c', true},
                                {"schedparam", 's'},
                                {"tslice_ms", 't', true},
                                {"ratelimit_us", 'r', true},
                                {"migration_delay_us", 'm', true},
                                {"cpupool", 'p', true}},
                               0, p);
      rc >= 0)
    return rc;
  std::optional<std::string> dom, pool;
  std::optional<int> weight, cap, tslice, ratelimit, migr;
  bool opt_s = false;
  for (const auto& [c, v] : p.values) {
    switch (c) {
      case 'd': dom = v; break;
      case 'w': weight = to_int(v); break;
      case 'c': cap = to_int(v); break;
      case 't': tslice = to_int(v); break;
      case 'r': ratelimit = to_int(v); break;
      case 'm': migr = to_int(v); break;
      case 's': opt_s = true; break;
      case 'p': pool = v; break;
    }
  }
  if ((pool || opt_s) && (dom || weight || cap)) {
    io.err << "Specifying a cpupool or schedparam is not allowed with domain options.\n";
    return 1;
  }
  if (!dom && (weight || cap)) {
    io.err << "Must specify a domain.\n";
    return 1;
  }
  if (!opt_s && (tslice || ratelimit || migr)) {
    io.err << "Must specify schedparam to set schedule parameter values.\n";
    return 1;
  }
  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  if (opt_s) {
    auto cp = find_pool(*ctx, io, pool);
    if (!cp) return 1;
    if (!tslice && !ratelimit && !migr) {
      pool_line(*ctx, io, *cp, "credit");
      return 0;
    }
    auto cur = libxl::domain::credit_params_get(*ctx, cp->id);
    if (!cur) {
      io.err << "libxl_sched_credit_params_get failed.\n";
      return 1;
    }
    if (tslice) cur->tslice_ms = std::uint32_t(*tslice);
    if (ratelimit) cur->ratelimit_us = std::uint32_t(*ratelimit);
    if (migr) cur->vcpu_migr_delay_us = std::uint32_t(*migr);
    if (auto r = libxl::domain::credit_params_set(*ctx, cp->id, *cur); !r) {
      io.err << "libxl: error: " << r.error().message << "\n";
      io.err << "libxl_sched_credit_params_set failed.\n";
      return 1;
    }
    return 0;
  }
  if (!dom) return list_all(*ctx, io, "credit", pool);
  return show_or_set_domain(*ctx, io, *dom, "credit", weight, cap);
}

int cmd_sched_credit2(const Globals& g, Io& io, const std::vector<std::string>& args) {
  ParsedOpts p;
  if (int rc = parse_opts(io, args, "d:w:c:p:r:s",
                               {{"domain", 'd', true},
                                {"weight", 'w', true},
                                {"cap", 'c', true},
                                {"schedparam", 's'},
                                {"ratelimit_us", 'r', true},
                                {"cpupool", 'p', true}},
                               0, p);
      rc >= 0)
    return rc;
  std::optional<std::string> dom, pool;
  std::optional<int> weight, cap, ratelimit;
  bool opt_s = false;
  for (const auto& [c, v] : p.values) {
    switch (c) {
      case 'd': dom = v; break;
      case 'w': weight = to_int(v); break;
      case 'c': cap = to_int(v); break;
      case 'r': ratelimit = to_int(v); break;
      case 's': opt_s = true; break;
      case 'p': pool = v; break;
    }
  }
  if (pool && (dom || weight || cap)) {
    io.err << "Specifying a cpupool is not allowed with other options.\n";
    return 1;
  }
  if (!dom && (weight || cap)) {
    io.err << "Must specify a domain.\n";
    return 1;
  }
  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  if (opt_s) {
    auto cp = find_pool(*ctx, io, pool);
    if (!cp) return 1;
    if (!ratelimit) {
      pool_line(*ctx, io, *cp, "credit2");
      return 0;
    }
    if (auto r = libxl::domain::credit2_ratelimit_set(*ctx, cp->id, std::uint32_t(*ratelimit)); !r) {
      io.err << "libxl: error: " << r.error().message << "\n";
      io.err << "libxl_sched_credit2_params_set failed.\n";
      return 1;
    }
    return 0;
  }
  if (!dom) return list_all(*ctx, io, "credit2", pool);
  return show_or_set_domain(*ctx, io, *dom, "credit2", weight, cap);
}

}  // namespace xl
