#include "adapters/web/session/web_session.hpp"

#include <gtest/gtest.h>

namespace civic311::web {
namespace {

http::Request Post(std::string cookie, std::string token) {
  http::Request r;
  r.method = http::Method::kPost;
  if (!cookie.empty()) r.headers.push_back({"cookie", cookie});
  if (!token.empty()) r.form.push_back({"csrf_token", token});
  return r;
}

TEST(WebSession, SafeMethodsNeedNoToken) {
  http::Request get;
  EXPECT_TRUE(CheckCsrf(get).ok());
}

TEST(WebSession, AnonymousFormsDoubleSubmitTheCsrfCookie) {
  EXPECT_TRUE(CheckCsrf(Post("c311_csrf=abc123", "abc123")).ok());
  EXPECT_EQ(CheckCsrf(Post("c311_csrf=abc123", "abc124")).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_FALSE(CheckCsrf(Post("", "abc123")).ok()) << "a token without its cookie";
  EXPECT_FALSE(CheckCsrf(Post("c311_csrf=abc123", "")).ok()) << "a cookie without the token";
  EXPECT_FALSE(CheckCsrf(Post("c311_csrf=", "")).ok());
}

TEST(WebSession, SignedInFormsPresentTheSessionsToken) {
  const std::string session = "session-token-value";
  const std::string csrf = AuthService::CsrfToken(session);
  EXPECT_TRUE(CheckCsrf(Post("c311_session=" + session, csrf)).ok());
  EXPECT_FALSE(CheckCsrf(Post("c311_session=" + session, "x")).ok());
  // With a session, the anonymous cookie no longer counts.
  EXPECT_FALSE(CheckCsrf(Post("c311_session=" + session + "; c311_csrf=abc", "abc")).ok());
  http::Request header = Post("c311_session=" + session, "");
  header.headers.push_back({"x-csrf-token", csrf});
  EXPECT_TRUE(CheckCsrf(header).ok());
}

TEST(WebSession, FormsGetATokenAndAFirstVisitGetsItsCookie) {
  http::Request first;
  FormCsrf f = CsrfForForms(first);
  ASSERT_TRUE(f.set_cookie.has_value());
  EXPECT_NE(f.set_cookie->find("c311_csrf=" + f.token), std::string::npos);
  EXPECT_NE(f.set_cookie->find("HttpOnly"), std::string::npos);
  http::Request again;
  again.headers.push_back({"cookie", "c311_csrf=" + f.token});
  FormCsrf g = CsrfForForms(again);
  EXPECT_EQ(g.token, f.token);
  EXPECT_FALSE(g.set_cookie.has_value());
  http::Request secure;
  secure.secure = true;
  EXPECT_NE(SessionCookie(secure, "t", 60).find("; Secure"), std::string::npos);
  EXPECT_NE(SessionCookie(secure, "t", 60).find("SameSite=Strict"), std::string::npos);
}

}  // namespace
}  // namespace civic311::web
