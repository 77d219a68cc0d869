#pragma once
// Internal to the event-log module: the binary form of a described struct
// (log_schema.h), a tagged format in the manner of Protocol Buffers:
//
//   record  = *(key value)
//   key     = varint(tag << 3 | wire)
//   wire 0  varint: unsigned integers, bool, enums; signed integers zigzag-coded
//   wire 1  8 bytes little-endian: double
//   wire 2  varint length + bytes: strings, nested structs, pairs, arrays,
//           and vectors of vectors (a nested record whose tag 1 repeats)
//
// A vector repeats its field's key once per element; an optional is written
// only when it holds a value; every other field is always written. Reading
// skips unknown tags and leaves absent fields at their defaults, which is
// what lets the schema grow (log_schema.h). Malformed bytes are an error,
// never a crash or a read past the end.
//
// Thread-safety: pure functions.
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/result.h"
#include "eventlog/log_schema.h"

namespace switchyard::eventlog::format {

template <typename T>
struct IsVector : std::false_type {};
template <typename U>
struct IsVector<std::vector<U>> : std::true_type {};
template <typename T>
struct IsOptional : std::false_type {};
template <typename U>
struct IsOptional<std::optional<U>> : std::true_type {};
template <typename T>
struct IsArray : std::false_type {};
template <typename U, size_t N>
struct IsArray<std::array<U, N>> : std::true_type {};
template <typename T>
struct IsPair : std::false_type {};
template <typename A, typename B>
struct IsPair<std::pair<A, B>> : std::true_type {};

enum Wire : uint32_t { kVarint = 0, kFixed64 = 1, kBytes = 2 };

template <typename T>
constexpr Wire wire_of() {
  if constexpr (std::is_floating_point_v<T>) return kFixed64;
  else if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) return kVarint;
  else return kBytes;
}

// ---- writing ------------------------------------------------------------------

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  template <typename T>
  void operator()(uint32_t tag, const T& x) {
    if constexpr (IsOptional<T>::value) {
      if (x) (*this)(tag, *x);
    } else if constexpr (IsVector<T>::value) {
      for (const auto& e : x) element(tag, e);
    } else {
      element(tag, x);
    }
  }

  template <typename S>
  void record(const S& s) {
    if constexpr (IsArray<S>::value || IsVector<S>::value) {
      for (const auto& e : s) element(1, e);
    } else if constexpr (IsPair<S>::value) {
      element(1, s.first);
      element(2, s.second);
    } else {
      schema::fields(*this, s);
    }
  }

 private:
  template <typename T>
  void element(uint32_t tag, const T& x) {
    varint((static_cast<uint64_t>(tag) << 3) | wire_of<T>());
    if constexpr (std::is_same_v<T, bool>) {
      varint(x ? 1 : 0);
    } else if constexpr (std::is_enum_v<T>) {
      varint(static_cast<uint64_t>(static_cast<std::underlying_type_t<T>>(x)));
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      int64_t v = x;
      varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));  // zigzag
    } else if constexpr (std::is_integral_v<T>) {
      varint(static_cast<uint64_t>(x));
    } else if constexpr (std::is_floating_point_v<T>) {
      double d = x;
      char b[8];
      std::memcpy(b, &d, 8);
      out_.append(b, 8);  // little-endian hosts only (x86-64, arm64)
    } else if constexpr (std::is_same_v<T, std::string>) {
      varint(x.size());
      out_.append(x);
    } else {  // a nested record
      std::string inner;
      Writer(inner).record(x);
      varint(inner.size());
      out_.append(inner);
    }
  }
  void varint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }

  std::string& out_;
};

// ---- reading ------------------------------------------------------------------

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }

  // Reads a whole record into `s`.
  template <typename S>
  bool record(S& s) {
    size_t index = 0;  // arrays fill in order
    while (ok_ && pos_ < in_.size()) {
      uint64_t key = varint();
      if (!ok_) break;
      cur_tag_ = static_cast<uint32_t>(key >> 3);
      cur_wire_ = static_cast<uint32_t>(key & 7);
      matched_ = false;
      if constexpr (IsArray<S>::value) {
        if (cur_tag_ == 1 && index < s.size()) {
          element(s[index++]);
          matched_ = true;
        }
      } else if constexpr (IsVector<S>::value) {
        if (cur_tag_ == 1) {
          element(s.emplace_back());
          matched_ = true;
        }
      } else if constexpr (IsPair<S>::value) {
        if (cur_tag_ == 1) element(s.first), matched_ = true;
        else if (cur_tag_ == 2) element(s.second), matched_ = true;
      } else {
        schema::fields(*this, s);
      }
      if (!matched_) skip();
    }
    return ok_;
  }

  // Called by schema::fields for each field: reads it if it is the current key.
  template <typename T>
  void operator()(uint32_t tag, T& x) {
    if (matched_ || tag != cur_tag_) return;
    matched_ = true;
    if constexpr (IsOptional<T>::value) {
      element(x.emplace());
    } else if constexpr (IsVector<T>::value) {
      element(x.emplace_back());
    } else {
      element(x);
    }
  }

 private:
  template <typename T>
  void element(T& x) {
    if (cur_wire_ != wire_of<T>()) return fail();
    if constexpr (std::is_same_v<T, bool>) {
      x = varint() != 0;
    } else if constexpr (std::is_enum_v<T>) {
      x = static_cast<T>(static_cast<std::underlying_type_t<T>>(varint()));
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      uint64_t z = varint();
      x = static_cast<T>(static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1)));
    } else if constexpr (std::is_integral_v<T>) {
      x = static_cast<T>(varint());
    } else if constexpr (std::is_floating_point_v<T>) {
      if (in_.size() - pos_ < 8) return fail();
      double d;
      std::memcpy(&d, in_.data() + pos_, 8);
      pos_ += 8;
      x = d;
    } else {
      std::string_view bytes = take_bytes();
      if (!ok_) return;
      if constexpr (std::is_same_v<T, std::string>) {
        x.assign(bytes);
      } else {
        Reader inner(bytes);
        if (!inner.record(x)) fail();
      }
    }
  }
  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) break;
      auto b = static_cast<uint8_t>(in_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    fail();
    return 0;
  }
  std::string_view take_bytes() {
    uint64_t n = varint();
    if (!ok_ || n > in_.size() - pos_) {
      fail();
      return {};
    }
    std::string_view b = in_.substr(pos_, n);
    pos_ += n;
    return b;
  }
  void skip() {
    switch (cur_wire_) {
      case kVarint: (void)varint(); return;
      case kFixed64:
        if (in_.size() - pos_ < 8) return fail();
        pos_ += 8;
        return;
      case kBytes: (void)take_bytes(); return;
      default: return fail();
    }
  }
  void fail() { ok_ = false; }

  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
  uint32_t cur_tag_ = 0;
  uint32_t cur_wire_ = 0;
  bool matched_ = false;
};

// The binary form of `s`.
template <typename S>
std::string encode(const S& s) {
  std::string out;
  Writer(out).record(s);
  return out;
}

// Reads `s` from `bytes`; false when they are malformed.
template <typename S>
bool decode(std::string_view bytes, S& s) {
  return Reader(bytes).record(s);
}

}  // namespace switchyard::eventlog::format
