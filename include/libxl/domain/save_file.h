// The save file xl writes and reads (Xen 4.17's "xl format"): a 48-byte
// header, optional data holding the domain's configuration as libxl JSON,
// then the libxl migration stream (save.h). `xl migrate` sends the same
// bytes down its pipe. Either toolstack restores the other's files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "libxl/context.h"

namespace libxl::domain {

// Mandatory flags: the configuration is JSON; the stream is libxl's v2.
inline constexpr std::uint32_t kSaveFlagJson = 1u << 0;
inline constexpr std::uint32_t kSaveFlagStreamV2 = 1u << 1;

struct SaveFileHeader {
  std::uint32_t mandatory_flags = 0;
  std::uint32_t optional_flags = 0;
  std::uint32_t optional_data_len = 0;
  // The configuration the file carries (without libxl's trailing NUL).
  std::optional<std::string> config;
};

// Writes the header and CONFIG_JSON to FD; returns what was written, for
// xl's "Saving to ... (info 0x3/0x0/N)" line.
Result<SaveFileHeader> write_save_header(int fd, const std::string& config_json);

// Reads and checks the header and optional data from FD, leaving FD at the
// start of the libxl stream. SOURCE names FD in messages. The messages are
// xl's ("File has wrong magic number - corrupt or for a different tool?").
Result<SaveFileHeader> read_save_header(int fd, const std::string& source);

// Exactly N bytes from/to FD, as the stream formats need (no read-ahead:
// libxenguest reads the same fd next). WHAT names the data in errors.
Result<void> read_exactly(int fd, void* buf, std::size_t n, const std::string& source, const char* what);
Result<void> write_exactly(int fd, const void* buf, std::size_t n, const char* what);

}  // namespace libxl::domain
