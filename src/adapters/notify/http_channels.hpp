// The HTTP channels (docs/notifications.md), both over libcurl:
//
// SmsChannel: a form POST of To, From, Body to the SMS gateway (Twilio's Messages API shape),
// HTTP basic auth from CIVIC311_SMS_AUTH ("user:secret"); the stable key travels as the
// Idempotency-Key and X-Civic311-Reference headers (the client reference). 2xx: delivered;
// 4xx other than 408/429: rejected (a bad number will not get better); else retried. Budget 24 h.
//
// DispatchChannel: a JSON POST of the emergency (public facts, location, the reporter's callback
// number) to the dispatch URL, signed like the webhooks (X-Civic311-Signature: HMAC-SHA256 of
// "<timestamp>.<body>"), retried every few seconds (2 s doubling to 10 s) for a day.
// Thread-safety: Send may be called from several threads.
#pragma once

#include <string>

#include "adapters/notify/curl_util.hpp"
#include "adapters/notify/renderer.hpp"
#include "app/notify_ports.hpp"

namespace civic311::notify {

// 2xx → delivered; 4xx but 408/429 → rejected; anything else → retry.
SendResult HttpOutcome(const HttpAnswer& a);

class SmsChannel final : public NotifyChannel {
 public:
  SmsChannel(std::string gateway_url, std::string from, std::string auth,
             const MessageRenderer& renderer);
  std::string_view kind() const override { return "sms"; }
  std::chrono::seconds budget() const override { return std::chrono::hours(24); }
  SendResult Send(const OutboxItem& m) override;

 private:
  std::string url_, from_, auth_;
  const MessageRenderer& renderer_;
  CurlPool pool_;
};

class DispatchChannel final : public NotifyChannel {
 public:
  DispatchChannel(std::string url, std::string secret);
  std::string_view kind() const override { return "dispatch"; }
  bool fails_together() const override { return true; }  // one receiver
  std::chrono::seconds budget() const override { return std::chrono::hours(24); }
  std::chrono::seconds first_retry() const override { return std::chrono::seconds(2); }
  std::chrono::seconds max_retry() const override { return std::chrono::seconds(10); }
  SendResult Send(const OutboxItem& m) override;

  // The body: the message's fields with "message_id" and "event" in front (the same bytes on
  // every attempt).
  static std::string Body(const OutboxItem& m);

 private:
  std::string url_, secret_;
  CurlPool pool_;
};

}  // namespace civic311::notify
