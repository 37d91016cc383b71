#include <doctest/doctest.h>

#include "libxl/config/devices/channel.h"
#include "libxl/config/devices/usbctrl.h"
#include "libxl/config/devices/usbdev.h"
#include "libxl/json/writer.h"

namespace dev = libxl::config::devices;

TEST_CASE("channel: socket and pty connections") {
  auto s = dev::parse_channel("connection=socket,path=/run/s,name=org.qemu.guest_agent.0");
  REQUIRE(s);
  CHECK(s->connection == dev::ChannelConnection::Socket);
  CHECK(*s->socket_path == "/run/s");
  CHECK(*s->name == "org.qemu.guest_agent.0");
  auto p = dev::parse_channel(" name = a , connection = pty ,backend=d1");
  REQUIRE(p);
  CHECK(p->connection == dev::ChannelConnection::Pty);
  CHECK(*p->name == "a");
  CHECK(*p->backend_domname == "d1");
  CHECK(!p->socket_path);  // path= only matters for sockets
}

TEST_CASE("channel: unknown keys are a warning, the rest errors") {
  std::vector<std::string> notes;
  auto c = dev::parse_channel("connection=pty,foo=bar", &notes);
  REQUIRE(c);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] == "unknown channel parameter 'foo', ignoring");
  auto msg = [](std::string_view spec) {
    auto r = dev::parse_channel(spec);
    REQUIRE(!r);
    return r.error().message;
  };
  CHECK(msg("name=a") == "channel has unknown 'connection'");
  CHECK(msg("connection=socket") == "channel connection 'socket' requires path=..");
  CHECK(msg("connection=tcp") == "unknown channel connection 'tcp'");
  CHECK(msg("connection") == "failed to parse channel configuration: connection");
}

TEST_CASE("channel: JSON keys the connection union") {
  auto s = dev::parse_channel("connection=socket,path=/p");
  REQUIRE(s);
  libxl::json::Writer w;
  dev::write_json(w, *s);
  CHECK(w.str().find("\"connection.socket\"") != std::string::npos);
  CHECK(w.str().find("\"path\": \"/p\"") != std::string::npos);
}

TEST_CASE("usbctrl: type is case-blind, numbers are atoi") {
  auto u = dev::parse_usbctrl("type=QUSB, version=2,ports=6x,,");
  REQUIRE(u);
  CHECK(u->type == dev::UsbctrlType::Qusb);
  CHECK(u->version == 2);
  CHECK(u->ports == 6);
  auto v = dev::parse_usbctrl("version=x");
  REQUIRE(v);
  CHECK(v->version == 0);
  CHECK(dev::parse_usbctrl("type=bogus").error().message ==
        "Invalid usb controller type 'bogus'");
  CHECK(dev::parse_usbctrl("foo=1").error().message == "Unknown string `foo=1' in usbctrl spec");
  // strtok keeps a part of spaces; xl then sees an empty option.
  CHECK(dev::parse_usbctrl(", ,").error().message == "Unknown string `' in usbctrl spec");
}

TEST_CASE("usbdev: host bus and address are C numbers truncated to a byte") {
  auto u = dev::parse_usbdev("type=hostdev,hostbus=0x101,hostaddr=010,controller=2,port=-1");
  REQUIRE(u);
  CHECK(u->type == dev::UsbdevType::Hostdev);
  CHECK(u->hostbus == 1);
  CHECK(u->hostaddr == 8);
  CHECK(u->ctrl == 2);
  CHECK(u->port == -1);
  auto d = dev::parse_usbdev("hostbus=1,hostaddr=3");
  REQUIRE(d);
  CHECK(d->type == dev::UsbdevType::Unset);
  CHECK(d->ctrl == dev::kDevidDefault);
  CHECK(dev::parse_usbdev("type=foo").error().message == "Invalid usb device type: (null)");
  CHECK(dev::parse_usbdev("hostbus").error().message == "Unknown string `hostbus' in usbdev spec");
}

TEST_CASE("usbdev: JSON writes the hostdev union only when typed") {
  libxl::json::Writer a;
  dev::write_json(a, *dev::parse_usbdev("hostbus=1,hostaddr=3"));
  CHECK(a.str().find("hostdev") == std::string::npos);
  libxl::json::Writer b;
  dev::write_json(b, *dev::parse_usbdev("type=hostdev,hostbus=1,hostaddr=3"));
  CHECK(b.str().find("\"type.hostdev\"") != std::string::npos);
}
