// Passwords: Argon2id hashing (libsodium crypto_pwhash_str*) and the password policy.
//
// The stored form is libsodium's self-describing string ("$argon2id$v=19$m=65536,t=2,p=1$…"),
// so the cost can be raised later: after a successful login, PasswordNeedsRehash() says whether
// to store a fresh hash made with the current cost.
//
// COST: with the default (PasswordHashCost::Interactive(): 2 passes over 64 MiB) one hash or one
// verification takes roughly 50–100 ms of CPU on a server core (measure on the target with
// bench/) and holds 64 MiB of memory while it runs. So:
//   - never call these on a network thread: run them on the worker pool and await the result;
//   - bound how many run at once (memory = 64 MiB × concurrent logins), and rate-limit logins.
//
// CryptoInit() (base/crypto.hpp) must have been called first.
// Thread-safety: all functions are safe from any thread.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace civic311 {

struct PasswordHashCost {
  unsigned long long ops_limit;  // Argon2 passes
  std::size_t mem_limit;         // bytes

  // libsodium's "interactive" limits (2 passes, 64 MiB): the production default.
  static PasswordHashCost Interactive();
  // The smallest cost libsodium allows. Tests only: hashes made with it are weak, and
  // PasswordNeedsRehash(…, Interactive()) says so.
  static PasswordHashCost Minimum();
};

// The password policy (NIST SP 800-63B style: length, not composition rules).
inline constexpr std::size_t kMinPasswordLength = 10;   // characters (Unicode code points)
inline constexpr std::size_t kMaxPasswordLength = 256;  // characters

// OkStatus, or kInvalidArgument with a field error on "password" when the password is shorter
// than kMinPasswordLength or longer than kMaxPasswordLength characters, is not valid UTF-8,
// is one character repeated, is one of the 10,000 most common passwords (ignoring ASCII case;
// NIST SP 800-63B §5.1.1.2 asks to refuse "commonly-used" passwords; the list and its source:
// docs/security.md), or equals (ignoring ASCII case) one of `forbidden` — pass the account's
// e-mail, user name and the site name there.
Status CheckPasswordPolicy(std::string_view password,
                           std::initializer_list<std::string_view> forbidden = {});

// Whether `password` (ASCII case ignored) is on the common-password list.
bool IsCommonPassword(std::string_view password);
// The embedded list (src/base/common_passwords.txt): one password a line, lower case, most
// common first. Generated into the build from the file.
std::string_view CommonPasswordList();

// The Argon2id string to store. kInternal if hashing fails (out of memory).
Result<std::string> HashPassword(std::string_view password,
                                 PasswordHashCost cost = PasswordHashCost::Interactive());

// Whether `password` matches `stored` (a string from HashPassword). False for a malformed
// stored string and for passwords longer than 4 × kMaxPasswordLength bytes (no one can have set
// those; refusing them early bounds the work an attacker can ask for).
bool VerifyPassword(std::string_view stored, std::string_view password);

// True when `stored` was made with another algorithm or cost than `cost` (or is malformed):
// re-hash the password the user just typed and store the new string.
bool PasswordNeedsRehash(std::string_view stored,
                         PasswordHashCost cost = PasswordHashCost::Interactive());

}  // namespace civic311
