#include "xenstored/store/blob_arena.h"

#include <cstring>
#include <new>

namespace xenstored {

BlobArena::Handle BlobArena::allocate(std::size_t bytes) {
  std::size_t n = units(bytes ? bytes : 1);
  if (n * kUnit > kMaxBlock) throw std::bad_alloc();
  Handle& head = free_lists_[n];
  if (head != kNone) {
    Handle h = head;
    std::memcpy(&head, data(h), sizeof(Handle));  // freed blocks link through their first word
    return h;
  }
  if (chunks_.empty() || used_units_in_last_ + n > (std::size_t(1) << kOffsetBits)) {
    if (chunks_.size() >= (std::size_t(1) << (32 - kOffsetBits)) - 1) throw std::bad_alloc();
    // Fresh chunks are not zeroed: untouched pages then cost no memory.
    chunks_.emplace_back(new char[kChunkBytes]);
    used_units_in_last_ = 0;
  }
  Handle h = Handle((chunks_.size() - 1) << kOffsetBits) | Handle(used_units_in_last_);
  used_units_in_last_ += n;
  return h;
}

void BlobArena::release(Handle h, std::size_t bytes) {
  std::size_t n = units(bytes ? bytes : 1);
  std::memcpy(data(h), &free_lists_[n], sizeof(Handle));
  free_lists_[n] = h;
}

}  // namespace xenstored
