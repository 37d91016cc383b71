// How every fuzz target reports a broken invariant: what, and a printable
// excerpt of the input that broke it, then abort() so libFuzzer keeps it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace fuzz {

[[noreturn]] inline void fail(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "INVARIANT VIOLATED: %s", what);
  if (!detail.empty()) {
    std::fputs(": ", stderr);
    for (char c : detail.substr(0, 512)) std::fputc(c >= 0x20 && c < 0x7f ? c : '.', stderr);
  }
  std::fputc('\n', stderr);
  std::abort();
}

}  // namespace fuzz
