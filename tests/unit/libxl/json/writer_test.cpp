#include <doctest/doctest.h>

#include "libxl/json/writer.h"

using libxl::json::Writer;

TEST_CASE("json writer: xl's layout, four-space indents, members in order") {
  Writer w;
  w.begin_object()
      .member("pdev_path", "/dev/vg/guest-volume")
      .member("vdev", "hda")
      .member("readwrite", 1)
      .member("big", std::uint64_t(18446744073709551615ull))
      .member("flag", true);
  w.key("list").begin_array().integer(0).end_array();
  w.end_object();
  CHECK(w.str() ==
        "{\n"
        "    \"pdev_path\": \"/dev/vg/guest-volume\",\n"
        "    \"vdev\": \"hda\",\n"
        "    \"readwrite\": 1,\n"
        "    \"big\": 18446744073709551615,\n"
        "    \"flag\": true,\n"
        "    \"list\": [\n"
        "        0\n"
        "    ]\n"
        "}\n");
}
