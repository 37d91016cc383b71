// The PVH guest's ACPI tables: found from the RSDP the way a kernel finds
// them, with valid checksums, a MADT listing each vCPU and a FADT saying
// hardware-reduced.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "../../../../libxl/domain/pvh_acpi.h"

namespace {

using Modules = std::vector<libxl::hypervisor::BootImage::AcpiModule>;

std::uint64_t le(const std::uint8_t* p, int n) {
  std::uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// The bytes at guest address A, from whichever module holds it.
const std::uint8_t* at(const Modules& m, std::uint64_t a) {
  for (const auto& x : m) {
    if (a >= x.guest_addr && a < x.guest_addr + x.data.size()) return x.data.data() + (a - x.guest_addr);
  }
  return nullptr;
}

bool sums_to_zero(const std::uint8_t* p, std::size_t n) {
  std::uint8_t s = 0;
  for (std::size_t i = 0; i < n; ++i) s = std::uint8_t(s + p[i]);
  return s == 0;
}

}  // namespace

TEST_CASE("PVH ACPI: RSDP -> XSDT -> FADT (hardware-reduced, DSDT) and MADT (one LAPIC per vCPU)") {
  Modules m = libxl::domain::pvh_acpi_tables({true, true, false});
  REQUIRE(m.size() == 3);
  const auto* rsdp = m[0].data.data();
  CHECK(std::string(rsdp, rsdp + 8) == "RSD PTR ");
  CHECK(rsdp[15] == 2);
  CHECK(sums_to_zero(rsdp, 20));
  CHECK(sums_to_zero(rsdp, 36));
  const auto* xsdt = at(m, le(rsdp + 24, 8));
  REQUIRE(xsdt);
  CHECK(std::string(xsdt, xsdt + 4) == "XSDT");
  CHECK(sums_to_zero(xsdt, le(xsdt + 4, 4)));
  const auto* rsdt = at(m, le(rsdp + 16, 4));
  REQUIRE(rsdt);
  CHECK(sums_to_zero(rsdt, le(rsdt + 4, 4)));

  const auto* fadt = at(m, le(xsdt + 36, 8));
  const auto* madt = at(m, le(xsdt + 44, 8));
  REQUIRE(fadt);
  REQUIRE(madt);
  CHECK(std::string(fadt, fadt + 4) == "FACP");
  CHECK(sums_to_zero(fadt, le(fadt + 4, 4)));
  CHECK((le(fadt + 112, 4) & (1u << 20)) != 0);
  const auto* dsdt = at(m, le(fadt + 140, 8));
  REQUIRE(dsdt);
  CHECK(std::string(dsdt, dsdt + 4) == "DSDT");
  CHECK(sums_to_zero(dsdt, le(dsdt + 4, 4)));

  CHECK(std::string(madt, madt + 4) == "APIC");
  const auto len = le(madt + 4, 4);
  CHECK(sums_to_zero(madt, len));
  CHECK(le(madt + 36, 4) == 0xfee00000);
  REQUIRE(len == 36 + 8 + 3 * 8);
  for (int i = 0; i < 3; ++i) {
    const auto* e = madt + 44 + 8 * i;
    CHECK(e[0] == 0);
    CHECK(e[2] == i);
    CHECK(e[3] == 2 * i);
    CHECK(le(e + 4, 4) == (i < 2 ? 1u : 0u));
  }
  // Below the local APIC and clear of the special pages.
  for (const auto& x : m) CHECK(x.guest_addr + x.data.size() <= 0xfee00000);
}
