// TOTP second factor: RFC 6238 time-based one-time passwords over RFC 4226 HOTP, base32 secrets
// (RFC 4648 §6) and the otpauth:// URI that authenticator apps scan.
//
// ALGORITHM CHOICE. The default is HMAC-SHA-1, 6 digits, 30-second steps, because that is the
// only combination every common authenticator app computes: Google Authenticator (Android, for
// years), Microsoft Authenticator, Authy and Duo accept `algorithm=SHA256` in the URI and then
// silently compute SHA-1 codes, so the user is locked out with no hint why. SHA-1's collision
// weakness does not affect HMAC-SHA-1 as a PRF, which is all HOTP needs (RFC 6238 §1.2, RFC 4226
// Appendix A). libsodium has no SHA-1, so totp.cpp implements SHA-1 (FIPS 180-4 §6.1) and HMAC
// (RFC 2104) in ~80 lines, tested with the FIPS and RFC 2202 vectors. SHA-256 and SHA-512 are
// supported too (via libsodium) for cities whose users run apps that honour the parameter.
//
// Secrets are random bytes (20 for SHA-1, as RFC 4226 recommends). Store them encrypted or at
// least outside the database backups' reach; they are as sensitive as passwords.
// CryptoInit() (base/crypto.hpp) must have been called first.
// Thread-safety: pure functions; GenerateTotpSecret uses the OS CSPRNG.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"

namespace civic311 {

enum class TotpAlgorithm { kSha1, kSha256, kSha512 };
std::string_view TotpAlgorithmName(TotpAlgorithm a);  // "SHA1", "SHA256", "SHA512"

struct TotpParams {
  TotpAlgorithm algorithm = TotpAlgorithm::kSha1;
  int digits = 6;                   // 6..8
  std::chrono::seconds period{30};  // the time step X of RFC 6238
  int window = 1;                   // steps of clock drift accepted either side
};

// RFC 4648 base32, upper case, without '=' padding (as otpauth URIs carry it).
std::string Base32Encode(std::span<const std::uint8_t> bytes);
// Case-insensitive; ignores spaces, hyphens and trailing '=' (people type secrets by hand).
// nullopt for any other character or an impossible length.
std::optional<std::vector<std::uint8_t>> Base32Decode(std::string_view text);

// `n_bytes` random bytes for a new enrolment (20 by default).
std::vector<std::uint8_t> GenerateTotpSecret(std::size_t n_bytes = 20);

// RFC 4226 HOTP value for `counter`, zero-padded to `digits` digits.
std::string Hotp(std::span<const std::uint8_t> key, std::uint64_t counter, int digits,
                 TotpAlgorithm algorithm = TotpAlgorithm::kSha1);

// The RFC 6238 time step T = floor(unix time / period) and its code.
std::int64_t TotpStep(Timestamp t, const TotpParams& params = {});
std::string TotpCode(std::span<const std::uint8_t> key, Timestamp t, const TotpParams& params = {});

// Checks a code the user typed (spaces ignored) against the steps now ± params.window.
// Replay protection: `last_used_step` is the step of the last code accepted for this account
// (nullopt: none); a code for that step or an earlier one is refused, so each code works once.
// On success returns the matched step: store it as the new last_used_step, in the same
// transaction that records the login, before answering.
// Errors: kUnauthenticated "invalid code" for every failure (malformed, wrong, reused); the
// reason is in Error::detail, for the log only.
Result<std::int64_t> VerifyTotp(std::span<const std::uint8_t> key, std::string_view code,
                                Timestamp now, std::optional<std::int64_t> last_used_step,
                                const TotpParams& params = {});

// otpauth://totp/Issuer:account?secret=…&issuer=Issuer&algorithm=SHA1&digits=6&period=30
// (the Key URI format the apps read). Issuer and account are percent-encoded.
std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::span<const std::uint8_t> secret, const TotpParams& params = {});

namespace totp_internal {
// Exposed for their own test vectors.
std::array<std::uint8_t, 20> Sha1(std::span<const std::uint8_t> data);
std::array<std::uint8_t, 20> HmacSha1(std::span<const std::uint8_t> key,
                                      std::span<const std::uint8_t> message);
}  // namespace totp_internal

}  // namespace civic311
