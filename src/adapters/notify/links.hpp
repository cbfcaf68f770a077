// Links in messages: the request's status page and the signed, login-free links a resident
// clicks (stop this request's messages or all messages to the address; answer the
// "was this fixed?" survey). docs/notifications.md, "Stop links".
//
// A token is "<request id>.<hex of the address>.<scope>.<first 32 hex of HMAC-SHA256>" under a
// key made once per database (notify_keys): unforgeable without the key, valid as long as the
// key, and carrying nothing the recipient does not already know (their own address and their
// own request's number). Thread-safety: immutable; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace civic311::notify {

struct LinkClaim {
  std::int64_t request_id = 0;  // 0: not about one request
  std::string address;
  std::string scope;  // "stop", "yes", "no", "follow", "alert", "alertstop"
};

class Links {
 public:
  Links(std::string public_url, std::string key);

  const std::string& public_url() const { return public_url_; }
  std::string Status(std::int64_t request_id) const;  // PUBLIC/requests/{id}
  // PUBLIC/notify/stop?t=… (the page offers "this request" and "everything to this address").
  std::string Stop(std::int64_t request_id, std::string_view address) const;
  // PUBLIC/notify/survey?t=… with the answer in the token ("yes" or "no").
  std::string Survey(std::int64_t request_id, std::string_view address,
                     std::string_view answer) const;

  // PUBLIC/notify/confirm?t=… confirming a follow (what = "follow", id = the request) or an
  // area alert (what = "alert", id = the alert) for `address`.
  std::string Confirm(std::string_view what, std::int64_t id, std::string_view address) const;
  // PUBLIC/alerts/stop?t=… (scope "alertstop", id = the alert): stop this alert, or everything.
  std::string AlertStop(std::int64_t alert_id, std::string_view address) const;

  std::string Token(std::int64_t request_id, std::string_view address,
                    std::string_view scope) const;
  // The claim of a token that verifies (constant-time); nullopt otherwise.
  std::optional<LinkClaim> Verify(std::string_view token) const;

 private:
  std::string public_url_;  // no trailing '/'
  std::string key_;
};

}  // namespace civic311::notify
