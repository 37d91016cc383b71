#include "xenstored/server/options.h"

#include <boost/program_options.hpp>
#include <charconv>
#include <sstream>

namespace xenstored {

namespace po = boost::program_options;

namespace {

po::options_description describe(Options& o, std::vector<std::string>& quota,
                                 std::vector<std::string>& quota_soft) {
  po::options_description d("Options");
  auto& q = o.engine.quotas;
  d.add_options()
      ("help,H", po::bool_switch(&o.help), "print this message and exit")
      ("no-fork,N", po::bool_switch(&o.no_fork), "stay in the foreground")
      ("pid-file,F", po::value(&o.pid_file), "write the daemon's pid to this file")
      ("output-pid,P", po::bool_switch(&o.output_pid), "print the daemon's pid on stdout")
      ("socket,s", po::value(&o.socket_path),
       "Unix socket to serve (default $XENSTORED_PATH, $XENSTORED_RUNDIR/socket or "
       "/run/xenstored/socket)")
      ("trace-file,T", po::value(&o.trace_file), "log every request to this file")
      ("no-domain-init,D", po::bool_switch(&o.no_domain_init),
       "do not set up dom0's own connection (socket clients only)")
      ("entry-nb,E", po::value(&q[QuotaKind::Nodes]), "nodes a domain may own (quota nodes)")
      ("entry-size,S", po::value(&q[QuotaKind::NodeSize]), "largest node value of a domain (quota node-size)")
      ("watch-nb,W", po::value(&q[QuotaKind::Watches]), "watches per domain (quota watches)")
      ("transaction,t", po::value(&q[QuotaKind::Transactions]),
       "open transactions per domain (quota transactions)")
      ("perm-nb,A", po::value(&q[QuotaKind::Permissions]),
       "permission entries per node (quota permissions)")
      ("path-max,M", po::value(&q[QuotaKind::PathMax]),
       "longest path below a domain's home (quota path-max)")
      ("quota,Q", po::value(&quota)->composing(),
       "set quota WHAT=NB: nodes, watches, transactions, outstanding, transaction-nodes, "
       "memory, node-size, path-max, permissions")
      ("quota-soft,q", po::value(&quota_soft)->composing(),
       "set soft quota WHAT=NB (memory): a warning is logged above it")
      ("keep-orphans,K", po::bool_switch(&o.engine.keep_orphans),
       "leave a released domain's nodes owned by it instead of passing them to dom0")
      ("transaction-wait", po::value(&o.transaction_wait_ms)->default_value(5),
       "milliseconds a transaction's first use of a node another transaction of the same "
       "domain is using may wait for it to end (0: never wait, fail on commit instead)")
      ("internal-db,I", "accepted for compatibility: the store is always in memory")
      ("verbose,V", po::bool_switch(&o.verbose), "log more");
  return d;
}

std::expected<void, std::string> apply_quota(const std::string& spec, Quotas& q, bool soft) {
  auto eq = spec.find('=');
  if (eq == std::string::npos) return std::unexpected("quota '" + spec + "': expected WHAT=NB");
  std::string what = spec.substr(0, eq);
  std::size_t value;
  auto num = std::string_view(spec).substr(eq + 1);
  auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), value);
  if (ec != std::errc() || end != num.data() + num.size() || num.empty())
    return std::unexpected("quota '" + spec + "': '" + std::string(num) + "' is not a number");
  if (soft) {
    if (what != "memory") return std::unexpected("unknown soft quota '" + what + "' (known: memory)");
    q.memory_soft = value;
    return {};
  }
  auto kind = quota_by_name(what);
  if (!kind) return std::unexpected("unknown quota '" + what + "'");
  q[*kind] = value;
  return {};
}

}  // namespace

std::string default_socket_path(const Getenv& getenv) {
  if (const char* p = getenv("XENSTORED_PATH"); p && *p) return p;
  if (const char* d = getenv("XENSTORED_RUNDIR"); d && *d) return std::string(d) + "/socket";
  return "/run/xenstored/socket";
}

std::expected<Options, std::string> parse_options(const std::vector<std::string>& args,
                                                  const Getenv& getenv) {
  Options o;
  std::vector<std::string> quota, quota_soft;
  auto desc = describe(o, quota, quota_soft);
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return std::unexpected(std::string(e.what()));
  }
  for (const auto& s : quota)
    if (auto r = apply_quota(s, o.engine.quotas, false); !r) return std::unexpected(r.error());
  for (const auto& s : quota_soft)
    if (auto r = apply_quota(s, o.engine.quotas, true); !r) return std::unexpected(r.error());
  if (o.socket_path.empty()) o.socket_path = default_socket_path(getenv);
  o.engine.transaction_wait = std::chrono::milliseconds(o.transaction_wait_ms);
  return o;
}

std::string usage_text() {
  Options o;
  std::vector<std::string> a, b;
  std::ostringstream out;
  out << "Usage: xenstored [options]\n"
         "The XenStore daemon: serves the shared configuration tree to dom0 over a Unix\n"
         "socket (and to guests over shared rings where a ring transport is present).\n\n"
      << describe(o, a, b);
  return out.str();
}

}  // namespace xenstored
