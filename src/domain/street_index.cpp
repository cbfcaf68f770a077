#include "domain/street_index.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_map>

#include "domain/address_text.hpp"

namespace civic311 {
namespace {

constexpr float kUnmatched = 1.0f;
constexpr float kUncovered = 0.15f;
constexpr std::size_t kMaxQueryWords = 8;
constexpr std::size_t kMaxCandidatesPerWord = 64;

std::vector<std::string> SplitSpaces(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = s.find(' ', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

}  // namespace

StreetIndex::StreetIndex(std::vector<Street> streets) : streets_(std::move(streets)) {
  std::map<std::string, std::vector<std::uint32_t>> posts;
  word_count_.reserve(streets_.size());
  for (std::uint32_t i = 0; i < streets_.size(); ++i) {
    auto words = SplitSpaces(streets_[i].normalized);
    word_count_.push_back(static_cast<std::uint8_t>(std::min<std::size_t>(words.size(), 255)));
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    for (auto& w : words) posts[w].push_back(i);
  }
  dict_.reserve(posts.size());
  posts_.reserve(posts.size());
  for (auto& [w, ids] : posts) {
    dict_.push_back(w);
    posts_.push_back(std::move(ids));
  }
}

std::vector<StreetIndex::Candidate> StreetIndex::Candidates(const std::string& q, bool is_last,
                                                            bool prefix) const {
  std::vector<Candidate> out;
  auto add = [&](std::size_t i, float cost) {
    for (Candidate& c : out) {
      if (c.word == i) {
        c.cost = std::min(c.cost, cost);
        return;
      }
    }
    out.push_back({static_cast<std::uint32_t>(i), cost});
  };
  // Exact and prefix matches: one range of the sorted dictionary.
  auto lo = std::lower_bound(dict_.begin(), dict_.end(), q);
  const bool may_prefix = (is_last && prefix) || q.size() >= 3;
  for (auto it = lo; it != dict_.end() && it->compare(0, q.size(), q) == 0; ++it) {
    if (*it == q) {
      add(static_cast<std::size_t>(it - dict_.begin()), 0.0f);
    } else if (may_prefix) {
      add(static_cast<std::size_t>(it - dict_.begin()), is_last && prefix ? 0.1f : 0.3f);
    }
    if (out.size() >= kMaxCandidatesPerWord) break;
  }
  // Typos: words of 4+ letters, compared with every dictionary word of a close length.
  if (q.size() >= 4) {
    const std::size_t max_d = q.size() >= 8 ? 2 : 1;
    for (std::size_t i = 0; i < dict_.size(); ++i) {
      const std::string& w = dict_[i];
      if (w.size() + max_d >= q.size() && w.size() <= q.size() + max_d) {
        std::size_t d = EditDistanceAtMost(q, w, max_d);
        if (d <= max_d && d > 0) add(i, 0.4f * static_cast<float>(d));
      }
      if (is_last && prefix && w.size() > q.size()) {
        if (EditDistanceAtMost(q, std::string_view(w).substr(0, q.size()), 1) == 1) add(i, 0.5f);
      }
    }
  }
  if (out.size() > kMaxCandidatesPerWord) {
    std::partial_sort(out.begin(), out.begin() + kMaxCandidatesPerWord, out.end(),
                      [](const Candidate& a, const Candidate& b) { return a.cost < b.cost; });
    out.resize(kMaxCandidatesPerWord);
  }
  return out;
}

std::vector<StreetIndex::Match> StreetIndex::Find(const std::vector<std::string>& words,
                                                  bool last_is_prefix, std::size_t limit) const {
  const std::size_t k = std::min(words.size(), kMaxQueryWords);
  if (k == 0 || limit == 0) return {};
  constexpr float kNone = std::numeric_limits<float>::infinity();
  struct Acc {
    float best[kMaxQueryWords];
    std::uint8_t covered = 0;  // distinct street words matched (approximation: matched words)
    bool significant = false;
  };
  std::unordered_map<std::uint32_t, Acc> acc;
  for (std::size_t qi = 0; qi < k; ++qi) {
    const bool is_last = qi + 1 == k;
    for (const Candidate& c : Candidates(words[qi], is_last, last_is_prefix)) {
      for (std::uint32_t s : posts_[c.word]) {
        auto [it, inserted] = acc.try_emplace(s);
        Acc& a = it->second;
        if (inserted) std::fill(std::begin(a.best), std::end(a.best), kNone);
        if (a.best[qi] == kNone) ++a.covered;
        a.best[qi] = std::min(a.best[qi], c.cost);
        if (words[qi].size() >= 3) a.significant = true;
      }
    }
  }
  std::vector<std::pair<Match, int>> ranked;
  ranked.reserve(acc.size());
  for (const auto& [s, a] : acc) {
    if (!a.significant) continue;
    float cost = 0;
    for (std::size_t qi = 0; qi < k; ++qi) cost += a.best[qi] == kNone ? kUnmatched : a.best[qi];
    int uncovered = static_cast<int>(word_count_[s]) - static_cast<int>(a.covered);
    if (uncovered > 0) cost += kUncovered * static_cast<float>(uncovered);
    ranked.push_back({{streets_[s].id, cost}, streets_[s].weight});
  }
  auto better = [](const std::pair<Match, int>& a, const std::pair<Match, int>& b) {
    if (a.first.cost != b.first.cost) return a.first.cost < b.first.cost;
    if (a.second != b.second) return a.second > b.second;
    return a.first.id < b.first.id;
  };
  const std::size_t n = std::min(limit, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end(),
                    better);
  std::vector<Match> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(ranked[i].first);
  return out;
}

}  // namespace civic311
