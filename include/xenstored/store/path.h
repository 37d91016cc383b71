// XenStore path rules (docs/misc/xenstore.txt): absolute paths of
// [A-Za-z0-9-/_@], no empty components, no trailing slash but for the root;
// relative paths are taken from the caller's /local/domain/<domid>.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "xenstored/store/permissions.h"

namespace xenstored::path {

std::string domain_path(DomId domid);

// Makes `in` absolute and checks it. `max_relative` bounds the part below the
// caller's own domain path (the path-max quota of unprivileged callers).
// errno EINVAL for a malformed or too long path.
inline constexpr std::size_t kNoLimit = SIZE_MAX;
std::expected<std::string, int> canonicalize(std::string_view in, DomId caller,
                                             std::size_t max_relative = kNoLimit);

// Watch paths may also be "@<anything printable>" special event names.
std::expected<std::string, int> canonicalize_watch(std::string_view in, DomId caller,
                                                   std::size_t max_relative = kNoLimit);

bool is_special(std::string_view p);
bool is_valid_absolute(std::string_view p);

// Parent of an absolute path ("/" for "/a"); the root has none ("").
std::string_view parent(std::string_view p);
std::string_view basename(std::string_view p);

// True when `child` equals `ancestor` or lies below it.
bool is_child_of(std::string_view child, std::string_view ancestor);

// Number of components of `child` below `ancestor` (child must be below).
std::size_t depth_below(std::string_view child, std::string_view ancestor);

}  // namespace xenstored::path
