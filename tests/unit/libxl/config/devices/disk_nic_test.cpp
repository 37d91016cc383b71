#include <doctest/doctest.h>

#include "libxl/config/devices/disk.h"
#include "libxl/config/devices/nic.h"
#include "libxl/config/devices/pci.h"
#include "libxl/json/writer.h"

namespace dev = libxl::config::devices;

TEST_CASE("disk: positional and keyed forms agree") {
  auto a = dev::parse_disk("/dev/vg/guest-volume,raw,hda,rw");
  auto b = dev::parse_disk("format=raw, vdev=hda, access=rw, target=/dev/vg/guest-volume");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(*a->pdev_path == "/dev/vg/guest-volume");
  CHECK(*b->vdev == "hda");
  CHECK(a->format == dev::DiskFormat::Raw);
  CHECK(b->readwrite == 1);
}

TEST_CASE("disk: empty cdrom and deprecated prefixes") {
  auto d = dev::parse_disk(",,hdc:cdrom,r");
  REQUIRE(d);
  CHECK(d->format == dev::DiskFormat::Empty);
  CHECK(d->is_cdrom == 1);
  auto s = dev::parse_disk("drbd:app01,hda,w");
  REQUIRE(s);
  CHECK(*s->script == "block-drbd");
  CHECK(*s->pdev_path == "app01");
}

TEST_CASE("disk: errors name the offending part") {
  auto e = dev::parse_disk("foo");
  REQUIRE(!e);
  CHECK(e.error().render("command line") ==
        "command line: config parsing error in disk specification: no vdev specified in `foo'\n");
  auto u = dev::parse_disk("foo=bar,vdev=xvda,target=/x");
  REQUIRE(!u);
  CHECK(u.error().message.find("unknown parameter: near `foo=b'") != std::string::npos);
  CHECK(!dev::parse_disk("zz:/x,xvda"));
  CHECK(!dev::parse_disk("a=,xvda"));
}

TEST_CASE("disk: trusted is accepted and written as a defbool") {
  std::string_view parts[] = {"trusted", "vdev=hda", "target=/x"};
  auto d = dev::parse_disk(parts);
  REQUIRE(d);
  libxl::json::Writer w;
  dev::write_json(w, *d);
  CHECK(w.str().find("\"trusted\": \"True\"") != std::string::npos);
}

TEST_CASE("vif: rate units, intervals and overflow") {
  auto r = dev::parse_rate("16Mb/s@50ms");
  REQUIRE(r);
  CHECK(r->bytes_per_interval == 100000);
  CHECK(r->interval_usecs == 50000);
  CHECK(dev::parse_rate("10MB/s@1s")->bytes_per_interval == 10000000);
  CHECK(dev::parse_rate("4294967296b/s").error().message.find("rate overflow") != std::string::npos);
  CHECK(dev::parse_rate("1B/s@4295s").error().message.find("interval overflow") != std::string::npos);
  CHECK(dev::parse_rate("@").error().message.find("no rate specified") != std::string::npos);
}

TEST_CASE("vif: keys, MAC and unknown arguments") {
  std::vector<std::string> warnings;
  auto n = dev::parse_nic("mac=00:16:3e:00:00:01, bridge=br0,accel=x,type=ioemu,mtu=9000", &warnings);
  REQUIRE(n);
  CHECK(dev::format_mac(n->mac) == "00:16:3e:00:00:01");
  CHECK(*n->bridge == "br0");
  CHECK(n->nictype == dev::NicType::VifIoemu);
  CHECK(n->mtu == 9000);
  CHECK(warnings.size() == 1);
  CHECK(!dev::parse_nic("mac=zz"));
  auto u = dev::parse_nic("foo=bar");
  REQUIRE(!u);
  CHECK(u.error().render("x") == "unrecognized argument `foo=bar'\n");
}

TEST_CASE("pci: BDF, vslot and options") {
  auto p = dev::parse_pci("0000:01:1a.1@5,permissive=1,rdm_policy=strict");
  REQUIRE(p);
  CHECK(p->bus == 1);
  CHECK(p->dev == 0x1a);
  CHECK(p->func == 1);
  CHECK(p->vdevfn == 40);
  CHECK(p->permissive);
  CHECK(p->rdm_policy == dev::RdmPolicy::Strict);
  CHECK(dev::parse_pci("02:00.*")->vfunc_mask == 0xffffffffu);
  CHECK(!dev::parse_pci("01:00.8"));
  CHECK(!dev::parse_pci("01:00.0,foo=1"));
}
