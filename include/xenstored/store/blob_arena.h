// Storage for node names and values: size-classed blocks carved from large
// chunks and addressed by 32-bit handles, so a node costs no malloc header
// and no 8-byte pointer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace xenstored {

class BlobArena {
 public:
  using Handle = std::uint32_t;
  static constexpr Handle kNone = UINT32_MAX;
  static constexpr std::size_t kMaxBlock = 16 * 1024;

  Handle allocate(std::size_t bytes);
  void release(Handle h, std::size_t bytes);
  char* data(Handle h) {
    return chunks_[h >> kOffsetBits].get() + (std::size_t(h) & kOffsetMask) * kUnit;
  }
  const char* data(Handle h) const {
    return chunks_[h >> kOffsetBits].get() + (std::size_t(h) & kOffsetMask) * kUnit;
  }
  std::size_t bytes_reserved() const { return chunks_.size() * kChunkBytes; }

 private:
  static constexpr std::size_t kUnit = 4;
  static constexpr unsigned kOffsetBits = 18;  // 1 MiB chunks of 4-byte units
  static constexpr std::size_t kOffsetMask = (std::size_t(1) << kOffsetBits) - 1;
  static constexpr std::size_t kChunkBytes = (std::size_t(1) << kOffsetBits) * kUnit;

  static std::size_t units(std::size_t bytes) { return (bytes + kUnit - 1) / kUnit; }

  std::vector<std::unique_ptr<char[]>> chunks_;
  std::size_t used_units_in_last_ = 0;
  std::vector<Handle> free_lists_ = std::vector<Handle>(kMaxBlock / kUnit + 1, kNone);
};

}  // namespace xenstored
