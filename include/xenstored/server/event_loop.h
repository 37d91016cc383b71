// The daemon's single-threaded loop: epoll over listeners, connections and
// signals; reads requests into the engine and writes its replies back.
// Fairness: each connection gets a bounded number of requests per turn, so a
// flooding client delays only itself.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
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
  // Forgets a connection's transport without closing the engine's side
  // (the caller disconnects it, e.g. on a domain's release).
  void drop_transport(std::uint64_t id);
  // Something happened on a connection whose transport has no fd (a shared
  // ring): read what came, run it, write what is pending.
  void kick(std::uint64_t id);
  // Calls `on_ready` whenever `fd` is readable (the event channel device).
  void add_source(int fd, std::function<void()> on_ready);

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
  static constexpr std::uint64_t kSourceTag = 1ull << 62;

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
  std::vector<std::function<void()>> sources_;
  // Ring connections that may read again (no fd to wake them up).
  std::vector<std::uint64_t> pending_kicks_;
  std::array<char, kMaxBufferedInput> read_buffer_;
  bool stopping_ = false;
};

}  // namespace xenstored
