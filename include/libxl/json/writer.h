// JSON output through yajl, in the layout libxl and xl print: yajl's
// beautifier with four-space indents. One writer builds one document.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

struct yajl_gen_t;

namespace libxl::json {

class Writer {
 public:
  explicit Writer(bool pretty = true);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  Writer& begin_object();
  Writer& end_object();
  Writer& begin_array();
  Writer& end_array();
  Writer& key(std::string_view k);
  Writer& string(std::string_view v);
  Writer& integer(std::int64_t v);
  Writer& unsigned_integer(std::uint64_t v);  // beyond int64 too, as libxl's uint64 fields
  Writer& boolean(bool v);
  Writer& null();

  // Convenience for the common "key": value members.
  template <class T>
  Writer& member(std::string_view k, T&& v);

  // The document so far.
  std::string str() const;

 private:
  yajl_gen_t* gen_;
};

template <class T>
Writer& Writer::member(std::string_view k, T&& v) {
  key(k);
  using U = std::decay_t<T>;
  if constexpr (std::is_same_v<U, bool>) {
    return boolean(v);
  } else if constexpr (std::is_integral_v<U> && std::is_signed_v<U>) {
    return integer(v);
  } else if constexpr (std::is_integral_v<U>) {
    return unsigned_integer(v);
  } else {
    return string(v);
  }
}

}  // namespace libxl::json
