// The ACPI tables a PVH guest boots with: no firmware builds them, so the
// toolstack does, as Xen's libxl does. Linux finds its CPUs (MADT) and learns
// that it runs on hardware-reduced ACPI without legacy devices (FADT).
#pragma once

#include <cstdint>
#include <vector>

#include "libxl/hypervisor/hypervisor.h"

namespace libxl::domain {

// Where the tables live: the page Xen's tools reserve for ACPI information
// below the local APIC, and the pages after it.
inline constexpr std::uint64_t kAcpiInfoAddress = 0xfc000000;

// The modules for the builder, RSDP first; ONLINE says which of the vCPUs
// are enabled at boot.
std::vector<hypervisor::BootImage::AcpiModule> pvh_acpi_tables(const std::vector<bool>& online);

}  // namespace libxl::domain
