// ApiKeyService: issuing, listing and revoking the API keys Open311 clients need to POST
// requests (used by `civic311 api-key …`). A key is shown once, when created; the store keeps
// only its SHA-256 hash and a short prefix to tell keys apart in listings.
//
// Why a plain SHA-256 and not a slow password hash: keys are 160-bit random strings, not
// human-chosen secrets, so there is nothing to brute-force; a fast hash also keeps the per-POST
// check cheap.
//
// Ownership: references the store and clock, which must outlive it. Thread-safety: as safe as
// the store (no state of its own).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/ports.hpp"
#include "base/clock.hpp"
#include "base/result.hpp"

namespace civic311 {

// The hash under which a key is stored and looked up (lower-case hex SHA-256).
std::string HashApiKey(std::string_view key);

struct CreatedApiKey {
  std::string key;  // the plaintext key: show it once, never store or log it
  ApiKeyInfo info;
};

class ApiKeyService {
 public:
  ApiKeyService(ApiKeyStore& store, const Clock& clock);

  // A new key named `name` (1–100 characters, trimmed, no control characters; unique among
  // active keys: kConflict from the store otherwise). Keys look like "c311_" + 32 base32 chars.
  Result<CreatedApiKey> Create(std::string_view name);
  Result<std::vector<ApiKeyInfo>> List();
  // Revokes the active key with this name or decimal id; kNotFound if none.
  Status Revoke(std::string_view name_or_id);

  static constexpr std::string_view kKeyPrefix = "c311_";
  static constexpr std::size_t kShownPrefixChars = 12;  // "c311_" + 7 random characters

 private:
  ApiKeyStore& store_;
  [[maybe_unused]] const Clock& clock_;  // the store stamps times today; kept for expiry rules
};

}  // namespace civic311
