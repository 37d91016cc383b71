#include "libxl/config/devices/vsnd.h"

#include <cstdlib>
#include <optional>
#include <string>
#include <strings.h>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

std::string_view to_string(VsndPcmFormat f) {
  static constexpr std::string_view n[] = {
      "s8", "u8", "s16_le", "s16_be", "u16_le", "u16_be", "s24_le", "s24_be", "u24_le",
      "u24_be", "s32_le", "s32_be", "u32_le", "u32_be", "f32_le", "f32_be", "f64_le",
      "f64_be", "iec958_subframe_le", "iec958_subframe_be", "mu_law", "a_law", "ima_adpcm",
      "mpeg", "gsm"};
  return n[int(f) - 1];
}

std::string_view to_string(VsndStreamType t) {
  return t == VsndStreamType::P ? "p" : t == VsndStreamType::C ? "c" : "unset";
}

namespace {

// xl reads every number here with strtoul(VALUE, NULL, 0) and keeps the low
// 32 bits: hex and octal work, junk after the digits is ignored, no digits
// give 0 and "-1" wraps around.
std::uint32_t number(std::string_view v) {
  return std::uint32_t(std::strtoul(std::string(v).c_str(), nullptr, 0));
}

// A ';'-separated list value (empty items vanish, the others stay untrimmed).
// xl crashes on a list with no item at all; we refuse it instead.
std::expected<std::vector<std::string>, SpecError> value_list(const SpecField& f) {
  auto items = strtok_split(*f.value, ";");
  if (items.empty())
    return std::unexpected(
        SpecError{"Empty list in vsnd parameter: " + std::string(f.text), false});
  return items;
}

std::optional<VsndPcmFormat> pcm_format(std::string_view s) {
  for (int i = int(VsndPcmFormat::S8); i <= int(VsndPcmFormat::GSM); ++i) {
    auto f = VsndPcmFormat(i);
    if (strcasecmp(std::string(s).c_str(), std::string(to_string(f)).c_str()) == 0) return f;
  }
  return std::nullopt;
}

// The parameters a card, a pcm and a stream share. False when `f` is none of them.
std::expected<bool, SpecError> params_field(VsndParams& p, const SpecField& f) {
  if (f.is("sample-rates")) {
    auto items = value_list(f);
    if (!items) return std::unexpected(items.error());
    p.sample_rates.clear();
    for (const auto& r : *items) p.sample_rates.push_back(number(r));
  } else if (f.is("sample-formats")) {
    auto items = value_list(f);
    if (!items) return std::unexpected(items.error());
    p.sample_formats.clear();
    for (const auto& name : *items) {
      auto fmt = pcm_format(name);
      if (!fmt) return std::unexpected(SpecError{"Invalid pcm format: " + name, false});
      p.sample_formats.push_back(*fmt);
    }
  } else if (f.is("channels-min")) {
    p.channels_min = number(*f.value);
  } else if (f.is("channels-max")) {
    p.channels_max = number(*f.value);
  } else if (f.is("buffer-size")) {
    p.buffer_size = number(*f.value);
  } else {
    return false;
  }
  return true;
}

SpecError invalid_parameter(const SpecField& f) {
  return SpecError{"Invalid parameter: " + std::string(f.text), false};
}

enum class Item { Card, Pcm, Stream };

std::expected<void, SpecError> card_field(Vsnd& v, const SpecField& f) {
  auto r = params_field(v.params, f);
  if (!r) return std::unexpected(r.error());
  if (*r) return {};
  if (f.is("backend")) v.backend_domname = std::string(*f.value);
  else if (f.is("short-name")) v.short_name = std::string(*f.value);
  else if (f.is("long-name")) v.long_name = std::string(*f.value);
  else return std::unexpected(invalid_parameter(f));
  return {};
}

std::expected<void, SpecError> pcm_field(VsndPcm& pcm, const SpecField& f) {
  auto r = params_field(pcm.params, f);
  if (!r) return std::unexpected(r.error());
  if (*r) return {};
  if (f.is("name")) pcm.name = std::string(*f.value);
  else return std::unexpected(invalid_parameter(f));
  return {};
}

std::expected<void, SpecError> stream_field(VsndStream& s, const SpecField& f) {
  auto r = params_field(s.params, f);
  if (!r) return std::unexpected(r.error());
  if (*r) return {};
  if (f.is("unique-id")) {
    s.unique_id = std::string(*f.value);
  } else if (f.is("type")) {
    std::string t(*f.value);
    if (strcasecmp(t.c_str(), "p") == 0) s.type = VsndStreamType::P;
    else if (strcasecmp(t.c_str(), "c") == 0) s.type = VsndStreamType::C;
    else return std::unexpected(SpecError{"Invalid stream type: " + t, false});
  } else {
    return std::unexpected(invalid_parameter(f));
  }
  return {};
}

// One entry of the card's list: its first field names what it describes
// (any case) and opens it -- a pcm or a stream is appended, a stream to the
// last pcm (one is made if there is none yet); the other fields fill it in.
std::expected<void, SpecError> parse_item(Vsnd& v, std::string_view spec) {
  std::optional<Item> item;
  return for_each_field(spec, {}, [&](const SpecField& f) -> std::expected<void, SpecError> {
    if (!item) {
      std::string key(f.text);
      if (strcasecmp(key.c_str(), "card") == 0) {
        item = Item::Card;
      } else if (strcasecmp(key.c_str(), "pcm") == 0) {
        item = Item::Pcm;
        v.pcms.emplace_back();
      } else if (strcasecmp(key.c_str(), "stream") == 0) {
        item = Item::Stream;
        if (v.pcms.empty()) v.pcms.emplace_back();
        v.pcms.back().streams.emplace_back();
      } else {
        return std::unexpected(SpecError{"Invalid key: " + key, false});
      }
      return {};
    }
    switch (*item) {
      case Item::Card: return card_field(v, f);
      case Item::Pcm: return pcm_field(v.pcms.back(), f);
      case Item::Stream: return stream_field(v.pcms.back().streams.back(), f);
    }
    return {};
  });
}

}  // namespace

std::expected<Vsnd, SpecError> parse_vsnd(std::span<const std::string_view> items) {
  Vsnd v;
  for (auto spec : items)
    if (auto r = parse_item(v, spec); !r) return std::unexpected(r.error());
  return v;
}

void write_json(json::Writer& w, const VsndParams& p) {
  w.begin_object();
  if (!p.sample_rates.empty()) {
    w.key("sample_rates").begin_array();
    for (auto r : p.sample_rates) w.unsigned_integer(r);
    w.end_array();
  }
  if (!p.sample_formats.empty()) {
    w.key("sample_formats").begin_array();
    for (auto f : p.sample_formats) w.string(to_string(f));
    w.end_array();
  }
  put_uint(w, "channels_min", p.channels_min);
  put_uint(w, "channels_max", p.channels_max);
  put_uint(w, "buffer_size", p.buffer_size);
  w.end_object();
}

void write_json(json::Writer& w, const Vsnd& v) {
  w.begin_object();
  put_uint(w, "backend_domid", v.backend_domid);
  put_string(w, "backend_domname", v.backend_domname);
  put_int(w, "devid", v.devid, kDevidDefault);
  put_string(w, "short_name", v.short_name);
  put_string(w, "long_name", v.long_name);
  w.key("params");  // nested structs are always written
  write_json(w, v.params);
  if (!v.pcms.empty()) {
    w.key("pcms").begin_array();
    for (const auto& pcm : v.pcms) {
      w.begin_object();
      put_string(w, "name", pcm.name);
      w.key("params");
      write_json(w, pcm.params);
      if (!pcm.streams.empty()) {
        w.key("streams").begin_array();
        for (const auto& s : pcm.streams) {
          w.begin_object();
          put_string(w, "unique_id", s.unique_id);
          if (s.type != VsndStreamType::Unset) w.member("type", to_string(s.type));
          w.key("params");
          write_json(w, s.params);
          w.end_object();
        }
        w.end_array();
      }
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

}  // namespace libxl::config::devices
