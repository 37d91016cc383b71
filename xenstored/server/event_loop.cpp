#include "xenstored/server/event_loop.h"

#include <sched.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace xenstored {

namespace {

// True if the buffer ends inside a request, after a complete header.
bool ends_in_partial_frame(const std::string& in) {
  std::size_t off = 0;
  while (in.size() - off >= wire::kHeaderSize) {
    wire::Header h;
    std::memcpy(&h, in.data() + off, sizeof h);
    if (h.len > wire::kPayloadMax) return false;
    if (in.size() - off - wire::kHeaderSize < h.len) return true;
    off += wire::kHeaderSize + h.len;
  }
  return false;
}

}  // namespace

EventLoop::EventLoop(Engine& engine) : engine_(engine), epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
  if (!epoll_) throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  ::sigprocmask(SIG_BLOCK, &set, nullptr);
  signals_.reset(::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC));
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kSignalTag;
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, signals_.get(), &ev);
  std::signal(SIGPIPE, SIG_IGN);
}

void EventLoop::add_listener(UnixListener listener) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kListenerTag | listeners_.size();
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, listener.fd(), &ev);
  listeners_.push_back(std::move(listener));
}

Connection& EventLoop::add_connection(std::unique_ptr<Transport> t, DomId domid, bool privileged) {
  Connection& c = engine_.connect(domid, privileged);
  Entry& e = entries_[c.id()];
  e.transport = std::move(t);
  e.interest = EPOLLIN;
  if (e.transport->fd() >= 0) {
    epoll_event ev{};
    ev.events = e.interest;
    ev.data.u64 = c.id();
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, e.transport->fd(), &ev);
  }
  return c;
}

void EventLoop::drop_transport(std::uint64_t id) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  if (it->second.transport->fd() >= 0)
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, it->second.transport->fd(), nullptr);
  entries_.erase(it);
}

void EventLoop::close_connection(std::uint64_t id) {
  drop_transport(id);
  if (Connection* c = engine_.connection(id)) engine_.disconnect(*c);
}

void EventLoop::kick(std::uint64_t id) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  if (it->second.interest & EPOLLIN) on_readable(id, it->second);
  if (entries_.contains(id)) flush(id);
}

void EventLoop::add_source(int fd, std::function<void()> on_ready) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kSourceTag | sources_.size();
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev);
  sources_.push_back(std::move(on_ready));
}

void EventLoop::accept_all(UnixListener& l) {
  while (auto t = l.accept()) add_connection(std::move(t), 0, true);
}

void EventLoop::on_signal() {
  signalfd_siginfo si;
  while (::read(signals_.get(), &si, sizeof si) == sizeof si) {
    if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) stopping_ = true;
    if (si.ssi_signo == SIGHUP) engine_.reopen_trace_file();  // after log rotation
  }
}

void EventLoop::on_readable(std::uint64_t id, Entry& e) {
  Connection* c = engine_.connection(id);
  if (!c) return close_connection(id);
  std::string& in = c->input();
  // Read into the loop's buffer and append what came: growing the input
  // string to its full capacity first would zero 64 KiB per read.
  auto read_some = [&]() -> ssize_t {
    std::size_t room = kMaxBufferedInput > in.size() ? kMaxBufferedInput - in.size() : 0;
    if (room == 0) return -2;
    ssize_t n = e.transport->read(read_buffer_.data(), std::min(room, read_buffer_.size()));
    if (n > 0) in.append(read_buffer_.data(), std::size_t(n));
    return n;
  };
  ssize_t n = read_some();
  if (e.transport->fd() < 0) {
    // A ring: take all it holds now; the peer refills it after our notify.
    ssize_t more = n;
    while (more > 0) more = read_some();
    if (more == -1 && errno != EAGAIN) return close_connection(id);
    if (n > 0) process(id);
    if (Connection* c2 = engine_.connection(id); c2 && c2->pending_output() == 0)
      if (auto it = entries_.find(id); it != entries_.end()) update_interest(id, it->second);
    return;
  }
  if (n == -2) return update_interest(id, e);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) return close_connection(id);
  if (n > 0 && ends_in_partial_frame(in)) {
    // libxenstore writes a request's header and payload with two write()
    // calls, so we often wake up with only the header. Letting the client
    // run for a moment usually brings the rest and saves a whole round
    // through epoll and a context switch per request.
    ::sched_yield();
    if (read_some() == 0) return close_connection(id);
  }
  if (n > 0) process(id);
  // Replies queued by process() are written (and interest updated) by flush().
  if (Connection* c2 = engine_.connection(id); c2 && c2->pending_output() == 0)
    if (auto it = entries_.find(id); it != entries_.end()) update_interest(id, it->second);
}

void EventLoop::process(std::uint64_t id) {
  Connection* c = engine_.connection(id);
  if (!c) return;
  if (!engine_.process_input(*c, kRequestsPerTurn)) {
    // Protocol violation: send what is already answered, then hang up.
    c->close();
    c->input().clear();
    return flush(id);
  }
  if (engine_.has_ready_request(*c)) ready_.push_back(id);
}

void EventLoop::flush(std::uint64_t id) {
  auto it = entries_.find(id);
  Connection* c = engine_.connection(id);
  if (it == entries_.end() || !c) return;
  Entry& e = it->second;
  while (c->pending_output() > 0) {
    ssize_t n = e.transport->write(c->output().data() + c->output_sent(), c->pending_output());
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      return close_connection(id);
    }
    c->consume_output(std::size_t(n));
  }
  if (c->closing() && c->pending_output() == 0) return close_connection(id);
  update_interest(id, e);
}

void EventLoop::update_interest(std::uint64_t id, Entry& e) {
  Connection* c = engine_.connection(id);
  if (!c) return;
  std::uint32_t want = 0;
  // Stop reading from a client that does not read its replies or already
  // has a full buffer: back-pressure instead of unbounded memory.
  if (!c->closing() && c->input().size() < kMaxBufferedInput && c->pending_output() < (1u << 20))
    want |= EPOLLIN;
  if (c->pending_output() > 0) want |= EPOLLOUT;
  if (want == e.interest) return;
  if (e.transport->fd() < 0) {
    // No fd to wake us when reading may resume: try once the turn ends.
    if ((want & EPOLLIN) && !(e.interest & EPOLLIN)) pending_kicks_.push_back(id);
    e.interest = want;
    return;
  }
  e.interest = want;
  epoll_event ev{};
  ev.events = want;
  ev.data.u64 = id;
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, e.transport->fd(), &ev);
}

void EventLoop::run_once(int timeout_ms) {
  if (!ready_.empty() || !pending_kicks_.empty()) {
    timeout_ms = 0;
  } else if (auto deadline = engine_.next_wait_deadline()) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Engine::Clock::now());
    int ms = left.count() < 0 ? 0 : int(left.count());
    if (timeout_ms < 0 || ms < timeout_ms) timeout_ms = ms;
  }
  epoll_event events[64];
  int n = ::epoll_wait(epoll_.get(), events, 64, timeout_ms);
  if (n < 0 && errno != EINTR) throw std::runtime_error(std::string("epoll_wait: ") + std::strerror(errno));
  for (int i = 0; i < n; ++i) {
    std::uint64_t tag = events[i].data.u64;
    if (tag == kSignalTag) {
      on_signal();
      continue;
    }
    if (tag & kListenerTag) {
      accept_all(listeners_[tag & ~kListenerTag]);
      continue;
    }
    if (tag & kSourceTag) {
      sources_[tag & ~kSourceTag]();
      continue;
    }
    auto it = entries_.find(tag);
    if (it == entries_.end()) continue;
    if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(tag, it->second);
    if ((events[i].events & EPOLLOUT) && entries_.contains(tag)) flush(tag);
  }
  // Round-robin over connections whose requests did not fit in one turn.
  std::vector<std::uint64_t> again;
  again.swap(ready_);
  for (auto id : again) process(id);
  // Requests that waited for another transaction, in the order they came.
  for (auto id : engine_.take_woken()) process(id);
  for (auto id : engine_.take_dirty()) flush(id);
  std::vector<std::uint64_t> kicks;
  kicks.swap(pending_kicks_);
  for (auto id : kicks) kick(id);
  // Connections blocked on their outstanding quota may read again once
  // their output drained; flush() re-arms them, this catches the rest.
  for (auto id : again)
    if (auto it = entries_.find(id); it != entries_.end()) update_interest(id, it->second);
}

int EventLoop::run() {
  while (!stopping_) run_once(-1);
  return 0;
}

}  // namespace xenstored
