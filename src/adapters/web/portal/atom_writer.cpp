#include "adapters/web/portal/atom_writer.hpp"

#include "base/time_format.hpp"

namespace civic311::portal {
namespace {

void Element(std::string& out, std::string_view name, std::string_view text) {
  out += '<';
  out += name;
  out += '>';
  AppendXmlEscaped(out, text);
  out += "</";
  out += name;
  out += ">\n";
}

void Link(std::string& out, std::string_view rel, std::string_view href, std::string_view type) {
  out += "<link rel=\"";
  out += rel;
  out += "\" href=\"";
  AppendXmlEscaped(out, href);
  out += '"';
  if (!type.empty()) {
    out += " type=\"";
    out += type;
    out += '"';
  }
  out += "/>\n";
}

}  // namespace

void AppendXmlEscaped(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
}

std::string WriteAtom(const AtomFeed& feed) {
  std::string out;
  out.reserve(1024 + feed.entries.size() * 600);
  out += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  out += "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  Element(out, "id", feed.id);
  Element(out, "title", feed.title);
  Element(out, "updated", FormatUtc(feed.updated));
  Link(out, "self", feed.self, "application/atom+xml");
  if (!feed.alternate.empty()) Link(out, "alternate", feed.alternate, "text/html");
  out += "<author>";
  Element(out, "name", feed.author);
  out += "</author>\n";
  Element(out, "generator", "civic311");
  for (const AtomEntry& e : feed.entries) {
    out += "<entry>\n";
    Element(out, "id", e.id);
    Element(out, "title", e.title);
    Link(out, "alternate", e.link, "text/html");
    Element(out, "published", FormatUtc(e.published));
    Element(out, "updated", FormatUtc(e.updated));
    if (!e.category.empty()) {
      out += "<category term=\"";
      AppendXmlEscaped(out, e.category);
      out += "\"/>\n";
    }
    if (!e.summary.empty()) {
      out += "<summary type=\"text\">";
      AppendXmlEscaped(out, e.summary);
      out += "</summary>\n";
    }
    out += "</entry>\n";
  }
  out += "</feed>\n";
  return out;
}

}  // namespace civic311::portal
