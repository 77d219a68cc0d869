#pragma once
// JSON of the quality module's values, shared by its route files
// (routes_quality.cc, routes_quality_sessions.cc; docs/api.md "Quality").
#include <boost/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "api/parse.h"
#include "core/result.h"
#include "quality/quality_store.h"

namespace switchyard::api {

boost::json::value opt_ms(const std::optional<int64_t>& v);     // null when unset
boost::json::value opt_score(const std::optional<double>& v);   // null when unset
boost::json::object evaluation_json(const quality::Evaluation& e);

}  // namespace switchyard::api
