// Ports of the resident portal's own records (docs/portal.md): registrations waiting for their
// e-mail link, and the residents who said "me too" on an open request.
// Thread-safety: implementations must be safe from many threads; calls block (disk).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/workflow_ports.hpp"
#include "base/clock.hpp"
#include "base/result.hpp"

namespace civic311 {

// A registration as the resident filled it in (the password already hashed).
struct PendingAccount {
  std::string email;  // lower-case
  std::string display_name;
  std::string password_hash;  // Argon2id string
  std::string lang;           // the language of the confirmation e-mail and the account
  Timestamp created_at{};
  Timestamp expires_at{};
};

class RegistrationStore {
 public:
  virtual ~RegistrationStore() = default;
  // Writes the registration under `token_hash` (SHA-256 hex of the link's token) together with
  // its confirmation e-mail (the outbox), in one transaction.
  virtual Status CreateRegistration(std::string_view token_hash, const PendingAccount& account,
                                    const OutboxMessage& mail) = 0;
  // Uses the token up and creates the resident's account (role resident) in one transaction.
  // nullopt: the token is unknown, used or expired at `now` (nothing changes). kConflict: the
  // address got an account meanwhile (the token stays unused).
  virtual Result<std::optional<User>> ConfirmRegistration(std::string_view token_hash,
                                                          Timestamp now) = 0;
  // Registrations of `email` made at or after `since` (a limit on confirmation e-mails).
  virtual Result<int> CountRegistrations(std::string_view email, Timestamp since) = 0;
  // Retention: deletes up to `limit` registrations made before `created_before`, confirmed or
  // not (a used row's token is worthless; an unused one expired long ago). Returns how many.
  virtual Result<int> PurgeRegistrations(Timestamp created_before, int limit) = 0;
};

// Who said "me too": `key` is "u<user id>" for a signed-in resident, "v<hex>" for an anonymous
// visitor (a hash of their browser's own random cookie), so each person counts once.
struct Supporter {
  std::string key;
  std::optional<UserId> user_id;
};

class SupportStore {
 public:
  virtual ~SupportStore() = default;
  // Records `who` as a supporter of request `id` at `at`; the first time, also `event` (its
  // request_id set by the caller) in the same transaction. true when newly recorded, false
  // when `who` had already said so (nothing written). kNotFound when the request is missing.
  virtual Result<bool> AddSupporter(RequestId id, const Supporter& who, Timestamp at,
                                    const TimelineEvent& event) = 0;
  // How many supporters request `id` has (the reporter not included).
  virtual Result<std::int64_t> CountSupporters(RequestId id) = 0;
  virtual Result<bool> IsSupporter(RequestId id, std::string_view key) = 0;
};

}  // namespace civic311
