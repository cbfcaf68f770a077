// SignInLimiter: how many password checks may run, counted *before* they run.
//
// Every password check (sign-in, the password re-entered to enrol TOTP) first takes a ticket.
// Taking one is atomic with the count it is checked against, so N parallel guesses cannot all
// pass a limit of 5 (they used to: the failures were read before Argon2id and recorded after).
// A ticket counts as a failure until Succeeded() says otherwise; Cancel() returns it unused (the
// check never ran, e.g. the hashing queue was full).
//
// Three sliding windows of `window` (default 15 minutes):
//   per account  at most `per_account` failures since its last success (default 5): guessing one
//                person's password;
//   per address  at most `per_address` failures from one client address, any accounts (default
//                30): password spraying across many accounts from one place;
//   global       at most `global` failures in all (default 10,000): a circuit breaker against
//                credential stuffing from many addresses at once.
// No one can lock a person out for good: refused attempts are not counted (so the lock ends
// `window` after the failures that caused it), a success clears the account's count, and so does
// a completed password reset (ClearAccount) — the owner can always get back in by e-mail.
//
// The counts live in memory, per instance (several instances on one database each allow the
// limits; a restart forgets them). Memory is bounded: at most `max_keys` accounts and addresses
// are tracked; past that, expired entries are dropped and new keys are refused (kUnavailable).
// Thread-safety: all methods from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/clock.hpp"
#include "base/result.hpp"

namespace civic311 {

struct SignInLimits {
  int per_account = 5;
  int per_address = 30;
  int global = 10'000;
  std::chrono::seconds window = std::chrono::minutes(15);
  std::size_t max_keys = 100'000;
};

class SignInLimiter {
 public:
  struct Ticket {
    std::string account;
    std::string address;
    Timestamp at{};
    std::uint64_t id = 0;  // 0: an empty ticket (nothing to give back)
  };

  explicit SignInLimiter(SignInLimits limits = {}) : limits_(limits) {}

  // A ticket for one password check of `account` (lower-case e-mail) from `address` (may be
  // empty: no per-address limit) at `now`; kResourceExhausted with retry_after_seconds when a
  // limit is reached.
  Result<Ticket> Begin(std::string_view account, std::string_view address, Timestamp now);
  // The check passed: the ticket no longer counts, and the account's earlier failures are
  // forgotten.
  void Succeeded(const Ticket& t);
  // The check did not run: the ticket no longer counts.
  void Cancel(const Ticket& t);
  // A completed password reset: the account's failures are forgotten.
  void ClearAccount(std::string_view account);

 private:
  struct Entry {
    Timestamp at;
    std::uint64_t id;
  };
  using Window = std::deque<Entry>;
  void Expire(Window& w, Timestamp now) const;
  int RetryAfter(const Window& w, Timestamp now) const;
  void Remove(Window& w, std::uint64_t id);
  void Prune(Timestamp now);

  const SignInLimits limits_;
  std::mutex mu_;
  std::unordered_map<std::string, Window> accounts_;
  std::unordered_map<std::string, Window> addresses_;
  Window global_;
  std::uint64_t next_id_ = 1;
};

}  // namespace civic311
