#include "quality/quality_json.h"

#include <boost/json.hpp>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <utility>

namespace switchyard::quality {

namespace json = boost::json;

namespace {

std::string_view kind_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: return "number";
    case json::kind::string: return "string";
    case json::kind::array: return "array";
    case json::kind::object: return "object";
  }
  return "value";
}

std::string at_key(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string at_index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// Strict reader of one JSON object at `path`. The first problem is kept in `error` and every
// later read is a no-op, so readers go straight through and check once at the end.
class Reader {
 public:
  Reader(const json::value& v, std::string path, std::initializer_list<std::string_view> allowed,
         std::optional<Error>& error)
      : path_(std::move(path)), error_(error) {
    if (error_) return;
    if (!v.is_object()) {
      fail("expected an object, got " + std::string(kind_name(v)), path_);
      return;
    }
    obj_ = &v.get_object();
    for (const auto& kv : *obj_) {
      bool known = false;
      for (std::string_view a : allowed) known = known || a == kv.key();
      if (!known) {
        fail("unknown field", at_key(path_, kv.key()));
        return;
      }
    }
  }

  bool ok() const { return !error_; }
  std::string field(std::string_view key) const { return at_key(path_, key); }
  void fail(std::string message, std::string field) {
    if (!error_) error_ = Error{ErrorCode::kInvalidArgument, std::move(message), std::move(field), 0};
  }

  // The member; nullptr when absent (an error when required) or after an error.
  const json::value* get(std::string_view key, bool required) {
    if (error_ || !obj_) return nullptr;
    const json::value* v = obj_->if_contains(key);
    if (!v && required) fail("required", field(key));
    return v;
  }

  void string(std::string_view key, std::string& out, bool required = false) {
    const json::value* v = get(key, required);
    if (!v) return;
    if (!v->is_string()) return wrong("a string", *v, key);
    out = std::string(v->get_string());
  }
  void boolean(std::string_view key, bool& out) {
    const json::value* v = get(key, false);
    if (!v) return;
    if (!v->is_bool()) return wrong("a boolean", *v, key);
    out = v->get_bool();
  }
  void number(std::string_view key, double& out) {
    const json::value* v = get(key, false);
    if (!v) return;
    if (!v->is_number()) return wrong("a number", *v, key);
    out = v->to_number<double>();
  }
  template <typename Int>
  void integer(std::string_view key, Int& out) {
    const json::value* v = get(key, false);
    if (v) to_integer(*v, field(key), out);
  }
  template <typename Int>
  void to_integer(const json::value& v, const std::string& f, Int& out) {
    if (v.is_int64() && std::in_range<Int>(v.get_int64())) {
      out = static_cast<Int>(v.get_int64());
    } else if (v.is_uint64() && std::in_range<Int>(v.get_uint64())) {
      out = static_cast<Int>(v.get_uint64());
    } else if (v.is_int64() || v.is_uint64()) {
      fail("out of range", f);
    } else {
      fail("expected an integer, got " + std::string(kind_name(v)), f);
    }
  }
  // A string one of whose values parse() accepts; "any" gives nullopt when any_ok.
  template <typename Enum>
  void choice(std::string_view key, std::optional<Enum>& out,
              std::optional<Enum> (*parse)(std::string_view), bool required, bool any_ok) {
    const json::value* v = get(key, required);
    if (!v) return;
    if (!v->is_string()) return wrong("a string", *v, key);
    std::string_view s = v->get_string();
    if (any_ok && s == "any") {
      out.reset();
      return;
    }
    out = parse(s);
    if (!out) fail("unknown value \"" + std::string(s) + "\"", field(key));
  }
  // Calls fn(element, path) for each element of the array at `key`.
  template <typename Fn>
  void array(std::string_view key, bool required, Fn&& fn) {
    const json::value* v = get(key, required);
    if (!v) return;
    if (!v->is_array()) return wrong("an array", *v, key);
    const json::array& a = v->get_array();
    for (size_t i = 0; i < a.size() && ok(); ++i) fn(a[i], at_index(field(key), i));
  }

 private:
  void wrong(std::string_view expected, const json::value& v, std::string_view key) {
    fail("expected " + std::string(expected) + ", got " + std::string(kind_name(v)), field(key));
  }

  const json::object* obj_ = nullptr;
  std::string path_;
  std::optional<Error>& error_;
};

Item read_item(const json::value& v, const std::string& path, std::optional<Error>& error) {
  Item item;
  Reader r(v, path,
           {"id", "text", "guidance", "weight", "kind", "max_points", "critical",
            "fail_threshold", "na_allowed"},
           error);
  r.string("id", item.id, true);
  r.string("text", item.text, true);
  r.string("guidance", item.guidance);
  r.number("weight", item.weight);
  std::optional<AnswerKind> kind;
  r.choice("kind", kind, answer_kind_from_string, true, false);
  if (kind) item.kind = *kind;
  r.integer("max_points", item.max_points);
  r.boolean("critical", item.critical);
  if (const json::value* t = r.get("fail_threshold", false); t && !t->is_null()) {
    int threshold = 0;
    r.to_integer(*t, r.field("fail_threshold"), threshold);
    item.fail_threshold = threshold;
  }
  r.boolean("na_allowed", item.na_allowed);
  return item;
}

Section read_section(const json::value& v, const std::string& path, std::optional<Error>& error) {
  Section section;
  Reader r(v, path, {"title", "items"}, error);
  r.string("title", section.title, true);
  r.array("items", true, [&](const json::value& e, const std::string& p) {
    section.items.push_back(read_item(e, p, error));
  });
  return section;
}

Applicability read_applicability(const json::value& v, std::optional<Error>& error) {
  Applicability a;
  Reader r(v, "applies_to", {"channel", "queue", "direction"}, error);
  r.choice("channel", a.channel, core::channel_from_string, false, true);
  if (const json::value* q = r.get("queue", false); q && !q->is_null()) r.string("queue", a.queue);
  r.choice("direction", a.direction, direction_from_string, false, true);
  return a;
}

SamplingRule read_rule(const json::value& v, const std::string& path, std::optional<Error>& error) {
  SamplingRule rule;
  Reader r(v, path, {"kind", "threshold", "weight"}, error);
  std::optional<RuleKind> kind;
  r.choice("kind", kind, rule_kind_from_string, true, false);
  if (kind) rule.kind = *kind;
  r.integer("threshold", rule.threshold);
  r.number("weight", rule.weight);
  return rule;
}

}  // namespace

json::value to_json(const Scorecard& card) {
  json::array sections;
  for (const Section& s : card.sections) {
    json::array items;
    for (const Item& i : s.items) {
      json::object o;
      o["id"] = i.id;
      o["text"] = i.text;
      o["guidance"] = i.guidance;
      o["weight"] = i.weight;
      o["kind"] = to_string(i.kind);
      if (i.kind == AnswerKind::kPoints) o["max_points"] = i.max_points;
      o["critical"] = i.critical;
      if (i.fail_threshold) o["fail_threshold"] = *i.fail_threshold;
      o["na_allowed"] = i.na_allowed;
      items.push_back(std::move(o));
    }
    sections.push_back(json::object{{"title", s.title}, {"items", std::move(items)}});
  }
  const Applicability& a = card.applies_to;
  json::object applies{
      {"channel", a.channel ? core::to_string(*a.channel) : std::string_view("any")},
      {"queue", a.queue.empty() ? json::value(nullptr) : json::value(a.queue)},
      {"direction", a.direction ? to_string(*a.direction) : std::string_view("any")}};
  return json::object{{"id", card.id},
                      {"version", card.version},
                      {"name", card.name},
                      {"description", card.description},
                      {"applies_to", std::move(applies)},
                      {"sections", std::move(sections)}};
}

Result<Scorecard> scorecard_from_json(const json::value& v) {
  std::optional<Error> error;
  Scorecard card;
  Reader r(v, "", {"id", "version", "name", "description", "applies_to", "sections"}, error);
  r.integer("id", card.id);
  r.integer("version", card.version);
  r.string("name", card.name, true);
  r.string("description", card.description);
  if (const json::value* a = r.get("applies_to", false))
    card.applies_to = read_applicability(*a, error);
  r.array("sections", true, [&](const json::value& e, const std::string& p) {
    card.sections.push_back(read_section(e, p, error));
  });
  if (error) return std::unexpected(std::move(*error));
  if (auto ok = validate(card); !ok) return std::unexpected(ok.error());
  return card;
}

json::value answers_to_json(const std::vector<Answer>& answers) {
  json::array out;
  for (const Answer& a : answers) {
    json::object o;
    o["item"] = a.item;
    switch (a.response) {
      case Response::kYes: o["answer"] = "yes"; break;
      case Response::kNo: o["answer"] = "no"; break;
      case Response::kNa: o["answer"] = "na"; break;
      case Response::kNumber: o["answer"] = a.number; break;
    }
    if (!a.comment.empty()) o["comment"] = a.comment;
    out.push_back(std::move(o));
  }
  return out;
}

Result<std::vector<Answer>> answers_from_json(const json::value& v, const std::string& path) {
  if (!v.is_array())
    return make_error(ErrorCode::kInvalidArgument,
                      "expected an array, got " + std::string(kind_name(v)), path);
  std::optional<Error> error;
  std::vector<Answer> out;
  const json::array& arr = v.get_array();
  for (size_t i = 0; i < arr.size() && !error; ++i) {
    Answer a;
    Reader r(arr[i], at_index(path, i), {"item", "answer", "comment"}, error);
    r.string("item", a.item, true);
    if (const json::value* ans = r.get("answer", true)) {
      if (ans->is_string()) {
        std::string_view s = ans->get_string();
        if (s == "yes") a.response = Response::kYes;
        else if (s == "no") a.response = Response::kNo;
        else if (s == "na") a.response = Response::kNa;
        else r.fail("expected \"yes\", \"no\", \"na\" or a number, got \"" + std::string(s) + "\"",
                    r.field("answer"));
      } else if (ans->is_int64() || ans->is_uint64()) {
        a.response = Response::kNumber;
        r.to_integer(*ans, r.field("answer"), a.number);
      } else {
        r.fail("expected \"yes\", \"no\", \"na\" or an integer, got " +
                   std::string(kind_name(*ans)),
               r.field("answer"));
      }
    }
    r.string("comment", a.comment);
    out.push_back(std::move(a));
  }
  if (error) return std::unexpected(std::move(*error));
  return out;
}

json::value to_json(const SamplingPlan& plan) {
  json::array rules;
  for (const SamplingRule& r : plan.rules)
    rules.push_back(json::object{{"kind", to_string(r.kind)}, {"threshold", r.threshold}, {"weight", r.weight}});
  return json::object{{"rules", std::move(rules)},
                      {"quota_per_agent_week", plan.quota_per_agent_week},
                      {"utc_offset_min", plan.utc_offset_min},
                      {"seed", plan.seed}};
}

Result<SamplingPlan> sampling_plan_from_json(const json::value& v) {
  std::optional<Error> error;
  SamplingPlan plan;
  Reader r(v, "", {"rules", "quota_per_agent_week", "utc_offset_min", "seed"}, error);
  r.array("rules", true, [&](const json::value& e, const std::string& p) { plan.rules.push_back(read_rule(e, p, error)); });
  r.integer("quota_per_agent_week", plan.quota_per_agent_week);
  r.integer("utc_offset_min", plan.utc_offset_min);
  r.integer("seed", plan.seed);
  if (error) return std::unexpected(*error);
  if (auto ok = validate(plan); !ok) return std::unexpected(ok.error());
  return plan;
}

}  // namespace switchyard::quality
