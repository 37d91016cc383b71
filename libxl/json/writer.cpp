#include "libxl/json/writer.h"

#include <yajl/yajl_gen.h>

#include <new>

namespace libxl::json {

Writer::Writer(bool pretty) : gen_(yajl_gen_alloc(nullptr)) {
  if (!gen_) throw std::bad_alloc();
  if (pretty) {
    yajl_gen_config(gen_, yajl_gen_beautify, 1);
    yajl_gen_config(gen_, yajl_gen_indent_string, "    ");
  }
}

Writer::~Writer() { yajl_gen_free(gen_); }

Writer& Writer::begin_object() {
  yajl_gen_map_open(gen_);
  return *this;
}
Writer& Writer::end_object() {
  yajl_gen_map_close(gen_);
  return *this;
}
Writer& Writer::begin_array() {
  yajl_gen_array_open(gen_);
  return *this;
}
Writer& Writer::end_array() {
  yajl_gen_array_close(gen_);
  return *this;
}
Writer& Writer::key(std::string_view k) { return string(k); }
Writer& Writer::string(std::string_view v) {
  yajl_gen_string(gen_, reinterpret_cast<const unsigned char*>(v.data()), v.size());
  return *this;
}
Writer& Writer::integer(std::int64_t v) {
  yajl_gen_integer(gen_, v);
  return *this;
}
Writer& Writer::unsigned_integer(std::uint64_t v) {
  std::string s = std::to_string(v);
  yajl_gen_number(gen_, s.data(), s.size());
  return *this;
}
Writer& Writer::boolean(bool v) {
  yajl_gen_bool(gen_, v);
  return *this;
}
Writer& Writer::null() {
  yajl_gen_null(gen_);
  return *this;
}

std::string Writer::str() const {
  const unsigned char* buf;
  size_t len;
  yajl_gen_get_buf(gen_, &buf, &len);
  return std::string(reinterpret_cast<const char*>(buf), len);
}

}  // namespace libxl::json
