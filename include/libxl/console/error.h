// What can stop `xl console` from attaching, with the errno Xen's
// xenconsole would exit with (it exits with err(3)'s errno), so that xl
// can keep 4.17's exit statuses.
#pragma once

#include <expected>
#include <string>

namespace libxl::console {

struct Error {
  enum class Kind {
    NoDomain,  // the domain's type cannot be found: libxl's failure
    Dom0,      // xenconsole refuses domain 0
    NoTty,     // no usable tty at the XenStore path before the timeout
    Io,        // a read, write or poll failed while attached
    Stopped,   // the stop descriptor turned readable while waiting
  };
  Kind kind = Kind::Io;
  int err = 0;          // errno, 0 when there is none
  std::string message;  // in words, naming the path or domain
};
template <class T>
using Result = std::expected<T, Error>;

}  // namespace libxl::console
