// Mirrors libxl_device_vsnd with its params, pcm and stream types (Xen 4.17's
// libxl_types.idl) and parses one xl.cfg vsnd entry: a list of strings, each
// "card, KEY=VALUE, ...", "pcm, ..." or "stream, ..." (the card first).
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <string_view>
#include <vector>

#include "libxl/config/devices/common.h"

namespace libxl::config::devices {

enum class VsndPcmFormat {
  S8 = 1, U8, S16_LE, S16_BE, U16_LE, U16_BE, S24_LE, S24_BE, U24_LE, U24_BE,
  S32_LE, S32_BE, U32_LE, U32_BE, F32_LE, F32_BE, F64_LE, F64_BE,
  IEC958_SUBFRAME_LE, IEC958_SUBFRAME_BE, MU_LAW, A_LAW, IMA_ADPCM, MPEG, GSM
};
enum class VsndStreamType { Unset = 0, P = 1, C = 2 };
std::string_view to_string(VsndPcmFormat f);
std::string_view to_string(VsndStreamType t);

struct VsndParams {
  std::vector<std::uint32_t> sample_rates;
  std::vector<VsndPcmFormat> sample_formats;
  std::uint32_t channels_min = 0;
  std::uint32_t channels_max = 0;
  std::uint32_t buffer_size = 0;
};

struct VsndStream {
  OptString unique_id;
  VsndStreamType type = VsndStreamType::Unset;
  VsndParams params;
};

struct VsndPcm {
  OptString name;
  VsndParams params;
  std::vector<VsndStream> streams;
};

struct Vsnd {
  std::uint32_t backend_domid = 0;
  OptString backend_domname;
  int devid = kDevidDefault;
  OptString short_name;
  OptString long_name;
  VsndParams params;
  std::vector<VsndPcm> pcms;
};

std::expected<Vsnd, SpecError> parse_vsnd(std::span<const std::string_view> items);

void write_json(json::Writer& w, const VsndParams& p);
void write_json(json::Writer& w, const Vsnd& v);

}  // namespace libxl::config::devices
