// The libxl migration stream, v2 (Xen's docs/specs/libxl-migration-stream):
// a big-endian header ("LibxlFmt", version 2), then records of
// {type, length} in the host's byte order, each padded to 8 bytes. A PV or
// PVH domain's stream is LIBXC_CONTEXT (libxenguest's stream follows,
// unframed) and END.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "libxl/context.h"

namespace libxl::domain::stream {

enum RecordType : std::uint32_t {
  kEnd = 0,
  kLibxcContext = 1,
  kEmulatorXenstoreData = 2,
  kEmulatorContext = 3,
  kCheckpointEnd = 4,
  kCheckpointState = 5,
};

Result<void> write_header(int fd);
Result<void> write_record(int fd, RecordType type, const std::string& body = {});

// Reads the stream at FD up to its END record; at LIBXC_CONTEXT calls
// RESTORE_LIBXC, which reads libxenguest's part from the same fd. SOURCE
// names FD in messages.
Result<void> read(int fd, const std::string& source, const std::function<Result<void>()>& restore_libxc);

}  // namespace libxl::domain::stream
