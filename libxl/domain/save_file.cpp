#include "libxl/domain/save_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace libxl::domain {

namespace {

// 32 bytes with an embedded newline, NUL and carriage return, and no
// terminator: whatever mangles text (a transfer in ASCII mode) shows.
constexpr char kMagic[32] = {'X', 'e', 'n', ' ', 's', 'a', 'v', 'e', 'd', ' ', 'd',
                             'o', 'm', 'a', 'i', 'n', ',', ' ', 'x', 'l', ' ', 'f',
                             'o', 'r', 'm', 'a', 't', '\n', ' ', '\0', ' ', '\r'};
constexpr std::uint32_t kByteOrder = 0x01020304;  // in the writer's byte order
constexpr std::size_t kHeaderSize = 48;

Error inval(std::string m) { return Error{ErrorCode::Inval, std::move(m)}; }

void put32(unsigned char* p, std::uint32_t v) { std::memcpy(p, &v, 4); }
std::uint32_t get32(const unsigned char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

}  // namespace

Result<void> read_exactly(int fd, void* buf, std::size_t n, const std::string& source, const char* what) {
  auto* p = static_cast<unsigned char*>(buf);
  std::size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(fd, p + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0)
      return std::unexpected(Error{ErrorCode::Fail, "reading " + std::string(what) + " from " + source +
                                                        ": " + std::strerror(errno)});
    if (r == 0)
      return std::unexpected(Error{ErrorCode::Fail, source + ": truncated while reading " + what});
    got += std::size_t(r);
  }
  return {};
}

Result<void> write_exactly(int fd, const void* buf, std::size_t n, const char* what) {
  const auto* p = static_cast<const unsigned char*>(buf);
  while (n) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0)
      return std::unexpected(Error{ErrorCode::Fail, "writing " + std::string(what) + ": " + std::strerror(errno)});
    p += w;
    n -= std::size_t(w);
  }
  return {};
}

Result<SaveFileHeader> write_save_header(int fd, const std::string& config_json) {
  // libxl stores the JSON as a C string: its NUL is part of the data.
  const std::uint32_t config_len = std::uint32_t(config_json.size() + 1);
  SaveFileHeader h;
  h.mandatory_flags = kSaveFlagStreamV2 | kSaveFlagJson;
  h.optional_data_len = 4 + config_len;
  h.config = config_json;
  std::vector<unsigned char> buf(kHeaderSize + h.optional_data_len, 0);
  std::memcpy(buf.data(), kMagic, sizeof kMagic);
  put32(&buf[32], kByteOrder);
  put32(&buf[36], h.mandatory_flags);
  put32(&buf[40], h.optional_flags);
  put32(&buf[44], h.optional_data_len);
  put32(&buf[48], config_len);
  std::memcpy(&buf[52], config_json.data(), config_json.size());
  if (auto r = write_exactly(fd, buf.data(), buf.size(), "the save file's header"); !r)
    return std::unexpected(r.error());
  return h;
}

Result<SaveFileHeader> read_save_header(int fd, const std::string& source) {
  unsigned char hdr[kHeaderSize];
  if (auto r = read_exactly(fd, hdr, sizeof hdr, source, "header"); !r) return std::unexpected(r.error());
  if (std::memcmp(hdr, kMagic, sizeof kMagic) != 0)
    return std::unexpected(inval("File has wrong magic number - corrupt or for a different tool?"));
  if (get32(&hdr[32]) != kByteOrder) return std::unexpected(inval("File has wrong byte order"));
  SaveFileHeader h;
  h.mandatory_flags = get32(&hdr[36]);
  h.optional_flags = get32(&hdr[40]);
  h.optional_data_len = get32(&hdr[44]);
  if (std::uint32_t bad = h.mandatory_flags & ~(kSaveFlagJson | kSaveFlagStreamV2)) {
    char m[120];
    std::snprintf(m, sizeof m, "Savefile has mandatory flag(s) 0x%x which are not supported; need newer xl", bad);
    return std::unexpected(inval(m));
  }
  // A legacy (pre-v2) stream would need Xen's conversion helper.
  if (!(h.mandatory_flags & kSaveFlagStreamV2))
    return std::unexpected(inval(source + ": a save file of Xen before 4.6 (legacy stream), which this xl does not restore"));
  // Bounded before allocating: the configuration is a few kilobytes.
  if (h.optional_data_len > (64u << 20))
    return std::unexpected(inval(source + ": optional data of " + std::to_string(h.optional_data_len) +
                                 " bytes: corrupt"));
  std::vector<unsigned char> opt(h.optional_data_len);
  if (!opt.empty()) {
    if (auto r = read_exactly(fd, opt.data(), opt.size(), source, "optdata"); !r) return std::unexpected(r.error());
  }
  if (!opt.empty()) {
    if (opt.size() < 4) return std::unexpected(inval("Savefile truncated."));
    std::uint32_t len = get32(opt.data());
    if (len > opt.size() - 4) return std::unexpected(inval("Savefile truncated."));
    if (len) {
      std::string text(reinterpret_cast<const char*>(&opt[4]), len);
      while (!text.empty() && text.back() == '\0') text.pop_back();
      h.config = std::move(text);
    }
  }
  return h;
}

}  // namespace libxl::domain
