#include "http/api/message.hpp"

#include <gtest/gtest.h>

namespace civic311::http {
namespace {

TEST(RequestCookie, FindsTheNamedCookieAmongOthers) {
  Request r;
  r.headers = {{"cookie", "theme=dark; c311_session=abc123;  lang=es"}};
  EXPECT_EQ(r.Cookie("c311_session"), "abc123");
  EXPECT_EQ(r.Cookie("lang"), "es");
  EXPECT_EQ(r.Cookie("theme"), "dark");
  EXPECT_EQ(r.Cookie("missing"), "");
  EXPECT_EQ(r.Cookie("c311"), "");  // no prefix matches
}

TEST(RequestCookie, QuotedValuesSeveralHeadersAndJunk) {
  Request r;
  r.headers = {{"cookie", "junk; =x; a"}, {"cookie", "sid=\"q1\""}};
  EXPECT_EQ(r.Cookie("sid"), "q1");
  EXPECT_EQ(r.Cookie("a"), "");
  EXPECT_EQ(r.Cookie(""), "x");
  Request none;
  EXPECT_EQ(none.Cookie("sid"), "");
}

}  // namespace
}  // namespace civic311::http
