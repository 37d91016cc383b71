// A XenStore connection for watches alone, speaking the wire protocol
// (xs_wire.h) itself. Debian's libxenstore.a is built without its reader
// thread: a handle with a watch fails its next request and its watch fd
// never wakes, so a statically linked xl keeps libxenstore for requests and
// takes its watch events here. Single-threaded: events that arrive while a
// WATCH or UNWATCH waits for its reply are queued, and fd() (an epoll fd
// over the connection and an eventfd) stays readable while any is queued.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <utility>

#include "libxl/store/store.h"

namespace libxl::store {

class WatchConnection {
 public:
  // The daemon's socket ($XENSTORED_PATH, $XENSTORED_RUNDIR/socket or
  // /run/xenstored/socket), else the kernel's /dev/xen/xenbus.
  static Result<WatchConnection> open();
  WatchConnection(WatchConnection&&) noexcept;
  WatchConnection& operator=(WatchConnection&&) = delete;
  ~WatchConnection();

  Result<void> watch(const std::string& path, const std::string& token);
  Result<void> unwatch(const std::string& path, const std::string& token);
  int fd() const { return epoll_; }
  // Blocks until an event: (path, token).
  Result<std::pair<std::string, std::string>> read_event();

 private:
  WatchConnection(int conn, int epoll, int event) : conn_(conn), epoll_(epoll), event_(event) {}
  struct Message {
    std::uint32_t type = 0, req_id = 0;
    std::string payload;
  };
  Result<Message> receive();
  Result<void> request(std::uint32_t type, const std::string& payload, const char* op);
  void queue(const std::string& payload);
  int conn_ = -1, epoll_ = -1, event_ = -1;
  std::uint32_t next_id_ = 1;
  std::deque<std::pair<std::string, std::string>> queued_;
};

}  // namespace libxl::store
