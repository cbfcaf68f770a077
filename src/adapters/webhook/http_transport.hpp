// HttpWebhookTransport: the WebhookTransport (app/outbox_ports.hpp) over Boost.Beast, for
// http:// and https:// URLs. One connection per POST (webhooks are rare and endpoints many), no
// redirects followed (a 3xx is a failure: the receiver should fix its URL), HTTP/1.1.
//
// https: the peer's certificate chain is verified against the system trust store
// (/etc/ssl/certs, as OpenSSL finds it) plus an optional extra CA file, and its name against the
// URL's host (RFC 6125); SNI is sent. Only TLS 1.2 and later.
//
// Deadlines: `connect_timeout` covers the DNS lookup, the TCP connect and the TLS handshake;
// `total_timeout` the whole exchange up to the response head. The body of the answer is not
// read: the status line is the acknowledgement.
//
// Errors are returned as WebhookResponse{0, "<stage>: <reason>"}, e.g. "connect: Connection
// refused", "timed out after 15 s (waiting for the response)"; nothing throws.
// Thread-safety: Post() may be called from several threads at once.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "app/outbox_ports.hpp"

namespace civic311 {

struct HttpTransportOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{15000};
  std::string extra_ca_file;  // PEM; empty: the system store only
};

class HttpWebhookTransport final : public WebhookTransport {
 public:
  explicit HttpWebhookTransport(HttpTransportOptions options = {});
  ~HttpWebhookTransport() override;
  WebhookResponse Post(const WebhookPost& post) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace civic311
