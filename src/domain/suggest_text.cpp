#include "domain/suggest_text.hpp"

#include <algorithm>
#include <array>

#include "domain/search_text.hpp"

namespace civic311 {
namespace {

// Common words that say nothing about the problem. Words of under 3 bytes are dropped anyway.
// Both lists apply to every language: residents mix them ("my basura").
// clang-format off
constexpr std::string_view kStopWords[] = {
    // English
    "about", "after", "again", "all", "also", "and", "any", "are", "aren", "been", "before",
    "being", "but", "can", "cannot", "could", "couldn", "did", "didn", "does", "doesn", "done",
    "don", "for", "from", "get", "got", "had", "has", "hasn", "have", "haven", "her", "here",
    "him", "his", "how", "isn", "its", "just", "last", "like", "many", "more", "much", "not",
    "now", "off", "once", "only", "our", "out", "over", "please", "she", "should", "some",
    "still", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "today", "too", "very", "was", "wasn", "were", "weren", "what", "when", "where",
    "which", "while", "who", "why", "will", "with", "won", "would", "yesterday", "you", "your",
    "hello", "thanks", "thank", "need", "want", "know", "help",
    // Spanish
    "algo", "algun", "alguna", "ante", "aqui", "bien", "cada", "como", "con", "cual", "cuando",
    "del", "desde", "donde", "dos", "ella", "ellos", "esa", "ese", "eso", "esta", "estaba",
    "estan", "este", "esto", "fue", "gracias", "hace", "han", "hasta", "hay", "hola", "las",
    "los", "mas", "mis", "muy", "nada", "nos", "nuestra", "nuestro", "otra", "otro", "para",
    "pero", "por", "porque", "que", "quien", "sea", "ser", "sin", "sobre", "son", "sus",
    "tambien", "tan", "tengo", "tiene", "todo", "todos", "una", "uno", "unos", "usted", "ayer",
    "hoy", "necesito", "quiero", "ayuda",
};
// clang-format on

bool IsStopWord(std::string_view w) {
  return std::find(std::begin(kStopWords), std::end(kStopWords), w) != std::end(kStopWords);
}

}  // namespace

std::vector<std::string> MeaningfulWords(std::string_view text, std::string_view /*lang*/) {
  std::vector<std::string> out;
  for (std::string& w : SplitWords(text)) {
    if (w.size() < 3 || IsStopWord(w)) continue;
    if (std::find(out.begin(), out.end(), w) != out.end()) continue;
    out.push_back(std::move(w));
    if (out.size() == kMaxSuggestWords) break;
  }
  return out;
}

}  // namespace civic311
