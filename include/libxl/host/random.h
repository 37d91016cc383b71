// Random bytes for UUIDs, MAC addresses and VM generation IDs.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace libxl::host {

// Fills OUT without waiting for the kernel's entropy pool to be ready: a
// guest started at boot (xendomains) must not stall for its UUID, and none
// of these values is a secret. False when the host gives no random bytes.
bool random_bytes(std::span<std::uint8_t> out);

// A version 4 (random) UUID, or nullopt as above.
std::optional<std::array<std::uint8_t, 16>> random_uuid();

}  // namespace libxl::host
