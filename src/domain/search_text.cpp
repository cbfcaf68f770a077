#include "domain/search_text.hpp"

#include <algorithm>
#include <charconv>

#include "domain/text.hpp"

namespace civic311 {
namespace {

bool IsWordByte(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (IsWordByte(static_cast<unsigned char>(c))) {
      word += Lower(c);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

SearchText ParseSearchText(std::string_view text) {
  SearchText s;
  const std::string_view raw = text;
  text = TrimAscii(text);
  if (!text.empty() &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    RequestId id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec == std::errc() && end == text.data() + text.size() && id > 0) s.id = id;
  }
  s.words = SplitWords(text);
  const bool cut = s.words.size() > kMaxSearchWords;
  if (cut) s.words.resize(kMaxSearchWords);
  // The last word is a prefix only if the user did not finish it (no separator after it).
  s.last_is_prefix = !cut && !s.words.empty() && s.words.back().size() >= kMinPrefixLength &&
                     IsWordByte(static_cast<unsigned char>(raw.back()));
  return s;
}

bool MatchesSearch(const SearchText& s, RequestId id, const std::vector<std::string_view>& fields) {
  if (s.id && *s.id == id) return true;
  if (s.words.empty()) return false;
  std::vector<std::string> have;
  for (std::string_view f : fields) {
    auto words = SplitWords(f);
    have.insert(have.end(), words.begin(), words.end());
  }
  for (std::size_t i = 0; i < s.words.size(); ++i) {
    const std::string& w = s.words[i];
    const bool prefix = s.last_is_prefix && i + 1 == s.words.size();
    bool found = std::any_of(have.begin(), have.end(), [&](const std::string& h) {
      return prefix ? h.compare(0, w.size(), w) == 0 : h == w;
    });
    if (!found) return false;
  }
  return true;
}

}  // namespace civic311
