#include "xenstored/server/connection.h"

#include <cerrno>
#include <cstring>

namespace xenstored {

void Connection::send(wire::Type type, std::uint32_t req_id, std::uint32_t tx_id,
                      std::string_view payload) {
  // Nothing longer than the protocol allows may go out (clients drop the
  // connection): as in C xenstored, an over-long reply becomes E2BIG and an
  // over-long watch event is not sent.
  if (payload.size() > wire::kPayloadMax) {
    if (type != wire::Type::WatchEvent) send_error(req_id, tx_id, E2BIG);
    return;
  }
  wire::Header h{static_cast<std::uint32_t>(type), req_id, tx_id,
                 static_cast<std::uint32_t>(payload.size())};
  std::size_t at = out_.size();
  out_.resize(at + sizeof h + payload.size());
  std::memcpy(out_.data() + at, &h, sizeof h);
  if (!payload.empty()) std::memcpy(out_.data() + at + sizeof h, payload.data(), payload.size());
  ++queued_messages_;
}

void Connection::send_error(std::uint32_t req_id, std::uint32_t tx_id, int err) {
  auto name = wire::error_name(err);
  std::string payload(name);
  payload.push_back('\0');
  send(wire::Type::Error, req_id, tx_id, payload);
}

void Connection::consume_output(std::size_t n) {
  out_sent_ += n;
  if (out_sent_ == out_.size()) {
    out_.clear();
    out_sent_ = 0;
    queued_messages_ = 0;
  } else if (out_sent_ > 64 * 1024 && out_sent_ * 2 > out_.size()) {
    out_.erase(0, out_sent_);
    out_sent_ = 0;
  }
}

std::uint32_t Connection::next_transaction_id() {
  // Never 0 (no transaction), and never one still in use after wrap-around.
  do {
    ++last_tx_id_;
  } while (last_tx_id_ == 0 || transactions_.contains(last_tx_id_));
  return last_tx_id_;
}

}  // namespace xenstored
