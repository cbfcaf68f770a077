// How address text is read, for the gazetteer (docs/gazetteer.md): the same normalisation is
// applied to what the city loads and to what a resident types, so that "145 Ipswich Street",
// "145 ipswich st." and "145 IPSWICH ST" are the same words.
//
// Normalisation: lower-case; Latin accents folded (é → e, ñ → n); every character that is not a
// letter or digit separates words, except '-' between digits ("145-151") and '&'; street-type
// and direction words abbreviated the way US address files write them (street → st, avenue →
// ave, north → n, …: kAbbreviations in the .cpp). Pure functions, safe from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civic311 {

// The normalised words of an address text, in order.
std::vector<std::string> AddressWords(std::string_view text);

// The words joined by single spaces: the key two spellings of one street share.
std::string NormalizedAddress(std::string_view text);

// A house number as written ("145", "145-151", "28A", "12 1/2" is not one): the numeric range
// it covers. nullopt if the word does not start with a digit.
struct HouseNumber {
  long from = 0;
  long to = 0;  // == from for a single number
};
std::optional<HouseNumber> ParseHouseNumber(std::string_view word);

// Damerau–Levenshtein distance (adjacent transpositions count 1) between a and b, or max + 1 as
// soon as it is known to exceed `max` (cheap rejection: the caller only wants small distances).
std::size_t EditDistanceAtMost(std::string_view a, std::string_view b, std::size_t max);

}  // namespace civic311
