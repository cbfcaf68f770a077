#include "http/form_decode.hpp"

#include <gtest/gtest.h>

namespace civic311::http {
namespace {

std::string Decode(std::string_view in, PercentMode mode) {
  std::string out;
  EXPECT_TRUE(PercentDecode(in, mode, &out)) << in;
  return out;
}

bool DecodeFails(std::string_view in) {
  std::string out;
  return !PercentDecode(in, PercentMode::kForm, &out);
}

TEST(PercentDecode, DecodesEscapesAndPlus) {
  EXPECT_EQ(Decode("a%20b+c", PercentMode::kForm), "a b c");
  EXPECT_EQ(Decode("a%20b+c", PercentMode::kPath), "a b+c");
  EXPECT_EQ(Decode("%41%6a%6A", PercentMode::kForm), "Ajj");
  EXPECT_EQ(Decode("", PercentMode::kForm), "");
  EXPECT_EQ(Decode("plain", PercentMode::kForm), "plain");
  EXPECT_EQ(Decode("%E2%82%AC", PercentMode::kForm), "\xE2\x82\xAC");
}

TEST(PercentDecode, RejectsBadEscapes) {
  EXPECT_TRUE(DecodeFails("%"));
  EXPECT_TRUE(DecodeFails("%4"));
  EXPECT_TRUE(DecodeFails("abc%"));
  EXPECT_TRUE(DecodeFails("%zz"));
  EXPECT_TRUE(DecodeFails("%4g"));
  EXPECT_TRUE(DecodeFails("a%%20"));
}

TEST(Utf8, AcceptsWellFormed) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii that is longer than eight bytes"));
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9"));
  EXPECT_TRUE(IsValidUtf8("\xE2\x82\xAC"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80 emoji"));
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(Utf8, RejectsMalformed) {
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\x80"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("abcdefgh\xE2\x82"));  // truncated after the ASCII fast path
}

TEST(SplitTarget, OriginAndAbsoluteForms) {
  std::string_view path, query;
  ASSERT_TRUE(SplitTarget("/a/b?x=1&y=2", &path, &query));
  EXPECT_EQ(path, "/a/b");
  EXPECT_EQ(query, "x=1&y=2");
  ASSERT_TRUE(SplitTarget("/a", &path, &query));
  EXPECT_EQ(path, "/a");
  EXPECT_EQ(query, "");
  ASSERT_TRUE(SplitTarget("/a?b?c", &path, &query));
  EXPECT_EQ(query, "b?c");
  ASSERT_TRUE(SplitTarget("http://example.org/x/y?z=1", &path, &query));
  EXPECT_EQ(path, "/x/y");
  EXPECT_EQ(query, "z=1");
  ASSERT_TRUE(SplitTarget("HTTPS://example.org", &path, &query));
  EXPECT_EQ(path, "/");
  ASSERT_TRUE(SplitTarget("http://example.org?q", &path, &query));
  EXPECT_EQ(path, "/");
  EXPECT_EQ(query, "q");
}

TEST(SplitTarget, RejectsOtherForms) {
  std::string_view path, query;
  EXPECT_FALSE(SplitTarget("", &path, &query));
  EXPECT_FALSE(SplitTarget("*", &path, &query));
  EXPECT_FALSE(SplitTarget("example.org:443", &path, &query));
  EXPECT_FALSE(SplitTarget("ftp://x/y", &path, &query));
  EXPECT_FALSE(SplitTarget("http:///y", &path, &query));
  EXPECT_FALSE(SplitTarget("/a#frag", &path, &query));
}

TEST(DecodePath, DecodesAndValidates) {
  std::string out;
  ASSERT_TRUE(DecodePath("/a%20b/c+d", &out));
  EXPECT_EQ(out, "/a b/c+d");
  EXPECT_EQ(DecodePath("/a%2", &out).error().message, "invalid percent-encoding in path");
  EXPECT_EQ(DecodePath("/a%00b", &out).error().message, "path must not contain NUL bytes");
  EXPECT_EQ(DecodePath("/a%FF", &out).error().message, "path must be UTF-8");
}

TEST(ParseUrlEncoded, KeepsOrderAndRepeatedKeys) {
  Params p;
  ASSERT_TRUE(ParseUrlEncoded(
      "attribute%5BX%5D%5B%5D=a&attribute[X][]=b&q=hello+world&&flag&e=", "query string", &p));
  Params want = {{"attribute[X][]", "a"},
                 {"attribute[X][]", "b"},
                 {"q", "hello world"},
                 {"flag", ""},
                 {"e", ""}};
  EXPECT_EQ(p, want);
}

TEST(ParseUrlEncoded, ValueMayContainEquals) {
  Params p;
  ASSERT_TRUE(ParseUrlEncoded("k=a=b%3Dc", "query string", &p));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].second, "a=b=c");
}

TEST(ParseUrlEncoded, Errors) {
  Params p;
  auto s = ParseUrlEncoded("a=%zz", "query string", &p);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.error().message, "invalid percent-encoding in query string");
  p.clear();
  EXPECT_EQ(ParseUrlEncoded("a%=1", "form body", &p).error().message,
            "invalid percent-encoding in form body");
  p.clear();
  EXPECT_EQ(ParseUrlEncoded("a=%C3%28", "query string", &p).error().message,
            "parameters must be UTF-8");
  p.clear();
  EXPECT_EQ(ParseUrlEncoded("%FF=1", "query string", &p).error().message,
            "parameters must be UTF-8");
  p.clear();
  EXPECT_FALSE(ParseUrlEncoded("a=%00", "query string", &p));
  // The pairs before the bad one are kept (an error page reads ?lang= from them), none after.
  p.clear();
  EXPECT_FALSE(ParseUrlEncoded("lang=es&q=%G1&x=1", "query string", &p));
  EXPECT_EQ(p, (Params{{"lang", "es"}}));
}

}  // namespace
}  // namespace civic311::http
