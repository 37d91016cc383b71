#include "libxl/config/devices/channel.h"

#include "libxl/json/writer.h"

namespace libxl::config::devices {

// Not written yet: fails so that callers report it instead of guessing.
std::expected<Channel, SpecError> parse_channel(std::string_view) {
  return std::unexpected(SpecError{"parsing channel specs is not implemented yet", false});
}

std::string_view to_string(ChannelConnection c) {
  static constexpr std::string_view n[] = {"unknown", "pty", "socket"};
  return n[int(c)];
}

void write_json(json::Writer& w, const Channel& c) {
  w.begin_object();
  put_uint(w, "backend_domid", c.backend_domid);
  put_string(w, "backend_domname", c.backend_domname);
  put_int(w, "devid", c.devid, kDevidDefault);
  put_string(w, "name", c.name);
  // libxl writes the keyed union as "connection.<member>": {...}.
  if (c.connection == ChannelConnection::Pty) {
    w.key("connection.pty").begin_object().end_object();
  } else if (c.connection == ChannelConnection::Socket) {
    w.key("connection.socket").begin_object();
    put_string(w, "path", c.socket_path);
    w.end_object();
  }
  w.end_object();
}

}  // namespace libxl::config::devices
