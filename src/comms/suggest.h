#pragma once
// What the agent desk's "suggested articles" search for (docs/comms.md "Suggestions"): the telling
// words of a customer's chat messages. English words of four letters or more that are not common
// function words, and Chinese two-character tokens (search_text.h) of which neither character is
// among the most common function characters; most frequent first, then in order of appearance.
//
// Pure. Cost: O(bytes of the texts).
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace switchyard::comms {

inline constexpr size_t kMaxSuggestionTerms = 8;

std::vector<std::string> suggestion_terms(std::span<const std::string> texts, size_t max_terms = kMaxSuggestionTerms);

}  // namespace switchyard::comms
