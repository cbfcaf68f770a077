#include "http/dispatch.hpp"

#include <gtest/gtest.h>

#include <future>
#include <stdexcept>
#include <thread>

#include "http/wire.hpp"

namespace civic311::http {
namespace {

std::string Find(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

class DispatchTest : public ::testing::Test {
 protected:
  DispatchTest() {
    router_.Add(Method::kGet, "/services/{code}.{format}", [](const Request& req) {
      Response r;
      r.body =
          req.path_params.at(0) + "|" + req.path_params.at(1) + "|" + std::string(req.Param("q"));
      return r;
    });
    router_.Add(Method::kPost, "/requests.json", [](const Request& req) {
      Response r;
      r.status = 201;
      for (const auto& [k, v] : req.form) r.body += k + "=" + v + ";";
      r.body += req.content_type;
      return r;
    });
    router_.Add(Method::kGet, "/requests.json", [](const Request&) { return Response{}; });
    router_.Add(Method::kGet, "/boom", [](const Request&) -> Response {
      throw std::runtime_error("SELECT * FROM secrets");
    });
    router_.Add(Method::kGet, "/bad-status", [](const Request&) {
      Response r;
      r.status = 42;
      return r;
    });
    // Asynchronous handlers: one answers from another thread, one drops its reply, one throws.
    router_.AddAsync(Method::kGet, "/later/{word}", [](const Request& req, Responder reply) {
      std::string word = req.path_params.at(0);
      std::thread([word, reply] {
        Response r;
        r.status = 202;
        r.body = "later:" + word;
        reply.Send(std::move(r));
        reply.Send(Response{});  // a second answer is ignored
      }).detach();
    });
    router_.AddAsync(Method::kGet, "/dropped", [](const Request&, Responder) {});
    router_.AddAsync(Method::kGet, "/async-boom", [](const Request&, Responder) {
      throw std::runtime_error("SELECT * FROM secrets");
    });
    ctx_ = {&router_, &proxies_, &renderer_};
    peer_ = {boost::asio::ip::make_address("192.0.2.1"), "192.0.2.1"};
  }

  Response Run(Method m, std::string target,
               std::vector<std::pair<std::string, std::string>> headers = {},
               std::string body = "") {
    req_ = Request{};
    req_.method = m;
    req_.target = std::move(target);
    req_.headers = std::move(headers);
    req_.body = std::move(body);
    req_.request_id = "rid-1";
    return Dispatch(ctx_, peer_, req_);
  }

  Router router_;
  TrustedProxies proxies_;
  ErrorRenderer renderer_;
  DispatchContext ctx_;
  Peer peer_;
  Request req_;
};

TEST_F(DispatchTest, RoutesWithCapturesAndQuery) {
  Response r = Run(Method::kGet, "/services/a.b.json?q=x+y");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "a.b|json|x y");
  EXPECT_EQ(r.route, "GET /services/{code}.{format}");
  EXPECT_EQ(req_.path, "/services/a.b.json");
  EXPECT_EQ(req_.client_ip, "192.0.2.1");
}

TEST_F(DispatchTest, PercentDecodedPathIsRouted) {
  Response r = Run(Method::kGet, "/services/%41BC.json");
  EXPECT_EQ(r.body, "ABC|json|");
}

TEST_F(DispatchTest, HeadUsesGetHandler) {
  Response r = Run(Method::kHead, "/services/a.json");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "a|json|");
}

TEST_F(DispatchTest, NotFoundAndMethodNotAllowed) {
  Response r = Run(Method::kGet, "/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.route, "unmatched");
  EXPECT_EQ(r.body, R"({"error":{"status":404,"message":"not found"}})");
  r = Run(Method::kDelete, "/requests.json");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(Find(r, "Allow"), "GET, HEAD, POST, OPTIONS");
}

TEST_F(DispatchTest, OptionsPreflight) {
  Response r = Run(Method::kOptions, "/requests.json");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(Find(r, "Allow"), "GET, HEAD, POST, OPTIONS");
  EXPECT_EQ(Find(r, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(Find(r, "Access-Control-Allow-Methods"), "GET, HEAD, POST, OPTIONS");
  EXPECT_EQ(Find(r, "Access-Control-Allow-Headers"), "Content-Type, Authorization, X-Request-Id");
  EXPECT_FALSE(Find(r, "Access-Control-Max-Age").empty());
  EXPECT_EQ(Run(Method::kOptions, "/nope").status, 404);
}

TEST_F(DispatchTest, UrlencodedForm) {
  Response r = Run(Method::kPost, "/requests.json",
                   {{"content-type", "Application/X-WWW-Form-Urlencoded; charset=UTF-8"}},
                   "attribute%5BX%5D%5B%5D=1&attribute[X][]=2&description=big+hole");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body,
            "attribute[X][]=1;attribute[X][]=2;description=big hole;"
            "application/x-www-form-urlencoded");
}

TEST_F(DispatchTest, MultipartForm) {
  std::string body =
      "--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
      "--zz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n\r\n\xFF\r\n"
      "--zz--\r\n";
  Response r = Run(Method::kPost, "/requests.json",
                   {{"content-type", "multipart/form-data; boundary=zz"}}, body);
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, "a=1;multipart/form-data");
  r = Run(Method::kPost, "/requests.json", {{"content-type", "multipart/form-data"}}, body);
  EXPECT_EQ(r.status, 400);
  r = Run(Method::kPost, "/requests.json", {{"content-type", "multipart/form-data; boundary=zz"}},
          "--zz\r\ngarbage");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.route, "POST /requests.json");
}

TEST_F(DispatchTest, DecodingErrorsAre400WithClearMessages) {
  Response r = Run(Method::kGet, "/services/a.json?q=%G1");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body,
            R"({"error":{"status":400,"message":"invalid percent-encoding in query string"}})");
  r = Run(Method::kGet, "/services/a.json?q=%FF");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("parameters must be UTF-8"), std::string::npos);
  EXPECT_EQ(Run(Method::kGet, "/services/%zz.json").status, 400);
  EXPECT_EQ(Run(Method::kGet, "/services/a%00.json").status, 400);
  EXPECT_EQ(Run(Method::kGet, "*").status, 400);
}

TEST_F(DispatchTest, HandlerExceptionIs500WithoutDetail) {
  Response r = Run(Method::kGet, "/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("SELECT"), std::string::npos);
  EXPECT_EQ(r.route, "GET /boom");
  EXPECT_EQ(Run(Method::kGet, "/bad-status").status, 500);
}

TEST_F(DispatchTest, ErrorRendererIsUsedAndMayFail) {
  renderer_ = [](int status, const std::string& message, const Request& req) {
    Response r;
    r.status = status;
    r.content_type = "text/plain";
    r.body = "ERR " + std::to_string(status) + " " + message + " at " + req.path;
    return r;
  };
  Response r = Run(Method::kGet, "/nope");
  EXPECT_EQ(r.body, "ERR 404 not found at /nope");
  EXPECT_EQ(r.content_type, "text/plain");
  renderer_ = [](int, const std::string&, const Request&) -> Response {
    throw std::runtime_error("renderer bug");
  };
  r = Run(Method::kGet, "/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"error":{"status":404,"message":"not found"}})");
}

TEST_F(DispatchTest, TransportErrorFillsPathForRenderer) {
  std::string seen;
  renderer_ = [&](int status, const std::string&, const Request& req) {
    seen = req.path + " " + req.client_ip;
    return DefaultErrorResponse(status, "x");
  };
  req_ = Request{};
  req_.target = "/open311/v2/requests.json?x=1";
  Response r = DispatchTransportError(ctx_, peer_, 413, "request body too large", req_);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(seen, "/open311/v2/requests.json 192.0.2.1");
}

// Regression: a 404 for /nope?lang=es was rendered in English, because the query was decoded only
// for a routed request. The renderer of every error now sees the query (a bad one: none).
TEST_F(DispatchTest, UnroutedAndTransportErrorsShowTheQueryToTheRenderer) {
  std::string seen;
  renderer_ = [&](int status, const std::string&, const Request& req) {
    seen = std::to_string(status) + " lang=" + std::string(req.Param("lang"));
    return DefaultErrorResponse(status, "x");
  };
  Run(Method::kGet, "/nope?lang=es");
  EXPECT_EQ(seen, "404 lang=es");
  Run(Method::kPut, "/requests.json?lang=es");
  EXPECT_EQ(seen, "405 lang=es");
  Run(Method::kGet, "/nope?lang=es&q=%G1");  // the parameters before a bad one are kept
  EXPECT_EQ(seen, "404 lang=es");
  Run(Method::kGet, "/services/a.json?q=%G1&lang=es");  // 400; after the bad one: none
  EXPECT_EQ(seen, "400 lang=");
  req_ = Request{};
  req_.target = "/report/photos?lang=es";
  DispatchTransportError(ctx_, peer_, 413, "request body too large", req_);
  EXPECT_EQ(seen, "413 lang=es");
  req_ = Request{};
  req_.target = "/report/photos?lang=%zz";
  DispatchTransportError(ctx_, peer_, 413, "request body too large", req_);
  EXPECT_EQ(seen, "413 lang=");
}

TEST(Wire, ResponseHead) {
  Response r;
  r.status = 201;
  r.body = "hello";
  r.SetHeader("Location", "/x");
  r.SetHeader("Content-Length", "999");         // framing: dropped
  r.SetHeader("X-Evil", "a\r\nSet-Cookie: x");  // injection: dropped
  r.SetHeader("Bad Name", "v");                 // not a token: dropped
  std::string out;
  EXPECT_EQ(AppendResponseHead(r, {11, true, "rid"}, &out), 3);
  EXPECT_EQ(out.rfind("HTTP/1.1 201 Created\r\nServer: civic311\r\nDate: ", 0), 0u) << out;
  EXPECT_NE(out.find("\r\nContent-Type: application/json; charset=utf-8\r\n"), std::string::npos);
  EXPECT_NE(out.find("\r\nContent-Length: 5\r\n"), std::string::npos);
  EXPECT_NE(out.find("\r\nX-Request-Id: rid\r\n"), std::string::npos);
  EXPECT_NE(out.find("\r\nLocation: /x\r\n"), std::string::npos);
  EXPECT_EQ(out.find("Connection"), std::string::npos);
  EXPECT_EQ(out.find("999"), std::string::npos);
  EXPECT_EQ(out.find("Set-Cookie"), std::string::npos);
  EXPECT_EQ(out.substr(out.size() - 4), "\r\n\r\n");

  out.clear();
  Response none;
  none.status = 204;
  AppendResponseHead(none, {10, true, ""}, &out);
  EXPECT_EQ(out.rfind("HTTP/1.0 204 No Content\r\n", 0), 0u);
  EXPECT_EQ(out.find("Content-Length"), std::string::npos);
  EXPECT_NE(out.find("Connection: keep-alive"), std::string::npos);

  out.clear();
  AppendResponseHead(r, {11, false, ""}, &out);
  EXPECT_NE(out.find("Connection: close"), std::string::npos);
  EXPECT_EQ(ReasonPhrase(299), "Unknown");
}

TEST_F(DispatchTest, AsynchronousHandlersAnswerLaterFromAnyThread) {
  Response r = Run(Method::kGet, "/later/word");
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body, "later:word");
  EXPECT_EQ(r.route, "GET /later/{word}");
  // The completion form: nothing is answered before the handler's thread sends.
  std::promise<Response> got;
  req_ = Request{};
  req_.method = Method::kGet;
  req_.target = "/later/x";
  Dispatch(ctx_, peer_, req_, [&got](Response resp) { got.set_value(std::move(resp)); });
  EXPECT_EQ(got.get_future().get().body, "later:x");
}

TEST_F(DispatchTest, AnAsynchronousHandlerThatDropsItsReplyOrThrowsGives500) {
  Response dropped = Run(Method::kGet, "/dropped");
  EXPECT_EQ(dropped.status, 500);
  EXPECT_EQ(dropped.route, "GET /dropped");
  Response thrown = Run(Method::kGet, "/async-boom");
  EXPECT_EQ(thrown.status, 500);
  EXPECT_EQ(thrown.body.find("secrets"), std::string::npos);
}

}  // namespace
}  // namespace civic311::http
