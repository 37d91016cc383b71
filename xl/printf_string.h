// printf into a std::string, of any length: xl's tables and reports are
// printf formats, kept as xl writes them so that the output matches.
#pragma once

#include <string>

namespace xl {

std::string printf_string(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace xl
