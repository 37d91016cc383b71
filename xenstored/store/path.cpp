#include "xenstored/store/path.h"

#include <cerrno>

#include "xenstored/protocol/wire.h"

namespace xenstored::path {

namespace {

constexpr bool valid_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '/' || c == '_' || c == '@';
}

std::expected<std::string, int> make_absolute(std::string_view in, DomId caller,
                                              std::size_t max_relative) {
  if (in.empty()) return std::unexpected(EINVAL);
  std::string abs;
  std::string base = domain_path(caller);
  if (in.front() == '/') {
    abs.assign(in);
  } else {
    abs.reserve(base.size() + 1 + in.size());
    abs = base;
    abs.push_back('/');
    abs.append(in);
  }
  if (!is_valid_absolute(abs)) return std::unexpected(EINVAL);
  if (max_relative != kNoLimit) {
    // The quota bounds what a domain may create below its own home.
    std::size_t rel = abs.size();
    if (is_child_of(abs, base)) rel = abs.size() - base.size();
    if (rel > max_relative) return std::unexpected(EINVAL);
  }
  return abs;
}

}  // namespace

std::string domain_path(DomId domid) { return "/local/domain/" + std::to_string(domid); }

bool is_valid_absolute(std::string_view p) {
  if (p.empty() || p.front() != '/' || p.size() > wire::kAbsPathMax) return false;
  if (p.size() == 1) return true;
  if (p.back() == '/') return false;
  char prev = 0;
  for (char c : p) {
    if (!valid_char(c)) return false;
    if (c == '/' && prev == '/') return false;
    prev = c;
  }
  return true;
}

bool is_special(std::string_view p) { return !p.empty() && p.front() == '@'; }

std::expected<std::string, int> canonicalize(std::string_view in, DomId caller,
                                             std::size_t max_relative) {
  return make_absolute(in, caller, max_relative);
}

std::expected<std::string, int> canonicalize_watch(std::string_view in, DomId caller,
                                                   std::size_t max_relative) {
  if (is_special(in)) {
    if (in.size() > wire::kAbsPathMax) return std::unexpected(EINVAL);
    for (char c : in)
      if (!valid_char(c)) return std::unexpected(EINVAL);
    return std::string(in);
  }
  return make_absolute(in, caller, max_relative);
}

std::string_view parent(std::string_view p) {
  if (p.size() <= 1) return {};
  auto slash = p.rfind('/');
  return slash == 0 ? p.substr(0, 1) : p.substr(0, slash);
}

std::string_view basename(std::string_view p) {
  auto slash = p.rfind('/');
  return slash == std::string_view::npos ? p : p.substr(slash + 1);
}

bool is_child_of(std::string_view child, std::string_view ancestor) {
  if (ancestor == "/") return !child.empty() && child.front() == '/';
  if (!child.starts_with(ancestor)) return false;
  return child.size() == ancestor.size() || child[ancestor.size()] == '/';
}

std::size_t depth_below(std::string_view child, std::string_view ancestor) {
  std::size_t start = ancestor == "/" ? 0 : ancestor.size();
  std::size_t n = 0;
  for (std::size_t i = start; i < child.size(); ++i)
    if (child[i] == '/') ++n;
  return n;
}

}  // namespace xenstored::path
