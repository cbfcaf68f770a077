#include "adapters/webhook/http_transport.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <exception>

#include "domain/webhook.hpp"

namespace civic311 {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using SteadyTime = std::chrono::steady_clock::time_point;

constexpr auto kRedirect = [](beast::error_code& ec) {
  return asio::redirect_error(asio::use_awaitable, ec);
};

WebhookResponse Fail(std::string why) { return WebhookResponse{0, std::move(why)}; }

// Printable ASCII only: the text goes into the database and the log.
std::string Printable(std::string_view s, size_t max) {
  std::string out;
  for (char c : s.substr(0, max)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out;
}

std::string HostHeader(const WebhookUrl& u) {
  std::string host = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
  if (u.port != (u.https ? 443 : 80)) host += ":" + std::to_string(u.port);
  return host;
}

struct Deadlines {
  SteadyTime connect;
  SteadyTime total;
  std::chrono::milliseconds connect_timeout;
  std::chrono::milliseconds total_timeout;

  std::string TimedOut(std::string_view stage, bool connecting) const {
    const auto ms = connecting ? connect_timeout : total_timeout;
    return "timed out after " + std::to_string(ms.count()) + " ms (" + std::string(stage) + ")";
  }
};

// Writes the request and reads the answer's head from a connected (and, for https, handshaken)
// stream whose lowest layer is `tcp`.
template <typename Stream>
asio::awaitable<WebhookResponse> Exchange(Stream& stream, beast::tcp_stream& tcp_layer,
                                          const WebhookUrl& url, const WebhookPost& post,
                                          const Deadlines& d) {
  beast::error_code ec;
  tcp_layer.expires_at(d.total);
  http::request<http::string_body> req{http::verb::post, url.target, 11};
  req.set(http::field::host, HostHeader(url));
  for (const auto& [name, value] : post.headers) req.set(name, value);
  req.set(http::field::connection, "close");
  req.body() = post.body;
  req.prepare_payload();
  co_await http::async_write(stream, req, kRedirect(ec));
  if (ec == beast::error::timeout) co_return Fail(d.TimedOut("sending the request", false));
  if (ec) co_return Fail("sending the request: " + ec.message());

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);
  co_await http::async_read_header(stream, buffer, parser, kRedirect(ec));
  if (ec == beast::error::timeout) co_return Fail(d.TimedOut("waiting for the response", false));
  if (ec) co_return Fail("reading the response: " + ec.message());
  WebhookResponse out;
  out.status = static_cast<int>(parser.get().result_int());
  if (out.status < 200 || out.status > 299) {
    out.error = "HTTP " + std::to_string(out.status) + " " +
                Printable(std::string_view(parser.get().reason()), 80);
  }
  co_return out;
}

asio::awaitable<WebhookResponse> Run(WebhookUrl url, const WebhookPost& post, Deadlines d,
                                     ssl::context* tls) {
  auto ex = co_await asio::this_coro::executor;
  beast::error_code ec;

  // The resolver has no deadline of its own: a timer cancels it.
  tcp::resolver resolver(ex);
  asio::steady_timer guard(ex);
  auto timed_out = std::make_shared<bool>(false);
  guard.expires_at(d.connect);
  guard.async_wait([&resolver, timed_out](beast::error_code e) {
    if (!e) {
      *timed_out = true;
      resolver.cancel();
    }
  });
  auto endpoints =
      co_await resolver.async_resolve(url.host, std::to_string(url.port), kRedirect(ec));
  guard.cancel();
  if (*timed_out) co_return Fail(d.TimedOut("DNS lookup of " + url.host, true));
  if (ec) co_return Fail("DNS lookup of " + url.host + ": " + ec.message());

  if (!url.https) {
    beast::tcp_stream stream(ex);
    stream.expires_at(d.connect);
    co_await stream.async_connect(endpoints, kRedirect(ec));
    if (ec == beast::error::timeout) co_return Fail(d.TimedOut("connect", true));
    if (ec) co_return Fail("connect: " + ec.message());
    co_return co_await Exchange(stream, stream, url, post, d);
  }

  beast::ssl_stream<beast::tcp_stream> stream(ex, *tls);
  if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str()))
    co_return Fail("TLS: cannot set the server name");
  stream.set_verify_callback(ssl::host_name_verification(url.host));
  beast::tcp_stream& tcp_layer = beast::get_lowest_layer(stream);
  tcp_layer.expires_at(d.connect);
  co_await tcp_layer.async_connect(endpoints, kRedirect(ec));
  if (ec == beast::error::timeout) co_return Fail(d.TimedOut("connect", true));
  if (ec) co_return Fail("connect: " + ec.message());
  co_await stream.async_handshake(ssl::stream_base::client, kRedirect(ec));
  if (ec == beast::error::timeout) co_return Fail(d.TimedOut("TLS handshake", true));
  if (ec) co_return Fail("TLS handshake: " + ec.message());
  co_return co_await Exchange(stream, tcp_layer, url, post, d);
}

}  // namespace

struct HttpWebhookTransport::Impl {
  HttpTransportOptions options;
  ssl::context tls{ssl::context::tls_client};
  std::string tls_problem;  // set when the trust store could not be loaded
};

HttpWebhookTransport::HttpWebhookTransport(HttpTransportOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  ssl::context& tls = impl_->tls;
  tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  beast::error_code ec;
  tls.set_default_verify_paths(ec);
  if (ec) impl_->tls_problem = "TLS: cannot load the system trust store: " + ec.message();
  if (!impl_->options.extra_ca_file.empty()) {
    tls.load_verify_file(impl_->options.extra_ca_file, ec);
    if (ec) impl_->tls_problem = "TLS: cannot load " + impl_->options.extra_ca_file;
  }
  tls.set_verify_mode(ssl::verify_peer);
}

HttpWebhookTransport::~HttpWebhookTransport() = default;

WebhookResponse HttpWebhookTransport::Post(const WebhookPost& post) {
  std::string problem;
  auto url = ParseWebhookUrl(post.url, &problem);
  if (!url) return Fail("bad URL: " + problem);
  if (url->https && !impl_->tls_problem.empty()) return Fail(impl_->tls_problem);
  const auto now = std::chrono::steady_clock::now();
  const HttpTransportOptions& o = impl_->options;
  Deadlines d{now + std::min(o.connect_timeout, o.total_timeout), now + o.total_timeout,
              std::min(o.connect_timeout, o.total_timeout), o.total_timeout};
  asio::io_context ioc(1);
  WebhookResponse out = Fail("no answer");
  asio::co_spawn(ioc, Run(*url, post, d, &impl_->tls),
                 [&out](std::exception_ptr e, WebhookResponse r) {
                   if (!e) {
                     out = std::move(r);
                     return;
                   }
                   try {
                     std::rethrow_exception(e);
                   } catch (const std::exception& x) {
                     out = Fail(std::string("internal error: ") + x.what());
                   } catch (...) {
                     out = Fail("internal error");
                   }
                 });
  ioc.run();
  return out;
}

}  // namespace civic311
