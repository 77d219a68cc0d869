#pragma once
// JSON of scorecards and of an evaluation's answers (docs/quality.md "JSON"). Reading is strict:
// an unknown key, a wrong type or a missing required key is an error (kInvalidArgument) whose
// field is the JSON path ("sections[1].items[0].weight", "answers[2].answer"). A scorecard read
// is also validated (scorecard.h, validate()), with the same paths; answers are only checked for
// shape here: whether they fit a scorecard is score()'s job (score.h).
//
// Pure functions on values: no I/O, safe to call from any thread.
#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "core/result.h"
#include "quality/score.h"
#include "quality/sampling.h"
#include "quality/scorecard.h"

namespace switchyard::quality {

// {"id", "version", "name", "description", "applies_to": {"channel", "queue", "direction"},
//  "sections": [{"title", "items": [{"id", "text", "guidance", "weight", "kind", "max_points",
//  "critical", "fail_threshold", "na_allowed"}]}]}
// channel and direction are a value or "any"; queue is a name or null (any). Optional on read:
// id (0), version (1), description (""), applies_to and each of its keys (any), guidance (""),
// weight (1), critical and na_allowed (false); max_points and fail_threshold where the item's
// kind needs them (validate()). to_json writes every key, max_points and fail_threshold only
// where they apply.
boost::json::value to_json(const Scorecard& card);
Result<Scorecard> scorecard_from_json(const boost::json::value& v);

// [{"item": "greet", "answer": "yes" | "no" | "na" | integer, "comment": "..."}]; comment is
// optional ("" is not written). `path` prefixes the error fields (default "answers", giving
// "answers[2].answer").
boost::json::value answers_to_json(const std::vector<Answer>& answers);
Result<std::vector<Answer>> answers_from_json(const boost::json::value& v,
                                              const std::string& path = "answers");

// The targeted-sampling plan (sampling.h): {"rules": [{"kind", "threshold", "weight"}],
// "quota_per_agent_week", "utc_offset_min", "seed"}. On read rules is required; threshold (0),
// weight (1) and the others (SamplingPlan's defaults) are optional; the plan is validated
// (validate(), errors naming "rules[i].threshold" and so on).
boost::json::value to_json(const SamplingPlan& plan);
Result<SamplingPlan> sampling_plan_from_json(const boost::json::value& v);

}  // namespace switchyard::quality
