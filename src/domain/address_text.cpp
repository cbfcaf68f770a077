#include "domain/address_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

#include "domain/text.hpp"

namespace civic311 {
namespace {

// Street types and directions as USPS Publication 28 abbreviates them (the common ones), plus
// ordinal spellings cities use both ways.
constexpr std::pair<std::string_view, std::string_view> kAbbreviations[] = {
    {"street", "st"},    {"str", "st"},         {"avenue", "ave"},    {"av", "ave"},
    {"road", "rd"},      {"boulevard", "blvd"}, {"place", "pl"},      {"terrace", "ter"},
    {"terr", "ter"},     {"court", "ct"},       {"drive", "dr"},      {"square", "sq"},
    {"parkway", "pkwy"}, {"highway", "hwy"},    {"lane", "ln"},       {"circle", "cir"},
    {"wharf", "whf"},    {"plaza", "plz"},      {"extension", "ext"}, {"north", "n"},
    {"south", "s"},      {"east", "e"},         {"west", "w"},        {"first", "1st"},
    {"second", "2nd"},   {"third", "3rd"},      {"fourth", "4th"},    {"fifth", "5th"},
    {"sixth", "6th"},    {"seventh", "7th"},    {"eighth", "8th"},    {"ninth", "9th"},
    {"tenth", "10th"},   {"mount", "mt"},       {"saint", "st"},      {"and", "&"},
};

// Folds a Latin-1 Supplement / Latin Extended-A code point to its ASCII base letter (lower
// case), or 0 if it has none.
char FoldLatin(char32_t cp) {
  static constexpr std::string_view kLatin1 =  // U+00C0 … U+00FF
      "aaaaaaaceeeeiiiidnooooo*ouuuuyts"
      "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
  if (cp >= 0xC0 && cp <= 0xFF) {
    char c = kLatin1[cp - 0xC0];
    return (c == '*' || c == '/') ? 0 : c;
  }
  if (cp >= 0x100 && cp <= 0x17F) {  // Latin Extended-A: pairs of upper/lower, mostly in order
    static constexpr std::string_view kExtA =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjjjkkklllllll"
        "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    std::size_t i = cp - 0x100;
    return i < kExtA.size() ? kExtA[i] : 0;
  }
  return 0;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::vector<std::string> AddressWords(std::string_view text) {
  // First pass: fold to lower-case ASCII letters, digits, '-', '&' and spaces.
  std::string folded;
  folded.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      char ch = static_cast<char>(c);
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      bool keep = (ch >= 'a' && ch <= 'z') || IsDigit(ch) || ch == '-' || ch == '&';
      // An apostrophe joins ("o'brien" → "obrien"); anything else separates.
      if (ch != '\'') folded += keep ? ch : ' ';
      ++i;
      continue;
    }
    char32_t cp = 0;
    std::size_t n = DecodeUtf8(text, i, &cp);
    if (n == 0) {
      folded += ' ';
      ++i;
      continue;
    }
    if (cp == 0x2019) {  // right single quotation mark: an apostrophe
    } else if (char f = FoldLatin(cp); f != 0) {
      folded += f;
    } else {
      folded += ' ';
    }
    i += n;
  }
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && folded[i] == ' ') ++i;
    std::size_t start = i;
    while (i < folded.size() && folded[i] != ' ') ++i;
    std::string_view w = std::string_view(folded).substr(start, i - start);
    // '-' stays only between digits ("145-151"); elsewhere it separates ("Saint-Denis").
    std::string word;
    for (std::size_t k = 0; k < w.size(); ++k) {
      char ch = w[k];
      if (ch == '&') {
        if (!word.empty()) words.push_back(std::exchange(word, {}));
        words.emplace_back("&");
        continue;
      }
      if (ch == '-' && !(k > 0 && IsDigit(w[k - 1]) && k + 1 < w.size() && IsDigit(w[k + 1]))) {
        if (!word.empty()) words.push_back(std::exchange(word, {}));
        continue;
      }
      word += ch;
    }
    if (!word.empty()) words.push_back(std::move(word));
  }
  for (std::string& w : words) {
    for (const auto& [long_form, short_form] : kAbbreviations) {
      if (w == long_form) {
        w = short_form;
        break;
      }
    }
  }
  return words;
}

std::string NormalizedAddress(std::string_view text) {
  std::string out;
  for (const std::string& w : AddressWords(text)) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

std::optional<HouseNumber> ParseHouseNumber(std::string_view word) {
  if (word.empty() || !IsDigit(word.front())) return std::nullopt;
  HouseNumber h;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), h.from);
  if (ec != std::errc()) return std::nullopt;
  h.to = h.from;
  std::string_view rest(end, word.data() + word.size() - end);
  if (rest.size() > 1 && rest.front() == '-' && IsDigit(rest[1])) {
    long to = 0;
    auto [end2, ec2] = std::from_chars(rest.data() + 1, rest.data() + rest.size(), to);
    if (ec2 == std::errc() && to >= h.from) h.to = to;
  }
  return h;
}

std::size_t EditDistanceAtMost(std::string_view a, std::string_view b, std::size_t max) {
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > max) return max + 1;
  if (n > 64 || m > 64) return a == b ? 0 : max + 1;  // words are short; long ones: exact only
  // Three rows of the Damerau (optimal string alignment) table.
  std::array<std::size_t, 65> prev2{}, prev{}, cur{};
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= m; ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        v = std::min(v, prev2[j - 2] + 1);
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[m] <= max ? prev[m] : max + 1;
}

}  // namespace civic311
