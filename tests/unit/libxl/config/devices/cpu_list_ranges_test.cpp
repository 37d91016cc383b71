#include <doctest/doctest.h>

#include "libxl/config/devices/cpu_bitmap.h"
#include "libxl/config/devices/ranges.h"
#include "libxl/json/writer.h"

namespace dev = libxl::config::devices;

namespace {

dev::HostTopology host8() {
  dev::HostTopology h;
  h.nr_cpus = 8;
  for (int i = 0; i < 8; ++i) h.cpu_to_node.push_back(i / 4);
  return h;
}

std::string json(const dev::CpuBitmap& b) {
  libxl::json::Writer w;
  dev::write_json(w, b);
  std::string s = w.str();
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\n') out += c;
  return out;
}

}  // namespace

TEST_CASE("cpu list: ranges, exclusions, nodes and all") {
  CHECK(json(*dev::parse_cpu_list("0-3,^2", host8())) == "[0,1,3]");
  CHECK(json(*dev::parse_cpu_list("1,,2", host8())) == "[1,2]");
  CHECK(json(*dev::parse_cpu_list("node:1", host8())) == "[4,5,6,7]");
  CHECK(json(*dev::parse_cpu_list("nodes:0-1,^node:0", host8())) == "[4,5,6,7]");
  CHECK(json(*dev::parse_cpu_list("all,^0", host8())) == "[1,2,3,4,5,6,7]");
  CHECK(json(*dev::parse_cpu_list("nodes:all", host8())) == "[0,1,2,3,4,5,6,7]");
  CHECK(json(*dev::parse_cpu_list("", host8())) == "[]");
}

TEST_CASE("cpu list: cpus past the host are dropped silently") {
  CHECK(json(*dev::parse_cpu_list("70", host8())) == "[]");
  CHECK(json(*dev::parse_cpu_list("0-3,^70", host8())) == "[0,1,2,3]");
}

TEST_CASE("cpu list: errors in xl's words") {
  auto msg = [](std::string_view spec) {
    auto r = dev::parse_cpu_list(spec, host8());
    REQUIRE(!r);
    CHECK(!r.error().needs_source);
    return r.error().message;
  };
  CHECK(msg("x") == "Invalid pcpu range: x.");
  CHECK(msg("3-1") == "Invalid pcpu range: 3-1.");
  CHECK(msg("1-") == "Invalid pcpu range: 1-.");
  CHECK(msg("^node:x") == "Invalid pcpu range: x.");
  CHECK(msg("^all") == "Can't combine \"^\" and \"all\".");
}

TEST_CASE("ioports: hex ranges as xl reads them") {
  auto a = dev::parse_ioport_range("3f8-3ff");
  REQUIRE(a);
  CHECK(a->first == 0x3f8);
  CHECK(a->number == 8);
  auto b = dev::parse_ioport_range("0x10");
  REQUIRE(b);
  CHECK(b->first == 0x10);
  CHECK(b->number == 1);
  // A reversed range is not caught: the count wraps.
  auto c = dev::parse_ioport_range("10-5");
  REQUIRE(c);
  CHECK(c->number == std::uint32_t(0x5 - 0x10 + 1));
  // Junk after a lone port is only reported.
  std::vector<std::string> notes;
  auto d = dev::parse_ioport_range("10x", &notes);
  REQUIRE(d);
  CHECK(d->first == 0x10);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] == "xl: Invalid argument parsing ioport: 10x");
  CHECK(dev::parse_ioport_range("zz").error().message == "xl: Invalid argument parsing ioport: zz");
  CHECK(dev::parse_ioport_range("1-2x").error().message ==
        "xl: Invalid argument parsing ioport: 1-2x");
  CHECK(dev::parse_ioport_range("ffffffff").error().message == "xl: ioport ffffffff too big");
  CHECK(dev::parse_ioport_range("1-ffffffff").error().message == "xl: ioport ffffffff too big");
}

TEST_CASE("irqs: decimal, whole, below 2^32-1") {
  CHECK(*dev::parse_irq("7") == 7);
  CHECK(*dev::parse_irq(" 5") == 5);
  CHECK(dev::parse_irq("7x").error().message == "xl: Invalid argument parsing irq: 7x");
  CHECK(dev::parse_irq("").error().message == "xl: Invalid argument parsing irq: ");
  CHECK(dev::parse_irq("4294967295").error().message == "xl: irq ffffffff too big");
  CHECK(dev::parse_irq("-1").error().message == "xl: irq ffffffffffffffff too big");
}

TEST_CASE("iomem: START,NUM[@GFN] in hex") {
  auto a = dev::parse_iomem_range("1000,10@2000");
  REQUIRE(a);
  CHECK(a->start == 0x1000);
  CHECK(a->number == 0x10);
  CHECK(a->gfn == 0x2000);
  auto b = dev::parse_iomem_range(" 0x10, 5");
  REQUIRE(b);
  CHECK(b->start == 0x10);
  CHECK(b->number == 5);
  CHECK(b->gfn == dev::kInvalidGfn);
  for (auto bad : {"1000", "1000,10@", "10,5@x", "10,5x"})
    CHECK(dev::parse_iomem_range(bad).error().message ==
          "xl: Invalid argument parsing iomem: " + std::string(bad));
  libxl::json::Writer w;
  dev::write_json(w, *b);
  CHECK(w.str().find("gfn") == std::string::npos);
}
