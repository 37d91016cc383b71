// How a connection's bytes move: a Unix socket today, a shared ring page
// with an event channel for guests. The event loop polls `fd()` and calls
// read/write; nothing above this layer knows which kind it has.
#pragma once

#include <cstddef>
#include <sys/types.h>

namespace xenstored {

class Transport {
 public:
  virtual ~Transport() = default;
  virtual int fd() const = 0;
  // Bytes read (0 = peer closed), or -1 with errno (EAGAIN: nothing now).
  virtual ssize_t read(char* buf, std::size_t len) = 0;
  // Bytes written, or -1 with errno (EAGAIN: try when writable).
  virtual ssize_t write(const char* buf, std::size_t len) = 0;
};

}  // namespace xenstored
