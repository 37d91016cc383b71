#include "stream.h"

#include <endian.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <vector>

#include "libxl/domain/save_file.h"

namespace libxl::domain::stream {

namespace {

constexpr std::uint64_t kIdent = 0x4c6962786c466d74ull;  // "LibxlFmt"
constexpr std::uint32_t kVersion = 2;
constexpr std::uint32_t kOptBigEndian = 1u << 0;
// Far above anything a PV/PVH stream carries at this level; a corrupt
// length must not make us allocate gigabytes.
constexpr std::uint32_t kMaxBody = 16u << 20;

std::size_t padded(std::size_t n) { return (n + 7) & ~std::size_t{7}; }

Error bad(const std::string& m) { return Error{ErrorCode::Fail, m}; }

}  // namespace

Result<void> write_header(int fd) {
  unsigned char h[16];
  const std::uint64_t ident = htobe64(kIdent);
  const std::uint32_t version = htobe32(kVersion), options = 0;  // little-endian host
  std::memcpy(h, &ident, 8);
  std::memcpy(h + 8, &version, 4);
  std::memcpy(h + 12, &options, 4);
  return write_exactly(fd, h, sizeof h, "the stream header");
}

Result<void> write_record(int fd, RecordType type, const std::string& body) {
  std::vector<unsigned char> buf(8 + padded(body.size()), 0);
  const std::uint32_t t = type, len = std::uint32_t(body.size());
  std::memcpy(buf.data(), &t, 4);
  std::memcpy(buf.data() + 4, &len, 4);
  std::memcpy(buf.data() + 8, body.data(), body.size());
  return write_exactly(fd, buf.data(), buf.size(), "a stream record");
}

Result<void> read(int fd, const std::string& source, const std::function<Result<void>()>& restore_libxc) {
  unsigned char h[16];
  if (auto r = read_exactly(fd, h, sizeof h, source, "the stream header"); !r) return r;
  std::uint64_t ident;
  std::uint32_t version, options;
  std::memcpy(&ident, h, 8);
  std::memcpy(&version, h + 8, 4);
  std::memcpy(&options, h + 12, 4);
  ident = be64toh(ident);
  version = be32toh(version);
  options = be32toh(options);
  char m[120];
  if (ident != kIdent) {
    std::snprintf(m, sizeof m, "Invalid ident: expected 0x%016" PRIx64 ", got 0x%016" PRIx64, kIdent, ident);
    return std::unexpected(bad(source + ": " + m));
  }
  if (version != kVersion) {
    std::snprintf(m, sizeof m, "Unexpected Version: expected %u, got %u", kVersion, version);
    return std::unexpected(bad(source + ": " + m));
  }
  if (options & kOptBigEndian) return std::unexpected(bad(source + ": Unable to handle big endian streams"));

  bool restored = false;
  for (;;) {
    unsigned char rh[8];
    if (auto r = read_exactly(fd, rh, sizeof rh, source, "a record header"); !r) return r;
    std::uint32_t type, len;
    std::memcpy(&type, rh, 4);
    std::memcpy(&len, rh + 4, 4);
    if (len > kMaxBody) {
      std::snprintf(m, sizeof m, "record 0x%08x of %u bytes: corrupt stream", type, len);
      return std::unexpected(bad(source + ": " + m));
    }
    std::vector<unsigned char> body(padded(len));
    if (!body.empty()) {
      if (auto r = read_exactly(fd, body.data(), body.size(), source, "a record"); !r) return r;
    }
    switch (type) {
      case kEnd:
        if (!restored) return std::unexpected(bad(source + ": the stream ended before the domain's memory"));
        return {};
      case kLibxcContext:
        if (restored) return std::unexpected(bad(source + ": a second LIBXC_CONTEXT record"));
        if (auto r = restore_libxc(); !r) return r;
        restored = true;
        break;
      // What only HVM guests with a device model carry.
      case kEmulatorXenstoreData:
        return std::unexpected(bad(source + ": Received a xenstore emulator record when none was expected"));
      case kEmulatorContext:
        return std::unexpected(bad(source + ": Received an emulator context record when none was expected"));
      case kCheckpointEnd:
        return std::unexpected(bad(source + ": Unexpected CHECKPOINT_END record in stream"));
      default:
        std::snprintf(m, sizeof m, "Unrecognised record 0x%08x", type);
        return std::unexpected(bad(source + ": " + m));
    }
  }
}

}  // namespace libxl::domain::stream
