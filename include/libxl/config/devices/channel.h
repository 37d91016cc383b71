// Mirrors libxl_device_channel (Xen 4.17's libxl_types.idl) and parses
// xl.cfg's channel entries ("name=...,connection=socket,path=...").
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "libxl/config/devices/common.h"

namespace libxl::config::devices {

enum class ChannelConnection { Unknown, Pty, Socket };
std::string_view to_string(ChannelConnection c);

struct Channel {
  std::uint32_t backend_domid = 0;
  OptString backend_domname;
  int devid = kDevidDefault;
  OptString name;
  ChannelConnection connection = ChannelConnection::Unknown;
  OptString socket_path;  // u.socket.path
};

// Parts split at commas, each "key = value" (spaces trimmed). Unknown keys
// are skipped with a note appended to `warnings`; a bad connection, none, or
// a socket without path= fail.
std::expected<Channel, SpecError> parse_channel(std::string_view spec,
                                                std::vector<std::string>* warnings = nullptr);

void write_json(json::Writer& w, const Channel& c);

}  // namespace libxl::config::devices
