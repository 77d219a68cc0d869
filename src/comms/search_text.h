#pragma once
// Full-text search in English and Chinese (docs/comms.md "Search"): the text a search index
// stores for a document, and the terms a query looks for, built the same way so that both
// SQLite FTS5 (tokenizer unicode61) and PostgreSQL (to_tsvector('simple')) index whitespace-
// separated tokens and find Chinese without a word segmenter.
//
// Tokens: a run of word characters (core/text.h: letters and digits of alphabetic scripts,
// case-folded) is one token ("Refund" -> "refund"); a run of CJK characters becomes its
// overlapping bigrams in order, then its single characters ("退款政策" -> "退款 款政 政策 退 款 政
// 策"), so a query of one character finds it and a query of two or more finds it as a phrase of
// bigrams. Everything else (spaces, punctuation, symbols, invalid bytes) separates tokens.
//
// Query: each run gives one phrase: a word run its word; a CJK run of n >= 2 characters its n - 1
// bigrams (consecutive in the index, so the phrase matches only the same characters in order),
// of one character that character. A document matches when it has every phrase (AND); the last
// word phrase may be a prefix when the query asks for it (typing as you search).
//
// Pure; any input is safe. Cost: O(bytes).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::comms {

inline constexpr size_t kMaxQueryPhrases = 16;  // more are dropped (a query is short)

// The index text of `text`: tokens separated by one space.
std::string index_text(std::string_view text);

struct Phrase {
  std::vector<std::string> tokens;  // consecutive tokens of the index
  bool prefix = false;              // the last token may continue (words only)
};

// The phrases of `query` (at most kMaxQueryPhrases); empty when it has no token. `prefix_last`:
// the last phrase, when it is a word, matches words starting with it.
std::vector<Phrase> query_phrases(std::string_view query, bool prefix_last = false);

// The phrases as an FTS5 MATCH expression: "a b" "c"* (tokens quoted; AND between phrases).
std::string fts5_match(const std::vector<Phrase>& phrases);
// The phrases as a PostgreSQL to_tsquery('simple', ...) text: 'a' <-> 'b' & 'c':*.
std::string pg_tsquery(const std::vector<Phrase>& phrases);
// Every token of the phrases, in any order and place: 'a' & 'b' & 'c':*. A superset of
// pg_tsquery's matches that a GIN index answers without reading the documents.
std::string pg_tsquery_tokens(const std::vector<Phrase>& phrases);

}  // namespace switchyard::comms
