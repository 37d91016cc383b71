// CONTROL: the daemon's administration commands (xenstore-control).
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <unordered_set>

#include "engine_request.h"
#include "xenstored/store/path.h"

namespace xenstored {

namespace {

constexpr std::string_view kHelp =
    "check\t\n"
    "log\ton|off\n"
    "logfile\t<file>\n"
    "memreport\t[<file>]\n"
    "print\t<string>\n"
    "quota\t[set <name> <val>|<domid>]\n"
    "quota-soft\t[set <name> <val>]\n"
    "help\t\n";

std::string pad(std::string_view s, std::size_t w) {
  std::string out(s);
  if (out.size() < w) out.append(w - out.size(), ' ');
  return out;
}

std::string num(std::size_t v, std::size_t w) {
  std::string s = std::to_string(v);
  return s.size() < w ? std::string(w - s.size(), ' ') + s : s;
}

}  // namespace

bool Engine::set_trace_file(const std::string& file) {
  std::FILE* f = std::fopen(file.c_str(), "a");
  if (!f) return false;
  std::setvbuf(f, nullptr, _IOLBF, 0);
  trace_file_.reset(f);
  trace_path_ = file;
  return true;
}

void Engine::reopen_trace_file() {
  if (trace_path_.empty()) return;
  std::string path = trace_path_;
  if (!set_trace_file(path) && log_) log_("cannot reopen trace file " + path);
}

void Engine::trace(std::string_view line) {
  if (!trace_file_) return;
  std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d %H:%M:%S ", std::localtime(&now));
  std::fputs(stamp, trace_file_.get());
  std::fwrite(line.data(), 1, line.size(), trace_file_.get());
  std::fputc('\n', trace_file_.get());
}

std::string Engine::control_quota(const std::vector<std::string_view>& args, bool soft, int& err) {
  // args[0] is the command itself.
  if (args.size() == 1) {
    std::string out = "Quota settings:\n";
    if (soft) {
      out += pad("memory", 17) + ": " + num(cfg_.quotas.memory_soft, 8) +
             " Total Xenstore memory per domain (warning level)\n";
      return out;
    }
    for (std::size_t i = 0; i < std::size_t(QuotaKind::Count_); ++i) {
      const auto& info = quota_info(QuotaKind(i));
      out += pad(info.name, 17) + ": " + num(cfg_.quotas.hard[i], 8) + " " +
             std::string(info.description) + "\n";
    }
    return out;
  }
  if (args[1] == "set") {
    std::size_t value;
    if (args.size() != 4 || !parse_number(args[3], value)) {
      err = EINVAL;
      return {};
    }
    if (soft) {
      if (args[2] != "memory") {
        err = EINVAL;
        return {};
      }
      cfg_.quotas.memory_soft = value;
      return "OK";
    }
    auto kind = quota_by_name(args[2]);
    if (!kind) {
      err = EINVAL;
      return {};
    }
    cfg_.quotas[*kind] = value;
    return "OK";
  }
  DomId domid;
  if (soft || args.size() != 2 || !parse_number(args[1], domid)) {
    err = EINVAL;
    return {};
  }
  Domain* d = domain(domid);
  if (!d || !d->introduced) {
    err = ENOENT;
    return {};
  }
  std::size_t nwatches = 0, ntrans = 0, outstanding = 0;
  for (const auto& [id, c] : conns_) {
    if (c->domid() != domid) continue;
    nwatches += c->watches().size();
    ntrans += c->transactions().size();
    outstanding += c->queued_messages();
  }
  Tree::Usage u = tree_.usage(domid);
  std::string out = "Domain " + std::to_string(domid) + ":\n";
  out += pad("nodes", 16) + ": " + num(u.nodes, 8) + "\n";
  out += pad("watches", 16) + ": " + num(nwatches, 8) + "\n";
  out += pad("transactions", 16) + ": " + num(ntrans, 8) + "\n";
  out += pad("outstanding", 16) + ": " + num(outstanding, 8) + "\n";
  out += pad("memory", 16) + ": " + num(u.bytes, 8) + "\n";
  return out;
}

std::string Engine::memreport(bool to_file) const {
  std::string out;
  auto line = [&](std::string_view k, std::size_t v) {
    out += pad(k, 26) + ": " + num(v, 12) + "\n";
  };
  line("nodes", tree_.size());
  line("distinct permission lists", tree_.distinct_perm_lists());
  line("store bytes reserved", tree_.memory_reserved());
  line("connections", conns_.size());
  line("watches", watches_.size());
  line("transactions", transaction_count());
  std::size_t pending = 0, inbuf = 0;
  for (const auto& [id, c] : conns_) {
    pending += c->pending_output();
    inbuf += c->input().size();
  }
  line("output bytes pending", pending);
  line("input bytes buffered", inbuf);
  line("domains", domains_.size());
  std::size_t skipped = 0;
  for (const auto& [domid, u] : tree_.usage_by_owner()) {
    if (u.nodes == 0) continue;
    std::string line = "domain " + std::to_string(domid) + ": " + std::to_string(u.nodes) +
                       " nodes, " + std::to_string(u.bytes) + " bytes\n";
    // Stay within one reply; `memreport FILE` is where a long report goes.
    if (!to_file && out.size() + line.size() > wire::kPayloadMax - 64) {
      ++skipped;
      continue;
    }
    out += line;
  }
  if (skipped) out += "(" + std::to_string(skipped) + " more domains: use memreport <file>)\n";
  return out;
}

std::string Engine::check_store() const {
  // Recount what the tree maintains incrementally and compare.
  std::string problems;
  std::unordered_map<DomId, Tree::Usage> counted;
  std::size_t nodes = 0;
  std::vector<Tree::Id> stack{tree_.root()};
  while (!stack.empty()) {
    Tree::Id n = stack.back();
    stack.pop_back();
    ++nodes;
    const PermList& p = tree_.perms(n);
    if (p.empty()) {
      problems += "node " + tree_.path(n) + " has no permissions\n";
    } else {
      auto& u = counted[p[0].domid];
      ++u.nodes;
      u.bytes += Tree::node_cost(tree_.name(n).size(), tree_.value(n).size(), p.size());
    }
    for (Tree::Id c = tree_.first_child(n); c != Tree::kNone; c = tree_.next_sibling(c)) {
      if (tree_.parent(c) != n) problems += "node " + tree_.path(c) + " has a wrong parent\n";
      if (tree_.child(n, tree_.name(c)) != c)
        problems += "node " + tree_.path(c) + " is missing from the index\n";
      stack.push_back(c);
    }
  }
  if (nodes != tree_.size())
    problems += "tree holds " + std::to_string(tree_.size()) + " nodes but " +
                std::to_string(nodes) + " are reachable\n";
  for (const auto& [domid, u] : tree_.usage_by_owner()) {
    auto c = counted[domid];
    if (c.nodes != u.nodes || c.bytes != u.bytes)
      problems += "domain " + std::to_string(domid) + " accounting is off\n";
  }
  return problems;
}

void Engine::op_control(Request& r) {
  if (!r.conn.privileged()) return r.error(EACCES);
  std::vector<std::string_view> args;
  if (!split_args(r.payload, args) || args.empty()) return r.error(EINVAL);
  std::string_view cmd = args[0];
  if (cmd == "help") return r.reply_string(kHelp);
  if (cmd == "check") {
    std::string problems = check_store();
    if (!problems.empty() && log_) log_(problems);
    return problems.empty() ? r.reply_string("OK") : r.reply_string(problems);
  }
  if (cmd == "log") {
    if (args.size() != 2 || (args[1] != "on" && args[1] != "off")) return r.error(EINVAL);
    if (args[1] == "on" && !trace_file_) return r.error(EINVAL);  // no file yet: see logfile
    set_tracing(args[1] == "on");
    return r.reply_string("OK");
  }
  if (cmd == "logfile") {
    if (args.size() != 2 || args[1].empty()) return r.error(EINVAL);
    if (!set_trace_file(std::string(args[1]))) return r.error(EACCES);
    tracing_ = true;
    return r.reply_string("OK");
  }
  if (cmd == "memreport") {
    if (args.size() > 2) return r.error(EINVAL);
    std::string report = memreport(args.size() == 2);
    if (args.size() == 2) {
      std::FILE* f = std::fopen(std::string(args[1]).c_str(), "w");
      if (!f) return r.error(EACCES);
      std::fwrite(report.data(), 1, report.size(), f);
      std::fclose(f);
      return r.reply_string("OK");
    }
    return r.reply_string(report);
  }
  if (cmd == "print") {
    if (args.size() != 2) return r.error(EINVAL);
    if (log_) log_(args[1]);
    trace(args[1]);
    return r.reply_string("OK");
  }
  if (cmd == "quota" || cmd == "quota-soft") {
    int err = 0;
    std::string out = control_quota(args, cmd == "quota-soft", err);
    if (err) return r.error(err);
    return r.reply_string(out);
  }
  r.error(EINVAL);
}

}  // namespace xenstored
