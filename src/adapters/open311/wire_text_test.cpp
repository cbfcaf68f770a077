#include "adapters/open311/wire_text.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <random>

#include "base/time_format.hpp"

namespace civic311::open311 {
namespace {

std::string Json(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

std::string Xml(std::string_view s) {
  std::string out;
  AppendXmlText(out, s);
  return out;
}

TEST(WireText, JsonEscapesWhatItMust) {
  EXPECT_EQ(Json("plain"), "\"plain\"");
  EXPECT_EQ(Json("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(Json("l1\nl2\r\t\b\f"), R"("l1\nl2\r\t\b\f")");
  EXPECT_EQ(Json(std::string("nul\0x", 5)), R"("nul\u0000x")");
  EXPECT_EQ(Json("\x1f"), R"("\u001f")");
  EXPECT_EQ(Json("café €5 𝄞"), "\"café €5 𝄞\"");  // UTF-8 passes through
  EXPECT_EQ(Json("a\xE2\x80\xA8"
                 "b"),
            R"("a\u2028b")");
  EXPECT_EQ(Json("</script>"), "\"</script>\"");
}

TEST(WireText, JsonReplacesMalformedUtf8AndStaysParseable) {
  EXPECT_EQ(Json("bad\xC3(x"), "\"bad\xEF\xBF\xBD(x\"");
  EXPECT_EQ(Json("\xFF\xFE"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(Json("cut\xE2\x82"), "\"cut\xEF\xBF\xBD\xEF\xBF\xBD\"");
  // Every byte value, alone and in pairs: the output always parses back as a JSON string.
  for (int a = 0; a < 256; ++a) {
    for (int b : {0x00, 0x41, 0x80, 0xBF, 0xC3, 0xE2, 0xFF}) {
      std::string s{static_cast<char>(a), static_cast<char>(b)};
      boost::system::error_code ec;
      auto v = boost::json::parse(Json(s), ec);
      ASSERT_FALSE(ec) << a << "," << b << ": " << Json(s);
      ASSERT_TRUE(v.is_string());
    }
  }
}

TEST(WireText, XmlEscapesAndStripsWhatXml10Forbids) {
  EXPECT_EQ(Xml("a & b < c > d \"q\" 'a'"), "a &amp; b &lt; c &gt; d \"q\" 'a'");
  EXPECT_EQ(Xml("l1\nl2\tx\ry"), "l1\nl2\tx&#13;y");
  EXPECT_EQ(Xml(std::string("n\0u\x01l\x1b", 6)), "nul");  // C0 controls dropped
  EXPECT_EQ(Xml("x\xEF\xBF\xBEy\xEF\xBF\xBFz"), "xyz");    // U+FFFE, U+FFFF dropped
  EXPECT_EQ(Xml("bad\xC3(x"), "bad\xEF\xBF\xBD(x");        // malformed -> U+FFFD
  EXPECT_EQ(Xml("]]> café"), "]]&gt; café");
}

TEST(WireText, UtcMatchesFormatUtc) {
  std::mt19937_64 rng(311);
  std::uniform_int_distribution<long long> secs(0, 253402300799LL);  // 1970 .. 9999-12-31
  for (int i = 0; i < 20000; ++i) {
    Timestamp t{std::chrono::seconds(secs(rng))};
    std::string out;
    AppendUtc(out, t);
    ASSERT_EQ(out, FormatUtc(t));
  }
  std::string out;
  AppendUtc(out, *ParseW3cDatetime("2024-02-29T23:59:59Z"));
  EXPECT_EQ(out, "2024-02-29T23:59:59Z");
}

TEST(WireText, Numbers) {
  std::string out;
  AppendDouble(out, 40.7128);
  out += ' ';
  AppendDouble(out, -74.006);
  out += ' ';
  AppendDouble(out, 37.762221815);
  out += ' ';
  AppendInt(out, -9007199254740993LL);
  EXPECT_EQ(out, "40.7128 -74.006 37.762221815 -9007199254740993");
}

}  // namespace
}  // namespace civic311::open311
