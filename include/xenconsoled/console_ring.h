// A guest's console page (xen/io/console.h): the guest produces into `out`
// (2 KiB) what it prints and consumes from `in` (1 KiB) what is typed.
// Like the XenStore ring, nothing on the page is trusted: indices that claim
// more than a ring holds fail the console instead of reading past the page.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include <xen/io/console.h>

namespace xenconsoled {

class ConsoleRing {
 public:
  explicit ConsoleRing(std::shared_ptr<xencons_interface> page) : page_(std::move(page)) {}

  // Appends what the guest printed to `out` and frees its room; false when
  // the indices are corrupt.
  std::expected<std::size_t, int> take_output(std::string& out);
  // Copies as much of `in` as the input ring has room for; how much.
  std::expected<std::size_t, int> give_input(std::string_view in);

 private:
  std::shared_ptr<xencons_interface> page_;
};

}  // namespace xenconsoled
