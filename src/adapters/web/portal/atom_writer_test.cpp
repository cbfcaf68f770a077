// The Atom writer: every value escaped, forbidden characters dropped, the required elements
// present; and the document parses (Python's XML parser, a second opinion on well-formedness).
#include "adapters/web/portal/atom_writer.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "base/temp_dir.hpp"

namespace civic311::portal {
namespace {

AtomFeed Hostile() {
  AtomFeed f;
  f.id = "https://city.example/requests.atom?service=&state=open";
  f.title = "Testville: <Reports> & \"more\"";
  f.self = f.id;
  f.alternate = "https://city.example/requests?service=&state=open";
  f.author = "Testville & Co";
  f.updated = Timestamp(std::chrono::seconds(1767225600));
  AtomEntry e;
  e.id = "https://city.example/requests/7";
  e.link = e.id;
  e.title = "Pothole — 1 Main St <script>alert('x')</script>\x01\x1f";
  e.summary = "#7 · We're on it & <b>soon</b>";
  e.category = "POT\"HOLE";
  e.published = f.updated;
  e.updated = f.updated + std::chrono::hours(1);
  f.entries.push_back(e);
  return f;
}

TEST(AtomWriter, EscapesEveryValueAndWritesTheRequiredElements) {
  const std::string xml = WriteAtom(Hostile());
  EXPECT_TRUE(xml.starts_with(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  EXPECT_EQ(xml.find("<script>"), std::string::npos);
  EXPECT_EQ(xml.find("<b>"), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_NE(xml.find("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(xml.find("href=\"https://city.example/requests.atom?service=&amp;state=open\""),
            std::string::npos);
  EXPECT_NE(xml.find("<category term=\"POT&quot;HOLE\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<updated>2026-01-01T00:00:00Z</updated>"), std::string::npos);
  EXPECT_NE(xml.find("<updated>2026-01-01T01:00:00Z</updated>"), std::string::npos);
  for (const char* required : {"<id>", "<title>", "<link rel=\"self\"", "<author><name>", "<entry>",
                               "<published>", "<link rel=\"alternate\""})
    EXPECT_NE(xml.find(required), std::string::npos) << required;
}

TEST(AtomWriter, TheDocumentParses) {
  ScopedTempDir dir("c311-atom");
  const std::string path = dir.File("feed.xml");
  std::ofstream(path, std::ios::binary) << WriteAtom(Hostile());
  const std::string cmd =
      "/usr/bin/python3 -c \"import sys, xml.etree.ElementTree as E; "
      "r = E.parse(sys.argv[1]).getroot(); ns = '{http://www.w3.org/2005/Atom}'; "
      "assert r.tag == ns + 'feed'; e = r.findall(ns + 'entry'); assert len(e) == 1; "
      "assert '<script>' in e[0].find(ns + 'title').text; print('ok')\" " +
      path;
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[64] = {};
  const size_t n = fread(buf, 1, sizeof buf - 1, p);
  const int rc = pclose(p);
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(std::string(buf, n), "ok\n");
}

}  // namespace
}  // namespace civic311::portal
