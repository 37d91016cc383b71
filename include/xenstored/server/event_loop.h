// The daemon's single-threaded loop: epoll over listeners, connections and
// signals; reads requests into the engine and writes its replies back.
// Fairness: each connection gets a bounded number of requests per turn, so a
// flooding client delays only itself.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "xenstored/server/engine.h"
#include "xenstored/transport/transport.h"
#include "xenstored/transport/unix_socket.h"
#include "xenstored/util/fd.h"

namespace xenstored {

class EventLoop {
 public:
  static constexpr std::size_t kRequestsPerTurn = 32;
  static constexpr std::size_t kMaxBufferedInput = 64 * 1024;

  explicit EventLoop(Engine& engine);

  void add_listener(UnixListener listener);
  // Serves `t` as a connection of `domid`; returns the engine's connection.
  Connection& add_connection(std::unique_ptr<Transport> t, DomId domid, bool privileged);
  void close_connection(std::uint64_t id);

  // Runs until SIGTERM/SIGINT (or stop()); returns the exit status.
  int run();
  // One turn: waits at most timeout_ms (-1: until something happens).
  void run_once(int timeout_ms);
  void stop() { stopping_ = true; }
  bool stopping() const { return stopping_; }

 private:
  struct Entry {
    std::unique_ptr<Transport> transport;
    std::uint32_t interest = 0;
  };
  static constexpr std::uint64_t kListenerTag = 1ull << 63;
  static constexpr std::uint64_t kSignalTag = (1ull << 63) - 1;

  void on_readable(std::uint64_t id, Entry& e);
  void process(std::uint64_t id);
  void flush(std::uint64_t id);
  void update_interest(std::uint64_t id, Entry& e);
  void accept_all(UnixListener& l);
  void on_signal();

  Engine& engine_;
  UniqueFd epoll_;
  UniqueFd signals_;
  std::vector<UnixListener> listeners_;
  std::unordered_map<std::uint64_t, Entry> entries_;
  std::vector<std::uint64_t> ready_;  // connections with requests left over
  std::array<char, kMaxBufferedInput> read_buffer_;
  bool stopping_ = false;
};

}  // namespace xenstored
