#include "xenstored/protocol/wire.h"

#include <array>
#include <cerrno>
#include <utility>

namespace xenstored::wire {

namespace {

constexpr std::array<std::pair<int, std::string_view>, 16> kErrors{{
    {EINVAL, "EINVAL"},   {EACCES, "EACCES"}, {EEXIST, "EEXIST"}, {EISDIR, "EISDIR"},
    {ENOENT, "ENOENT"},   {ENOMEM, "ENOMEM"}, {ENOSPC, "ENOSPC"}, {EIO, "EIO"},
    {ENOTEMPTY, "ENOTEMPTY"}, {ENOSYS, "ENOSYS"}, {EROFS, "EROFS"}, {EBUSY, "EBUSY"},
    {EAGAIN, "EAGAIN"},   {EISCONN, "EISCONN"}, {E2BIG, "E2BIG"}, {EPERM, "EPERM"},
}};

constexpr std::array<std::string_view, kTypeCount> kTypeNames{
    "CONTROL", "DIRECTORY", "READ", "GET_PERMS", "WATCH", "UNWATCH",
    "TRANSACTION_START", "TRANSACTION_END", "INTRODUCE", "RELEASE",
    "GET_DOMAIN_PATH", "WRITE", "MKDIR", "RM", "SET_PERMS", "WATCH_EVENT",
    "ERROR", "IS_DOMAIN_INTRODUCED", "RESUME", "SET_TARGET", "RESTRICT",
    "RESET_WATCHES", "DIRECTORY_PART", "GET_FEATURE", "SET_FEATURE",
    "GET_QUOTA", "SET_QUOTA"};

}  // namespace

std::string_view type_name(Type t) {
  auto i = static_cast<std::uint32_t>(t);
  return i < kTypeNames.size() ? kTypeNames[i] : std::string_view("UNKNOWN");
}

std::string_view error_name(int err) {
  for (const auto& [num, name] : kErrors)
    if (num == err) return name;
  return "EINVAL";
}

std::optional<int> error_from_name(std::string_view name) {
  for (const auto& [num, n] : kErrors)
    if (n == name) return num;
  return std::nullopt;
}

}  // namespace xenstored::wire
