// A disk's virtual device name (xvda, xvdb3, hdc, sda1, d0p1, or a number)
// as the device number the frontend sees and XenStore paths use, encoded as
// Xen's docs/misc/vbd-interface.txt says.
#pragma once

#include <optional>
#include <string_view>

namespace libxl::device {

// nullopt when NAME is not a valid vdev.
std::optional<int> vdev_to_devid(std::string_view name);

}  // namespace libxl::device
