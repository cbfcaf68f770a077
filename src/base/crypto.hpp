// Small cryptographic helpers over libsodium: random tokens, SHA-256, constant-time compare.
// (base is otherwise std-only; libsodium is the one exception, see docs/adr/0004-libsodium.md.)
// Thread-safety: all functions are safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace civic311 {

// Must be called once before any other function here (main does it); returns false on failure.
bool CryptoInit();

// n random bytes from the OS CSPRNG, encoded as lower-case base32 (a–z, 2–7): URL- and
// typing-safe, e.g. for API keys and Open311 tokens.
std::string RandomToken(size_t n_bytes);

// Hex SHA-256 of data.
std::string Sha256Hex(std::string_view data);

bool ConstantTimeEqual(std::string_view a, std::string_view b);

// Lower-case hex HMAC-SHA256 (RFC 2104, FIPS 180-4) of `message` under `key` (any length), e.g.
// the X-Civic311-Signature of outbound webhooks (docs/webhooks.md).
std::string HmacSha256Hex(std::string_view key, std::string_view message);

}  // namespace civic311
