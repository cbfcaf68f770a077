// StreetIndex: finds streets by the words a resident typed, forgiving typos and unfinished words
// (docs/gazetteer.md, "How search works"). Built once from the gazetteer's distinct streets (a
// city has a few thousand) and kept in memory by the geocoder; immutable afterwards.
//
// Matching a query word against the distinct street words (the dictionary):
//   exact                                   cost 0
//   prefix of a word (the word being typed) cost 0.1 (last word) / 0.3 (other words, >= 3 letters)
//   typo: Damerau–Levenshtein distance d    cost 0.4·d; d <= 1 for words of 4–7 letters, 2 from 8
//   typo in the word being typed (prefix)   cost 0.5 (>= 4 letters, d <= 1)
// A street's cost is the sum over the query words of their best match among its words (a word
// matching none costs 1.0), plus 0.15 for each of its words no query word matched (so "Ipswich
// St" beats "Ipswich St Ext"). A street needs at least one matched query word of 3+ letters
// ("st" alone matches nothing). Ties go to the street with more addresses.
//
// Thread-safety: const methods are safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace civic311 {

class StreetIndex {
 public:
  struct Street {
    std::int64_t id = 0;
    std::string normalized;  // NormalizedAddress() of the name: "ipswich st"
    int weight = 0;          // addresses on it (tie-breaker)
  };
  struct Match {
    std::int64_t id = 0;
    double cost = 0;
  };

  explicit StreetIndex(std::vector<Street> streets);

  // The best `limit` streets for normalised query words (AddressWords), cheapest first.
  // last_is_prefix: the resident may still be typing the last word.
  std::vector<Match> Find(const std::vector<std::string>& words, bool last_is_prefix,
                          std::size_t limit) const;

  std::size_t size() const { return streets_.size(); }

 private:
  struct Candidate {
    std::uint32_t word = 0;  // dictionary index
    float cost = 0;
  };
  std::vector<Candidate> Candidates(const std::string& q, bool is_last, bool prefix) const;

  std::vector<Street> streets_;
  std::vector<std::uint8_t> word_count_;           // words of each street
  std::vector<std::string> dict_;                  // sorted distinct street words
  std::vector<std::vector<std::uint32_t>> posts_;  // dictionary index → streets having it
};

}  // namespace civic311
