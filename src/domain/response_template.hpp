// Response templates: the city's standard public wording for a state change or a public note,
// so that staff answer residents in one click and in one voice ([[response_templates]],
// docs/config.md). The config loader builds and validates them; the workflow applies them.
// Thread-safety: plain immutable values and pure functions.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/request_state.hpp"

namespace civic311 {

// The longest template text: a template fills a note, and notes are at most this long.
inline constexpr std::size_t kMaxTemplateTextBytes = 4000;

// What the config writes for a template that goes with a public note in any state.
inline constexpr std::string_view kNoteTemplateState = "note";

struct ResponseTemplate {
  std::string id;     // unique per city, [a-z0-9_-]; recorded in the event's data
  std::string title;  // the button label: "Pothole filled"
  // The state the template announces (the target of the action it fills); nullopt: a public
  // note, usable in any state.
  std::optional<RequestState> state;
  std::vector<std::string> services;  // service codes; empty: every service
  std::string text;                   // the public wording
  std::string text_es;                // the same in Spanish; may be empty

  bool IsNote() const { return !state.has_value(); }
  bool CoversService(std::string_view code) const {
    return services.empty() || std::find(services.begin(), services.end(), code) != services.end();
  }
  // "fixed", …, or "note".
  std::string_view StateText() const { return state ? StateName(*state) : kNoteTemplateState; }
};

// The template called `id`, or nullptr.
inline const ResponseTemplate* FindResponseTemplate(const std::vector<ResponseTemplate>& all,
                                                    std::string_view id) {
  for (const ResponseTemplate& t : all)
    if (t.id == id) return &t;
  return nullptr;
}

}  // namespace civic311
