// EmailChannel: e-mail over SMTP with libcurl (docs/notifications.md). smtp://host:port uses
// STARTTLS when the server offers it, smtps:// is TLS from the start; the user comes from the
// URL, the password from the caller (CIVIC311_SMTP_PASSWORD or --smtp-password-file). Each
// message is multipart/alternative (text + HTML, UTF-8, base64), with Message-ID
// <KEY@sender-domain> from the message's stable key (a repeat after a crash has the same id),
// and for residents List-Unsubscribe + List-Unsubscribe-Post (RFC 8058) pointing at the stop link.
//
// Outcomes: 2xx → delivered; SMTP 55x → rejected (parked at once: retrying will not help);
// anything else (4xx, refused, dropped connection, timeout) → retried; budget 48 h.
// Thread-safety: Send may be called from several threads (a pool of connections).
#pragma once

#include <chrono>
#include <string>

#include "adapters/notify/curl_util.hpp"
#include "adapters/notify/renderer.hpp"
#include "app/notify_ports.hpp"

namespace civic311::notify {

struct EmailOptions {
  std::string smtp_url;  // smtp://user@host:port or smtps://…
  std::string password;  // may be empty
  std::string from;      // "Name <address>" or "address"
  long timeout_s = 30;
};

// The address inside "Name <address>" (or the whole text).
std::string AddressOf(std::string_view mailbox);

// The whole RFC 5322 message (CRLF line ends). `boundary` separates the parts.
std::string BuildMime(const RenderedEmail& mail, const std::string& from, const std::string& to,
                      const std::string& message_id, const std::string& reply_to,
                      std::chrono::system_clock::time_point date);

class EmailChannel final : public NotifyChannel {
 public:
  EmailChannel(EmailOptions options, const MessageRenderer& renderer);
  std::string_view kind() const override { return "email"; }
  std::chrono::seconds budget() const override { return std::chrono::hours(48); }
  SendResult Send(const OutboxItem& m) override;

 private:
  EmailOptions options_;
  std::string from_address_;
  std::string domain_;
  const MessageRenderer& renderer_;
  CurlPool pool_;
};

}  // namespace civic311::notify
