#pragma once
// Strict reading of TOML tables for the scenario parser (internal to
// switchyard_sim): typed getters that report "file:line:col: key.path: what"
// and reject keys nobody asked for.
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <toml++/toml.h>
#include <vector>

namespace switchyard::sim::detail {

// Thrown while parsing; the parser's caller turns it into an Error.
struct ParseFailure {
  std::string field;    // key path, e.g. "queues[2].skills[0]"
  std::string message;  // "file:line:col: field: what"
};

// Seconds to whole milliseconds.
inline int64_t to_ms(double s) { return std::llround(s * 1000.0); }

// Formats and throws ParseFailure for one source file.
class Diagnostics {
 public:
  explicit Diagnostics(std::string source) : source_(std::move(source)) {}
  [[noreturn]] void fail(const toml::source_region& where, const std::string& field, const std::string& what) const;
  [[noreturn]] void fail_type(const toml::node& n, const std::string& field, std::string_view want) const;

 private:
  std::string source_;
};

// One TOML table being read: hands out its keys by type, and done() fails on
// the first key no getter asked for.
class TableReader {
 public:
  TableReader(const Diagnostics& d, const toml::table& t, std::string path)
      : d_(d), t_(t), path_(std::move(path)) {}
  const std::string& path() const { return path_; }
  std::string key_path(std::string_view key) const;
  const toml::table& table() const { return t_; }
  bool has(std::string_view key) const { return t_.contains(key); }
  // The node at `key` (nullptr if absent); marks the key as known.
  const toml::node* get(std::string_view key);

  // Typed getters: nullopt / nullptr when absent, a failure on a wrong type
  // or range. number() accepts integers and floats.
  std::optional<double> number(std::string_view key, double min = -INFINITY);
  std::optional<double> seconds(std::string_view key) { return number(key, 0.0); }
  std::optional<int64_t> integer(std::string_view key, int64_t min, int64_t max);
  std::optional<std::string> string(std::string_view key);
  std::optional<bool> boolean(std::string_view key);
  const toml::array* array(std::string_view key);
  const toml::table* subtable(std::string_view key);
  std::string required_string(std::string_view key);
  void done();

 private:
  const Diagnostics& d_;
  const toml::table& t_;
  std::string path_;
  std::vector<std::string> seen_;
};

const toml::table& as_table(const Diagnostics& d, const toml::node& n, const std::string& path);

}  // namespace switchyard::sim::detail
