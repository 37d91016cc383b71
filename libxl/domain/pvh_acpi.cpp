#include "pvh_acpi.h"

#include <cstring>
#include <string_view>

namespace libxl::domain {

namespace {

constexpr std::uint64_t kPage = 4096;
constexpr std::uint32_t kLapicBase = 0xfee00000;
constexpr std::size_t kHeader = 36;

// A table under construction: little-endian fields at fixed offsets.
struct Table {
  std::vector<std::uint8_t> b;
  explicit Table(std::size_t n) : b(n, 0) {}
  void put(std::size_t off, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) b[off + std::size_t(i)] = std::uint8_t(v >> (8 * i));
  }
  void text(std::size_t off, std::string_view s) { std::memcpy(b.data() + off, s.data(), s.size()); }
  void checksum(std::size_t at, std::size_t len) {
    std::uint8_t sum = 0;
    for (std::size_t i = 0; i < len; ++i) sum = std::uint8_t(sum + b[i]);
    b[at] = std::uint8_t(b[at] - sum);
  }
};

// The header every system description table starts with.
Table sdt(std::string_view sig, std::size_t len, std::uint8_t revision) {
  Table t(len);
  t.text(0, sig);
  t.put(4, len, 4);
  t.put(8, revision, 1);
  t.text(10, "XENTSK");    // OEM id (6)
  t.text(16, "PVH     ");  // OEM table id (8)
  t.put(24, 1, 4);         // OEM revision
  t.text(28, "XTSK");      // creator id
  t.put(32, 1, 4);         // creator revision
  return t;
}

Table madt(const std::vector<bool>& online) {
  Table t = sdt("APIC", kHeader + 8 + 8 * online.size(), 4);
  t.put(36, kLapicBase, 4);
  t.put(40, 0, 4);  // no legacy PICs
  for (std::size_t i = 0; i < online.size(); ++i) {
    const std::size_t e = kHeader + 8 + 8 * i;
    t.put(e, 0, 1);      // processor local APIC
    t.put(e + 1, 8, 1);  // entry length
    t.put(e + 2, i, 1);  // processor UID
    t.put(e + 3, 2 * i, 1);  // APIC id: Xen numbers vCPU n's local APIC 2n
    t.put(e + 4, online[i] ? 1 : 0, 4);
  }
  t.checksum(9, t.b.size());
  return t;
}

Table fadt(std::uint64_t dsdt) {
  Table t = sdt("FACP", 268, 5);
  t.put(40, dsdt, 4);
  // IA-PC boot flags: no VGA, no CMOS RTC: a PVH guest has neither.
  t.put(109, (1u << 2) | (1u << 5), 2);
  // Hardware-reduced ACPI: no PM timer, SCI or fixed registers to look for.
  t.put(112, 1u << 20, 4);
  t.put(131, 1, 1);  // FADT minor version
  t.put(140, dsdt, 8);
  t.checksum(9, t.b.size());
  return t;
}

Table dsdt() {
  Table t = sdt("DSDT", kHeader, 2);
  t.checksum(9, t.b.size());
  return t;
}

}  // namespace

std::vector<hypervisor::BootImage::AcpiModule> pvh_acpi_tables(const std::vector<bool>& online) {
  // The tables, packed 16-byte aligned in the pages after the info page.
  const std::uint64_t base = kAcpiInfoAddress + kPage;
  std::vector<std::uint8_t> blob;
  auto place = [&](const Table& t) {
    while (blob.size() % 16) blob.push_back(0);
    std::uint64_t at = base + blob.size();
    blob.insert(blob.end(), t.b.begin(), t.b.end());
    return at;
  };
  const std::uint64_t dsdt_at = place(dsdt());
  const std::uint64_t fadt_at = place(fadt(dsdt_at));
  const std::uint64_t madt_at = place(madt(online));
  Table xsdt = sdt("XSDT", kHeader + 16, 1);
  xsdt.put(36, fadt_at, 8);
  xsdt.put(44, madt_at, 8);
  xsdt.checksum(9, xsdt.b.size());
  const std::uint64_t xsdt_at = place(xsdt);
  Table rsdt = sdt("RSDT", kHeader + 8, 1);
  rsdt.put(36, fadt_at, 4);
  rsdt.put(40, madt_at, 4);
  rsdt.checksum(9, rsdt.b.size());
  const std::uint64_t rsdt_at = place(rsdt);
  blob.resize((blob.size() + kPage - 1) / kPage * kPage, 0);

  // The RSDP (ACPI 2.0 form) right after the tables.
  Table rsdp(64);
  rsdp.text(0, "RSD PTR ");
  rsdp.text(9, "XENTSK");
  rsdp.put(15, 2, 1);
  rsdp.put(16, rsdt_at, 4);
  rsdp.put(20, 36, 4);
  rsdp.put(24, xsdt_at, 8);
  rsdp.checksum(8, 20);
  rsdp.checksum(32, 36);

  std::vector<hypervisor::BootImage::AcpiModule> out;
  out.push_back({rsdp.b, base + blob.size()});
  out.push_back({std::vector<std::uint8_t>(kPage, 0), kAcpiInfoAddress});
  out.push_back({std::move(blob), base});
  return out;
}

}  // namespace libxl::domain
