#include "libxl/config/devices/channel.h"

#include <cctype>
#include <string>
#include <vector>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

namespace {

SpecError fail(std::string msg) { return SpecError{std::move(msg), false}; }

}  // namespace

std::expected<Channel, SpecError> parse_channel(std::string_view spec,
                                                std::vector<std::string>* warnings) {
  Channel chn;
  OptString path;
  for (auto part : strtok_split(spec, ",")) {
    auto pair = strtok_split(part, "=");
    // xl prints this one without a newline.
    if (pair.size() < 2)
      return std::unexpected(fail("failed to parse channel configuration: " + std::string(part)));
    std::string key = trim(pair[0]);
    std::string value = trim(pair[1]);
    if (key == "backend") {
      chn.backend_domname = value;
    } else if (key == "name") {
      chn.name = value;
    } else if (key == "path") {
      path = value;
    } else if (key == "connection") {
      if (value == "pty") chn.connection = ChannelConnection::Pty;
      else if (value == "socket") chn.connection = ChannelConnection::Socket;
      else return std::unexpected(fail("unknown channel connection '" + value + "'"));
    } else if (warnings) {
      warnings->push_back("unknown channel parameter '" + key + "', ignoring");
    }
  }
  switch (chn.connection) {
    case ChannelConnection::Unknown:
      return std::unexpected(fail("channel has unknown 'connection'"));
    case ChannelConnection::Socket:
      if (!path) return std::unexpected(fail("channel connection 'socket' requires path=.."));
      chn.socket_path = path;
      break;
    case ChannelConnection::Pty:
      break;
  }
  return chn;
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
