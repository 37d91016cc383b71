// The dom0 transport: a listening Unix socket and its accepted streams.
#pragma once

#include <expected>
#include <memory>
#include <string>

#include "xenstored/transport/transport.h"
#include "xenstored/util/fd.h"

namespace xenstored {

class UnixSocketTransport final : public Transport {
 public:
  explicit UnixSocketTransport(UniqueFd fd) : fd_(std::move(fd)) {}
  int fd() const override { return fd_.get(); }
  ssize_t read(char* buf, std::size_t len) override;
  ssize_t write(const char* buf, std::size_t len) override;

 private:
  UniqueFd fd_;
};

class UnixListener {
 public:
  // Binds `path` (replacing a stale socket file), mode 0600, non-blocking.
  static std::expected<UnixListener, std::string> listen(const std::string& path);
  UnixListener(UnixListener&&) = default;
  ~UnixListener();
  int fd() const { return fd_.get(); }
  const std::string& path() const { return path_; }
  // An accepted connection, or null when none is pending.
  std::unique_ptr<UnixSocketTransport> accept();

 private:
  UnixListener(UniqueFd fd, std::string path) : fd_(std::move(fd)), path_(std::move(path)) {}
  UniqueFd fd_;
  std::string path_;
};

}  // namespace xenstored
