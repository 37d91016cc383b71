#include "device_command.h"

#include <cstdlib>
#include <ostream>

namespace xl {

namespace {

// A domid given as digits; names need a running hypervisor to resolve.
bool numeric_domain(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

std::expected<std::size_t, int> device_command_args(Io& io, const std::vector<std::string>& args,
                                                    std::string_view name,
                                                    std::size_t min_args) {
  const Command& self = *find_command(name);
  // Options end at the first non-option, as with getopt's "+" mode.
  std::size_t i = 1;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (a.size() < 2 || a[0] != '-') break;
    if (a == "-h" || a == "--help") {
      print_command_usage(self, io.out);
      return std::unexpected(0);
    }
    char bad = a[1] == '-' ? '\0' : a[1];  // xl names no letter for a long option
    io.err << "option `" << bad << "' not supported.\n";
    return std::unexpected(2);
  }
  if (args.size() - i < min_args) {
    io.err << "'xl " << name << "' requires at least " << min_args
           << (min_args == 1 ? " argument" : " arguments") << ".\n\n";
    print_command_usage(self, io.out);
    return std::unexpected(2);
  }
  return i;
}

std::optional<libxl::DomId> dry_run_domain(Io& io, const std::string& domain) {
  // Without a hypervisor only a domid in digits can be taken as given.
  if (!numeric_domain(domain)) {
    io.err << "xl: cannot look up domain `" << domain << "' in a dry run (-N): give its domid\n";
    return std::nullopt;
  }
  return static_cast<libxl::DomId>(std::strtoul(domain.c_str(), nullptr, 10));
}

int print_dry_run(Io& io, std::string_view label, const std::string& json) {
  io.out << label << ": " << json << '\n';
  io.out.flush();
  return io.out ? 0 : 255;
}

}  // namespace xl
