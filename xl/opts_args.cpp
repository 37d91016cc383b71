// Option parsing for the commands whose options take a value (sched-credit
// -d DOMAIN, top -i N), the way GNU getopt_long reads a "d:w:s" string.
#include <ostream>

#include "commands.h"

namespace xl {

namespace {

int unsupported(Io& io, char letter) {
  io.err << "option `" << letter << "' not supported.\n";
  return 2;
}

}  // namespace

int parse_opts_args(Io& io, const std::vector<std::string>& args, std::string_view shorts,
                    std::initializer_list<ArgOpt> longs, std::size_t required, ParsedArgs& out) {
  const Command& cmd = *find_command(args[0]);
  auto help = [&] {
    print_command_usage(cmd, io.out);
    return 0;
  };
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      out.operands.insert(out.operands.end(), args.begin() + std::ptrdiff_t(i) + 1, args.end());
      break;
    }
    if (a.size() < 2 || a[0] != '-') {
      out.operands.push_back(a);
      continue;
    }
    if (a[1] == '-') {
      std::string name = a.substr(2);
      std::optional<std::string> value;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name.resize(eq);
      }
      // An exact name wins; otherwise a prefix of exactly one.
      const ArgOpt* hit = nullptr;
      int prefix_hits = 0;
      bool exact = false;
      static constexpr ArgOpt kHelp{"help", false, 'h'};
      auto consider = [&](const ArgOpt& o) {
        if (exact) return;
        if (o.name == name) {
          hit = &o;
          exact = true;
        } else if (!name.empty() && o.name.starts_with(name)) {
          hit = &o;
          ++prefix_hits;
        }
      };
      for (const auto& o : longs) consider(o);
      consider(kHelp);
      if (!hit || (!exact && prefix_hits > 1)) return unsupported(io, '\0');
      if (hit->val == 'h') return value ? unsupported(io, 'h') : help();
      if (!hit->has_arg) {
        if (value) return unsupported(io, hit->val);
        out.opts.emplace_back(hit->val, "");
        continue;
      }
      if (!value) {
        if (i + 1 == args.size()) return unsupported(io, hit->val);
        value = args[++i];
      }
      out.opts.emplace_back(hit->val, *value);
      continue;
    }
    for (std::size_t k = 1; k < a.size(); ++k) {
      char c = a[k];
      if (c == 'h') return help();
      auto at = shorts.find(c);
      if (c == ':' || at == std::string_view::npos) return unsupported(io, c);
      if (at + 1 < shorts.size() && shorts[at + 1] == ':') {
        // The rest of this word, or else the next word, is the value.
        if (k + 1 < a.size()) {
          out.opts.emplace_back(c, a.substr(k + 1));
        } else if (i + 1 < args.size()) {
          out.opts.emplace_back(c, args[++i]);
        } else {
          return unsupported(io, c);
        }
        break;
      }
      out.opts.emplace_back(c, "");
    }
  }
  if (out.operands.size() < required) {
    io.err << "'xl " << cmd.name << "' requires at least " << required << " argument"
           << (required > 1 ? "s" : "") << ".\n\n";
    print_command_usage(cmd, io.out);
    return 2;
  }
  return -1;
}

}  // namespace xl
