#include "base/password.hpp"

#include <sodium.h>

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace civic311 {
namespace {

// Decodes UTF-8 into code points; nullopt for invalid sequences (overlong forms, surrogates,
// values past U+10FFFF, truncated sequences).
std::optional<std::vector<char32_t>> DecodeUtf8(std::string_view s) {
  std::vector<char32_t> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    int extra;
    char32_t cp;
    char32_t min;
    if (b0 < 0x80) {
      extra = 0, cp = b0, min = 0;
    } else if ((b0 & 0xE0) == 0xC0) {
      extra = 1, cp = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
      extra = 2, cp = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
      extra = 3, cp = b0 & 0x07, min = 0x10000;
    } else {
      return std::nullopt;
    }
    if (i + extra >= s.size()) return std::nullopt;  // truncated
    for (int k = 1; k <= extra; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    out.push_back(cp);
    i += extra + 1;
  }
  return out;
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

Error PasswordError(std::string msg) { return Error::InvalidField("password", std::move(msg)); }

// Longer inputs cannot have been accepted by the policy (4 bytes per character at most).
constexpr std::size_t kMaxVerifyBytes = 4 * kMaxPasswordLength;

}  // namespace

PasswordHashCost PasswordHashCost::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordHashCost PasswordHashCost::Minimum() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

bool IsCommonPassword(std::string_view password) {
  static const auto* const kCommon = [] {
    auto* set = new std::unordered_set<std::string_view>();  // never freed: lives as the list
    std::string_view list = CommonPasswordList();
    while (!list.empty()) {
      const std::size_t end = list.find('\n');
      std::string_view word = list.substr(0, end);
      if (!word.empty()) set->insert(word);
      list = end == std::string_view::npos ? std::string_view() : list.substr(end + 1);
    }
    return set;
  }();
  if (password.size() > 64) return false;  // nothing on the list is that long
  std::string lower(password);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return kCommon->contains(lower);
}

Status CheckPasswordPolicy(std::string_view password,
                           std::initializer_list<std::string_view> forbidden) {
  auto chars = DecodeUtf8(password);
  if (!chars) return PasswordError("the password is not valid text (UTF-8)");
  if (chars->size() < kMinPasswordLength)
    return PasswordError("the password must have at least " + std::to_string(kMinPasswordLength) +
                         " characters");
  if (chars->size() > kMaxPasswordLength)
    return PasswordError("the password may have at most " + std::to_string(kMaxPasswordLength) +
                         " characters");
  bool all_same = true;
  for (char32_t c : *chars) all_same = all_same && c == chars->front();
  if (all_same) return PasswordError("the password must not be one character repeated");
  if (IsCommonPassword(password)) {
    return PasswordError("the password is one of the most common passwords; choose another");
  }
  for (std::string_view f : forbidden)
    if (!f.empty() && EqualsIgnoringAsciiCase(password, f))
      return PasswordError("the password must not be your name, e-mail or the site's name");
  return OkStatus();
}

Result<std::string> HashPassword(std::string_view password, PasswordHashCost cost) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops_limit, cost.mem_limit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Error::Internal("crypto_pwhash_str_alg failed (out of memory?)");
  return std::string(out);
}

bool VerifyPassword(std::string_view stored, std::string_view password) {
  if (password.size() > kMaxVerifyBytes) return false;
  if (stored.empty() || stored.size() >= crypto_pwhash_STRBYTES) return false;
  if (stored.find('\0') != std::string_view::npos) return false;
  const std::string stored_z(stored);  // libsodium wants a NUL-terminated string
  return crypto_pwhash_str_verify(stored_z.c_str(), password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view stored, PasswordHashCost cost) {
  if (stored.rfind("$argon2id$", 0) != 0) return true;  // another algorithm (argon2i, …)
  if (stored.size() >= crypto_pwhash_STRBYTES) return true;
  const std::string stored_z(stored);
  // 0: matches the cost; 1: different cost; -1: malformed.
  return crypto_pwhash_str_needs_rehash(stored_z.c_str(), cost.ops_limit, cost.mem_limit) != 0;
}

}  // namespace civic311
