#include "sim/toml_reader.h"

#include <fmt/format.h>

#include <algorithm>

namespace switchyard::sim::detail {

namespace {

std::string_view type_name(toml::node_type t) {
  switch (t) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time: return "a date/time";
    default: return "nothing";
  }
}

}  // namespace

void Diagnostics::fail(const toml::source_region& where, const std::string& field, const std::string& what) const {
  throw ParseFailure{field, fmt::format("{}:{}:{}: {}: {}", source_, where.begin.line, where.begin.column, field, what)};
}

void Diagnostics::fail_type(const toml::node& n, const std::string& field, std::string_view want) const {
  fail(n.source(), field, fmt::format("expected {}, got {}", want, type_name(n.type())));
}

std::string TableReader::key_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
}

const toml::node* TableReader::get(std::string_view key) {
  seen_.emplace_back(key);
  return t_.get(key);
}

std::optional<double> TableReader::number(std::string_view key, double min) {
  const toml::node* n = get(key);
  if (!n) return std::nullopt;
  double v;
  if (n->is_integer()) {
    v = static_cast<double>(n->as_integer()->get());
  } else if (n->is_floating_point()) {
    v = n->as_floating_point()->get();
  } else {
    d_.fail_type(*n, key_path(key), "a number");
  }
  if (!std::isfinite(v) || v < min) d_.fail(n->source(), key_path(key), fmt::format("must be >= {}", min));
  return v;
}

std::optional<int64_t> TableReader::integer(std::string_view key, int64_t min, int64_t max) {
  const toml::node* n = get(key);
  if (!n) return std::nullopt;
  if (!n->is_integer()) d_.fail_type(*n, key_path(key), "an integer");
  const int64_t v = n->as_integer()->get();
  if (v < min || v > max) d_.fail(n->source(), key_path(key), fmt::format("must be in [{}, {}]", min, max));
  return v;
}

std::optional<std::string> TableReader::string(std::string_view key) {
  const toml::node* n = get(key);
  if (!n) return std::nullopt;
  if (!n->is_string()) d_.fail_type(*n, key_path(key), "a string");
  return n->as_string()->get();
}

std::optional<bool> TableReader::boolean(std::string_view key) {
  const toml::node* n = get(key);
  if (!n) return std::nullopt;
  if (!n->is_boolean()) d_.fail_type(*n, key_path(key), "true or false");
  return n->as_boolean()->get();
}

const toml::array* TableReader::array(std::string_view key) {
  const toml::node* n = get(key);
  if (!n) return nullptr;
  if (!n->is_array()) d_.fail_type(*n, key_path(key), "an array");
  return n->as_array();
}

const toml::table* TableReader::subtable(std::string_view key) {
  const toml::node* n = get(key);
  if (!n) return nullptr;
  if (!n->is_table()) d_.fail_type(*n, key_path(key), "a table");
  return n->as_table();
}

std::string TableReader::required_string(std::string_view key) {
  auto s = string(key);
  if (!s || s->empty()) d_.fail(t_.source(), key_path(key), "required (a non-empty string)");
  return *s;
}

void TableReader::done() {
  for (auto&& [k, v] : t_) {
    if (std::find(seen_.begin(), seen_.end(), k.str()) == seen_.end()) {
      d_.fail(k.source(), key_path(k.str()), "unknown key");
    }
  }
}

const toml::table& as_table(const Diagnostics& d, const toml::node& n, const std::string& path) {
  if (!n.is_table()) d.fail_type(n, path, "a table");
  return *n.as_table();
}

}  // namespace switchyard::sim::detail
