// xl block-list/network-list/-detach over the test doubles; the expected
// tables and messages are Xen 4.17's xl's, from the lab capture of a guest
// with two disks and three nics (the capture branch, capture/devices/).
#include <doctest/doctest.h>

#include "../support/xl_run.h"

using xltest::run_xl;

namespace {

// Guest 3 as Xen's libxl and Linux's drivers leave it: xvda connected,
// xvdb not yet; nic 0 and 2 connected (split event channels, so no
// event-channel node).
void add_devices(fake::Host& h) {
  // Writes go through a store, which makes the parent directories.
  fake::Store store(h.store, h.store_extras);
  struct Setter {
    fake::Store& st;
    struct Ref {
      fake::Store& st;
      std::string path;
      void operator=(const std::string& v) { (void)st.write(0, path, v); }
    };
    Ref operator[](const std::string& p) { return Ref{st, p}; }
  } s{store};
  auto vbd = [&](int devid, const std::string& state, const std::string& evtch, const std::string& ring) {
    const std::string id = std::to_string(devid), fe = "/local/domain/3/device/vbd/" + id,
                      be = "/local/domain/0/backend/vbd/3/" + id;
    s["/libxl/3/device/vbd/" + id + "/frontend"] = fe;
    s["/libxl/3/device/vbd/" + id + "/backend"] = be;
    s[fe + "/backend"] = be;
    s[fe + "/backend-id"] = "0";
    s[fe + "/state"] = state;
    if (!evtch.empty()) s[fe + "/event-channel"] = evtch;
    if (!ring.empty()) s[fe + "/ring-ref"] = ring;
    s[be + "/state"] = state;
  };
  vbd(51712, "4", "8", "8");
  vbd(51728, "1", "", "");
  auto vif = [&](int devid, const std::string& mac, const std::string& tx, const std::string& rx) {
    const std::string id = std::to_string(devid), fe = "/local/domain/3/device/vif/" + id,
                      be = "/local/domain/0/backend/vif/3/" + id;
    s["/libxl/3/device/vif/" + id + "/frontend"] = fe;
    s["/libxl/3/device/vif/" + id + "/backend"] = be;
    s[fe + "/backend"] = be;
    s[fe + "/backend-id"] = "0";
    s[fe + "/state"] = "4";
    s[fe + "/tx-ring-ref"] = tx;
    s[fe + "/rx-ring-ref"] = rx;
    s[fe + "/event-channel-tx"] = "14";
    s[be + "/mac"] = mac;
    s[be + "/state"] = "4";
  };
  vif(0, "00:16:3e:59:9c:24", "522", "523");
  vif(2, "00:16:3e:59:7f:df", "1550", "1551");
}

}  // namespace

TEST_CASE("xl block-list: xl's table, unknown domains skipped") {
  auto h = xltest::small_host();
  add_devices(h);
  auto r = run_xl(h, {"block-list", "guest", "nosuch", "0"});
  CHECK(r.rc == 0);
  CHECK(r.out ==
        "Vdev  BE  handle state evt-ch ring-ref BE-path                       \n"
        "51712 0   3      4     8      8        /local/domain/0/backend/vbd/3/51712\n"
        "51728 0   3      1     -1     -1       /local/domain/0/backend/vbd/3/51728\n");
  CHECK(r.err == "nosuch is an invalid domain identifier\n");
  auto none = run_xl(h, {"block-list"});
  CHECK(none.rc == 2);
  CHECK(none.err.starts_with("'xl block-list' requires at least 1 argument.\n"));
}

TEST_CASE("xl network-list: xl's table; an unknown domain ends it") {
  auto h = xltest::small_host();
  add_devices(h);
  auto r = run_xl(h, {"network-list", "guest"});
  CHECK(r.rc == 0);
  CHECK(r.out ==
        "Idx BE Mac Addr.         handle state evt-ch   tx-/rx-ring-ref BE-path                       \n"
        "0   0  00:16:3e:59:9c:24     0     4     -1   522/523         /local/domain/0/backend/vif/3/0\n"
        "2   0  00:16:3e:59:7f:df     2     4     -1  1550/1551        /local/domain/0/backend/vif/3/2\n");
  auto bad = run_xl(h, {"network-list", "nosuch"});
  CHECK(bad.rc == 1);
  CHECK(bad.err == "nosuch is an invalid domain identifier (rc=-6)\n");
  CHECK(bad.out == "Idx BE Mac Addr.         handle state evt-ch   tx-/rx-ring-ref BE-path                       \n");
}

TEST_CASE("xl block-detach and network-detach: a device the domain does not have") {
  auto h = xltest::small_host();
  add_devices(h);
  for (const char* which : {"xvdz", "51999", "nonsense"}) {
    auto r = run_xl(h, {"block-detach", "guest", which});
    CHECK(r.rc == 1);
    CHECK(r.err == std::string("Error: Device ") + which + " not connected.\n");
  }
  for (const char* which : {"7", "00:11:22:33:44:55"}) {
    auto r = run_xl(h, {"network-detach", "guest", which});
    CHECK(r.rc == 1);
    CHECK(r.err == std::string("Unknown device ") + which + ".\n");
  }
  auto r = run_xl(h, {"block-attach", "nosuch", "/tmp/x.img,raw,xvdc"});
  CHECK(r.rc == 1);
  CHECK(r.err == "nosuch is an invalid domain identifier\n");
  r = run_xl(h, {"block-attach", "guest", "/tmp/x.img"});
  CHECK(r.rc == 1);
  CHECK(r.err == "command line: config parsing error in disk specification: no vdev specified in `/tmp/x.img'\n");
  r = run_xl(h, {"network-attach", "guest", "mac=zz"});
  CHECK(r.rc == 1);
  CHECK(r.err == "Invalid parameter `mac'.\n");
}
