// The one Atom writer (RFC 4287) of every civic311 feed: /requests.atom, /feeds/areas/{area}.atom
// and /alerts/{token}.atom (docs/portal.md, "Feeds"). Callers fill an AtomFeed with public
// fields only; the writer escapes every value (text and attributes), drops characters XML 1.0
// cannot carry, and writes RFC 3339 UTC times. The output is a complete, well-formed document
// (tested by parsing it).
// Thread-safety: pure function.
#pragma once

#include <string>
#include <vector>

#include "base/clock.hpp"

namespace civic311::portal {

struct AtomEntry {
  std::string id;        // a permanent IRI (the request's status page)
  std::string title;     // plain text
  std::string link;      // rel="alternate"
  std::string summary;   // plain text; empty: none
  std::string category;  // the service code; empty: none
  Timestamp published{};
  Timestamp updated{};
};

struct AtomFeed {
  std::string id;         // a permanent IRI
  std::string title;      // plain text
  std::string self;       // this feed's URL (rel="self")
  std::string alternate;  // the page it mirrors (rel="alternate"); empty: none
  std::string author;     // the city
  Timestamp updated{};    // the newest entry's update, or now when there is none
  std::vector<AtomEntry> entries;
};

std::string WriteAtom(const AtomFeed& feed);

// Appends `s` escaped for XML text and attribute values (& < > " '), without the characters
// XML 1.0 forbids (C0 controls but tab, newline and carriage return).
void AppendXmlEscaped(std::string& out, std::string_view s);

}  // namespace civic311::portal
