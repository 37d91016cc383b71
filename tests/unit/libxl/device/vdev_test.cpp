// Virtual disk names to device numbers, as Xen's vbd-interface.txt encodes
// them (the xvdz value is the one Xen's libxl logged in the lab).
#include <doctest/doctest.h>

#include "libxl/device/vdev.h"

using libxl::device::vdev_to_devid;

TEST_CASE("vdev: xvd, hd, sd, dNpM and plain numbers") {
  CHECK(vdev_to_devid("xvda") == 51712);
  CHECK(vdev_to_devid("xvdb") == 51728);
  CHECK(vdev_to_devid("xvda1") == 51713);
  CHECK(vdev_to_devid("xvdp15") == (202 << 8 | 15 << 4 | 15));
  // Past 15 disks or partitions: the extended scheme.
  CHECK(vdev_to_devid("xvdq") == (1 << 28 | 16 << 8));
  CHECK(vdev_to_devid("xvdz") == 268441856);
  CHECK(vdev_to_devid("xvdaa") == (1 << 28 | 26 << 8));
  CHECK(vdev_to_devid("xvda16") == (1 << 28 | 16));
  CHECK(vdev_to_devid("hda") == 768);
  CHECK(vdev_to_devid("hdb") == 832);
  CHECK(vdev_to_devid("hdc") == 5632);
  CHECK(vdev_to_devid("hdd2") == (22 << 8 | 64 | 2));
  CHECK(vdev_to_devid("sda") == 2048);
  CHECK(vdev_to_devid("sdb1") == 2065);
  CHECK(vdev_to_devid("d0p1") == 51713);
  CHECK(vdev_to_devid("d16") == (1 << 28 | 16 << 8));
  CHECK(vdev_to_devid("51712") == 51712);
}

TEST_CASE("vdev: what is not a disk name") {
  for (const char* bad : {"", "xvd", "xvdA", "xvda0x", "hde", "hda64", "sdq", "sda16", "vda", "d", "dXp1", "0x10",
                          "012", "xvda01"})
    CHECK_MESSAGE(!vdev_to_devid(bad), bad);
}
