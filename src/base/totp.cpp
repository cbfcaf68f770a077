#include "base/totp.hpp"

#include <sodium.h>

#include <algorithm>

#include "base/crypto.hpp"
#include "base/percent_encode.hpp"

namespace civic311 {
namespace totp_internal {
namespace {

std::uint32_t Rotl(std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

// One 64-byte block of FIPS 180-4 §6.1.2.
void Sha1Block(std::uint32_t h[5], const std::uint8_t* block) {
  std::uint32_t w[80];
  for (int t = 0; t < 16; ++t) {
    w[t] = (std::uint32_t{block[4 * t]} << 24) | (std::uint32_t{block[4 * t + 1]} << 16) |
           (std::uint32_t{block[4 * t + 2]} << 8) | std::uint32_t{block[4 * t + 3]};
  }
  for (int t = 16; t < 80; ++t) w[t] = Rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
  std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
  for (int t = 0; t < 80; ++t) {
    std::uint32_t f, k;
    if (t < 20) {
      f = (b & c) | (~b & d), k = 0x5A827999;
    } else if (t < 40) {
      f = b ^ c ^ d, k = 0x6ED9EBA1;
    } else if (t < 60) {
      f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
    } else {
      f = b ^ c ^ d, k = 0xCA62C1D6;
    }
    const std::uint32_t temp = Rotl(a, 5) + f + e + k + w[t];
    e = d, d = c, c = Rotl(b, 30), b = a, a = temp;
  }
  h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

}  // namespace

std::array<std::uint8_t, 20> Sha1(std::span<const std::uint8_t> data) {
  std::uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  std::size_t full = data.size() / 64 * 64;
  for (std::size_t i = 0; i < full; i += 64) Sha1Block(h, data.data() + i);
  // Padding (§5.1.1): 0x80, zeros, then the message length in bits, big-endian, in 1–2 blocks.
  std::uint8_t tail[128] = {};
  const std::size_t rest = data.size() - full;
  for (std::size_t i = 0; i < rest; ++i) tail[i] = data[full + i];
  tail[rest] = 0x80;
  const std::size_t tail_len = rest < 56 ? 64 : 128;
  const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  for (int i = 0; i < 8; ++i) tail[tail_len - 1 - i] = static_cast<std::uint8_t>(bits >> (8 * i));
  for (std::size_t i = 0; i < tail_len; i += 64) Sha1Block(h, tail + i);
  std::array<std::uint8_t, 20> out;
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<std::uint8_t>(h[i] >> (24 - 8 * j));
  return out;
}

std::array<std::uint8_t, 20> HmacSha1(std::span<const std::uint8_t> key,
                                      std::span<const std::uint8_t> message) {
  constexpr std::size_t kBlock = 64;
  std::uint8_t k[kBlock] = {};
  if (key.size() > kBlock) {
    auto hashed = Sha1(key);
    std::copy(hashed.begin(), hashed.end(), k);
  } else {
    std::copy(key.begin(), key.end(), k);
  }
  std::vector<std::uint8_t> inner(kBlock + message.size());
  for (std::size_t i = 0; i < kBlock; ++i) inner[i] = k[i] ^ 0x36;
  std::copy(message.begin(), message.end(), inner.begin() + kBlock);
  auto inner_hash = Sha1(inner);
  std::uint8_t outer[kBlock + 20];
  for (std::size_t i = 0; i < kBlock; ++i) outer[i] = k[i] ^ 0x5c;
  std::copy(inner_hash.begin(), inner_hash.end(), outer + kBlock);
  sodium_memzero(k, sizeof k);
  sodium_memzero(inner.data(), kBlock);
  return Sha1(outer);
}

}  // namespace totp_internal

namespace {

std::vector<std::uint8_t> Hmac(TotpAlgorithm alg, std::span<const std::uint8_t> key,
                               std::span<const std::uint8_t> msg) {
  switch (alg) {
    case TotpAlgorithm::kSha1: {
      auto h = totp_internal::HmacSha1(key, msg);
      return {h.begin(), h.end()};
    }
    case TotpAlgorithm::kSha256: {
      std::vector<std::uint8_t> out(crypto_auth_hmacsha256_BYTES);
      crypto_auth_hmacsha256_state st;
      crypto_auth_hmacsha256_init(&st, key.data(), key.size());
      crypto_auth_hmacsha256_update(&st, msg.data(), msg.size());
      crypto_auth_hmacsha256_final(&st, out.data());
      return out;
    }
    case TotpAlgorithm::kSha512: {
      std::vector<std::uint8_t> out(crypto_auth_hmacsha512_BYTES);
      crypto_auth_hmacsha512_state st;
      crypto_auth_hmacsha512_init(&st, key.data(), key.size());
      crypto_auth_hmacsha512_update(&st, msg.data(), msg.size());
      crypto_auth_hmacsha512_final(&st, out.data());
      return out;
    }
  }
  return {};
}

constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

Error InvalidCode(std::string detail) {
  return Error{ErrorCode::kUnauthenticated, "invalid code", std::move(detail), {}, 0};
}

std::int64_t PeriodSeconds(const TotpParams& p) {
  return p.period.count() > 0 ? p.period.count() : 30;  // never divide by zero
}

}  // namespace

std::string_view TotpAlgorithmName(TotpAlgorithm a) {
  switch (a) {
    case TotpAlgorithm::kSha1:
      return "SHA1";
    case TotpAlgorithm::kSha256:
      return "SHA256";
    case TotpAlgorithm::kSha512:
      return "SHA512";
  }
  return "SHA1";
}

std::string Base32Encode(std::span<const std::uint8_t> bytes) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::uint8_t b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += kBase32[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32[(acc << (5 - bits)) & 31];
  return out;
}

std::optional<std::vector<std::uint8_t>> Base32Decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::vector<std::uint8_t> out;
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t symbols = 0;
  for (char c : text) {
    if (c == ' ' || c == '-') continue;
    int v;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a';
    } else if (c >= '2' && c <= '7') {
      v = c - '2' + 26;
    } else {
      return std::nullopt;
    }
    ++symbols;
    acc = (acc << 5) | static_cast<std::uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<std::uint8_t>(acc >> (bits - 8)));
      bits -= 8;
    }
  }
  // 8 symbols carry 5 bytes; a final group of 1, 3 or 6 symbols cannot come from whole bytes.
  const std::size_t r = symbols % 8;
  if (r == 1 || r == 3 || r == 6) return std::nullopt;
  return out;
}

std::vector<std::uint8_t> GenerateTotpSecret(std::size_t n_bytes) {
  std::vector<std::uint8_t> out(n_bytes);
  randombytes_buf(out.data(), out.size());
  return out;
}

std::string Hotp(std::span<const std::uint8_t> key, std::uint64_t counter, int digits,
                 TotpAlgorithm algorithm) {
  if (digits < 1 || digits > 9) digits = 6;  // 10^9 still fits the 31-bit value
  std::uint8_t msg[8];
  for (int i = 7; i >= 0; --i, counter >>= 8) msg[i] = static_cast<std::uint8_t>(counter);
  auto h = Hmac(algorithm, key, msg);
  // Dynamic truncation, RFC 4226 §5.3.
  const std::size_t offset = h.back() & 0x0f;
  const std::uint32_t bin = (std::uint32_t{h[offset]} & 0x7f) << 24 |
                            std::uint32_t{h[offset + 1]} << 16 | std::uint32_t{h[offset + 2]} << 8 |
                            std::uint32_t{h[offset + 3]};
  std::uint32_t mod = 1;
  for (int i = 0; i < digits; ++i) mod *= 10;
  std::string code = std::to_string(bin % mod);
  return std::string(static_cast<std::size_t>(digits) - code.size(), '0') + code;
}

std::int64_t TotpStep(Timestamp t, const TotpParams& params) {
  const std::int64_t secs = t.time_since_epoch().count();
  const std::int64_t period = PeriodSeconds(params);
  return secs >= 0 ? secs / period : -((-secs + period - 1) / period);
}

std::string TotpCode(std::span<const std::uint8_t> key, Timestamp t, const TotpParams& params) {
  return Hotp(key, static_cast<std::uint64_t>(TotpStep(t, params)), params.digits,
              params.algorithm);
}

Result<std::int64_t> VerifyTotp(std::span<const std::uint8_t> key, std::string_view code,
                                Timestamp now, std::optional<std::int64_t> last_used_step,
                                const TotpParams& params) {
  std::string typed;
  for (char c : code) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return InvalidCode("not digits");
    typed += c;
  }
  if (typed.size() != static_cast<std::size_t>(params.digits)) return InvalidCode("wrong length");
  if (key.empty()) return InvalidCode("no secret");
  const std::int64_t current = TotpStep(now, params);
  bool replayed = false;
  for (std::int64_t step = current - params.window; step <= current + params.window; ++step) {
    if (step < 0) continue;
    const std::string expected =
        Hotp(key, static_cast<std::uint64_t>(step), params.digits, params.algorithm);
    if (!ConstantTimeEqual(expected, typed)) continue;
    if (last_used_step && step <= *last_used_step) {
      replayed = true;
      continue;
    }
    return step;
  }
  return InvalidCode(replayed ? "code already used" : "no match");
}

std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::span<const std::uint8_t> secret, const TotpParams& params) {
  std::string uri = "otpauth://totp/";
  if (!issuer.empty()) uri += PercentEncode(issuer) + ":";
  uri += PercentEncode(account);
  uri += "?secret=" + Base32Encode(secret);
  if (!issuer.empty()) uri += "&issuer=" + PercentEncode(issuer);
  uri += "&algorithm=" + std::string(TotpAlgorithmName(params.algorithm));
  uri += "&digits=" + std::to_string(params.digits);
  uri += "&period=" + std::to_string(PeriodSeconds(params));
  return uri;
}

}  // namespace civic311
