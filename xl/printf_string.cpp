#include "printf_string.h"

#include <cstdarg>
#include <cstdio>

namespace xl {

std::string printf_string(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char small[256];
  int n = std::vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return {};
  if (std::size_t(n) < sizeof small) return std::string(small, std::size_t(n));
  std::string big(std::size_t(n) + 1, '\0');
  va_start(ap, fmt);
  std::vsnprintf(big.data(), big.size(), fmt, ap);
  va_end(ap);
  big.resize(std::size_t(n));
  return big;
}

}  // namespace xl
