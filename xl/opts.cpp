// Option parsing shared by the commands, and opening the library context.
#include <cstdio>
#include <ostream>

#include "commands.h"

namespace xl {

std::unique_ptr<libxl::Context> open_context(const Globals& g, Io& io) {
  auto ctx = g.open_context();
  if (!ctx) {
    io.err << "libxl: error: " << ctx.error().message << "\ncannot init xl context\n";
    return nullptr;
  }
  return std::move(*ctx);
}

std::function<void(const std::string&)> step_reporter(const Globals& g, Io& io) {
  if (g.verbose <= 0) return {};
  return [&io, t0 = g.started](const std::string& step) {
    std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "[%.3fs] ", dt.count());
    io.err << "xl: " << stamp << step << "\n";
  };
}

namespace {

// xl's message for an option it does not take; getopt leaves no letter for
// an unknown long option, and xl prints that empty letter (a NUL byte).
int unsupported(Io& io, char letter) {
  io.err << "option `" << letter << "' not supported.\n";
  return 2;
}

}  // namespace

int parse_opts(Io& io, const std::vector<std::string>& args, std::string_view shorts,
               std::initializer_list<LongOpt> longs, std::size_t required, ParsedOpts& out) {
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
      bool has_value = false;
      if (auto eq = name.find('='); eq != std::string::npos) {
        name.resize(eq);
        has_value = true;
      }
      // An exact name wins; otherwise a prefix of exactly one.
      const LongOpt* hit = nullptr;
      int prefix_hits = 0;
      bool exact = false;
      auto consider = [&](const LongOpt& o) {
        if (exact) return;
        if (o.name == name) {
          hit = &o;
          exact = true;
        } else if (!name.empty() && o.name.starts_with(name)) {
          hit = &o;
          ++prefix_hits;
        }
      };
      static constexpr LongOpt kHelp{"help", 'h'};
      for (const auto& o : longs) consider(o);
      consider(kHelp);
      if (!hit || (!exact && prefix_hits > 1)) return unsupported(io, '\0');
      if (has_value && !hit->has_arg) return unsupported(io, hit->val);
      if (hit->val == 'h') return help();
      out.opts += hit->val;
      if (!hit->has_arg) {
        out.values.emplace_back(hit->val, "");
      } else if (has_value) {
        out.values.emplace_back(hit->val, a.substr(a.find('=') + 1));
      } else if (i + 1 < args.size()) {
        out.values.emplace_back(hit->val, args[++i]);
      } else {
        return unsupported(io, hit->val);
      }
      continue;
    }
    for (std::size_t k = 1; k < a.size(); ++k) {
      char c = a[k];
      if (c == 'h') return help();
      auto at = shorts.find(c);
      if (c == ':' || at == std::string_view::npos) return unsupported(io, c);
      out.opts += c;
      if (at + 1 >= shorts.size() || shorts[at + 1] != ':') {
        out.values.emplace_back(c, "");
      } else {
        // Its argument is the rest of this word, else the next word.
        if (k + 1 < a.size()) {
          out.values.emplace_back(c, a.substr(k + 1));
        } else if (i + 1 < args.size()) {
          out.values.emplace_back(c, args[++i]);
        } else {
          return unsupported(io, c);  // getopt's '?' for a missing argument
        }
        break;
      }
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
