// The meaningful words of a resident's free text, for "suggest while typing" (knowledge-base
// suggestions, docs/knowledge-base.md): the text split as staff search splits it
// (SplitWords), without the common words of its language (English and Spanish lists; "my",
// "wasn't", "el", "por"…), without words shorter than 3 bytes, each word once, at most
// kMaxSuggestWords. Pure; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace civic311 {

inline constexpr std::size_t kMaxSuggestWords = 12;

std::vector<std::string> MeaningfulWords(std::string_view text, std::string_view lang);

}  // namespace civic311
