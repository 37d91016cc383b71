// An xl.cfg / xl.conf file as Xen's libxlutil reads it: a sequence of
// settings `KEY = VALUE` or `KEY += VALUE`, where VALUE is an atom (a
// string, quoted or not, which includes numbers) or a list of values.
// Typed access follows xl's rules; every error names FILE:LINE and the key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <compare>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <iterator>
#include <vector>

namespace libxl::config {

struct Value {
  enum class Kind { Atom, List };
  Kind kind = Kind::Atom;
  std::string atom;          // Atom: the text, quotes removed and escapes applied
  bool quoted = false;       // Atom: written as a quoted string
  std::vector<Value> items;  // List
  int line = 0;              // where the value starts
};

struct Setting {
  std::string name;
  Value value;
  int line = 0;
  bool append = false;  // written with +=
};

// "FILE:LINE: message" (line 0: "FILE: message"), as xl reports errors.
struct ConfigError {
  std::string file;
  int line = 0;
  std::string message;
  std::string str() const;
};

// The effective settings of a CfgFile, one per key in the order the keys
// first appear; a read-only list of Settings owned by the CfgFile (most are
// the entries of `settings` themselves, so nothing is copied for them).
class SettingList {
 public:
  class iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = Setting;
    using difference_type = std::ptrdiff_t;
    using pointer = const Setting*;
    using reference = const Setting&;
    iterator() = default;
    explicit iterator(const Setting* const* p) : p_(p) {}
    reference operator*() const { return **p_; }
    pointer operator->() const { return *p_; }
    reference operator[](difference_type n) const { return *p_[n]; }
    iterator& operator++() { ++p_; return *this; }
    iterator operator++(int) { return iterator(p_++); }
    iterator& operator--() { --p_; return *this; }
    iterator operator--(int) { return iterator(p_--); }
    iterator& operator+=(difference_type n) { p_ += n; return *this; }
    iterator& operator-=(difference_type n) { p_ -= n; return *this; }
    friend iterator operator+(iterator i, difference_type n) { return i += n; }
    friend iterator operator+(difference_type n, iterator i) { return i += n; }
    friend iterator operator-(iterator i, difference_type n) { return i -= n; }
    friend difference_type operator-(iterator a, iterator b) { return a.p_ - b.p_; }
    friend auto operator<=>(iterator a, iterator b) = default;

   private:
    const Setting* const* p_ = nullptr;
  };
  using const_iterator = iterator;

  iterator begin() const { return iterator(items_.data()); }
  iterator end() const { return iterator(items_.data() + items_.size()); }
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  const Setting& operator[](std::size_t i) const { return *items_[i]; }
  const Setting& front() const { return *items_.front(); }
  const Setting& back() const { return *items_.back(); }

 private:
  friend class CfgFile;
  std::vector<const Setting*> items_;
};

class CfgFile {
 public:
  std::string filename;
  std::vector<Setting> settings;  // in file order, as written; a later one wins

  // One entry per key, in the order the keys first appear: the value xl sees
  // (the last `=` with every later `+=` appended; strings concatenate), the
  // line of the key's last setting, and `append` when that one was `+=`
  // (xl then refuses the key as a number). parse() fills it; after editing
  // `settings` by hand call reindex() before using it or any lookup (it
  // points into `settings`).
  SettingList effective;
  // Recomputes `effective` from `settings`; fails where xl does, on `+=`
  // mixing a list and a string.
  std::expected<void, ConfigError> reindex();

  CfgFile() = default;
  // A copy points its `effective` at its own settings; a move keeps the
  // vectors' storage, so the default one is right.
  CfgFile(const CfgFile& other);
  CfgFile& operator=(const CfgFile& other);
  CfgFile(CfgFile&&) noexcept = default;
  CfgFile& operator=(CfgFile&&) noexcept = default;

  // The effective setting of a key: the last `=` with every later `+=`
  // appended (xl's semantics); nullptr when absent.
  const Value* find(std::string_view key) const;
  // The same as a whole effective Setting (its line, whether it ended in +=).
  const Setting* find_setting(std::string_view key) const;
  int line_of(std::string_view key) const;  // 0 when absent

  // Typed access as xl does it: nullopt when the key is absent, an error
  // naming FILE:LINE and the key when present with the wrong kind.
  // get_string: any atom, quoted or not (512 reads as "512"); a list is an error.
  std::expected<std::optional<std::string>, ConfigError> get_string(std::string_view key) const;
  // get_long: xlu_cfg_get_long's rules, i.e. strtol(s, &end, 0) over the whole
  // atom: blanks and a sign first, then decimal, 0x hex or 0 octal; errors
  // for a list, a key whose last setting was `+=`, junk, or overflow.
  std::expected<std::optional<std::int64_t>, ConfigError> get_long(std::string_view key) const;
  // get_bool: xl's defbool: a number as get_long reads it, 0 false, anything
  // else true ("yes"/"true" are errors, as in xl).
  std::expected<std::optional<bool>, ConfigError> get_bool(std::string_view key) const;
  // A list of atoms (a nested list is an error naming the item); a single
  // atom counts as a one-element list where xl allows it (`allow_atom`),
  // otherwise it is an error.
  std::expected<std::optional<std::vector<std::string>>, ConfigError> get_string_list(
      std::string_view key, bool allow_atom = false) const;

  // Keys that nothing asked for; the caller warns once about each.
  // One entry (from `effective`) per key not in `known`, in file order.
  std::vector<const Setting*> unused(const std::vector<std::string_view>& known) const;

 private:
  // Where a key's effective setting lives: settings[i], or merged_[i] when
  // `+=` had to combine values (only those keys get a copy).
  struct Source {
    std::uint32_t index;
    bool merged;
  };
  // An open-addressing hash table slot (linear probing): key + 1 (0 = empty)
  // and the key's hash, so most probes never compare strings.
  struct Slot {
    std::uint32_t key = 0;
    std::uint32_t hash = 0;
  };

  std::size_t lookup(std::string_view key) const;  // index into sources_, or npos
  void bind();  // points `effective` at sources_

  std::vector<Setting> merged_;
  std::vector<Source> sources_;  // per key, parallel to `effective`
  std::vector<Slot> slots_;      // size a power of two, at most half full
};

// Parses the text of a file. `filename` is only used in messages.
std::expected<CfgFile, ConfigError> parse(std::string_view text, std::string filename);
// Reads and parses a file.
std::expected<CfgFile, ConfigError> parse_file(const std::string& path);

}  // namespace libxl::config
