#include "app/sign_in_limiter.hpp"

#include <algorithm>

namespace civic311 {

void SignInLimiter::Expire(Window& w, Timestamp now) const {
  while (!w.empty() && w.front().at + limits_.window <= now) w.pop_front();
}

int SignInLimiter::RetryAfter(const Window& w, Timestamp now) const {
  if (w.empty()) return 1;
  auto left = std::chrono::duration_cast<std::chrono::seconds>(w.front().at + limits_.window - now);
  return static_cast<int>(std::max<std::int64_t>(1, left.count()));
}

void SignInLimiter::Remove(Window& w, std::uint64_t id) {
  auto it = std::find_if(w.begin(), w.end(), [&](const Entry& e) { return e.id == id; });
  if (it != w.end()) w.erase(it);
}

void SignInLimiter::Prune(Timestamp now) {
  for (auto* map : {&accounts_, &addresses_}) {
    for (auto it = map->begin(); it != map->end();) {
      Expire(it->second, now);
      it = it->second.empty() ? map->erase(it) : std::next(it);
    }
  }
}

Result<SignInLimiter::Ticket> SignInLimiter::Begin(std::string_view account,
                                                   std::string_view address, Timestamp now) {
  std::lock_guard lock(mu_);
  const std::string account_key(account);
  const std::string address_key(address);
  if (accounts_.size() + addresses_.size() >= limits_.max_keys) {
    Prune(now);
    if ((!accounts_.contains(account_key) || !addresses_.contains(address_key)) &&
        accounts_.size() + addresses_.size() >= limits_.max_keys) {
      return Error::Unavailable("too many sign-in attempts right now; try again in a minute",
                                "sign-in limiter full", 60);
    }
  }
  Expire(global_, now);
  if (static_cast<int>(global_.size()) >= limits_.global) {
    return Error::ResourceExhausted("too many failed sign-ins on this site; try again later",
                                    RetryAfter(global_, now));
  }
  Window& acc = accounts_[account_key];
  Expire(acc, now);
  if (static_cast<int>(acc.size()) >= limits_.per_account) {
    return Error::ResourceExhausted(
        "too many failed sign-ins for this account; try again later or reset the password",
        RetryAfter(acc, now));
  }
  Window* addr = nullptr;
  if (!address.empty()) {
    addr = &addresses_[address_key];
    Expire(*addr, now);
    if (static_cast<int>(addr->size()) >= limits_.per_address) {
      return Error::ResourceExhausted("too many failed sign-ins from your address; try again later",
                                      RetryAfter(*addr, now));
    }
  }
  Ticket t{account_key, address_key, now, next_id_++};
  acc.push_back({now, t.id});
  if (addr != nullptr) addr->push_back({now, t.id});
  global_.push_back({now, t.id});
  return t;
}

void SignInLimiter::Cancel(const Ticket& t) {
  if (t.id == 0) return;
  std::lock_guard lock(mu_);
  if (auto it = accounts_.find(t.account); it != accounts_.end()) Remove(it->second, t.id);
  if (auto it = addresses_.find(t.address); it != addresses_.end()) Remove(it->second, t.id);
  Remove(global_, t.id);
}

void SignInLimiter::Succeeded(const Ticket& t) {
  if (t.id == 0) return;
  Cancel(t);
  ClearAccount(t.account);
}

void SignInLimiter::ClearAccount(std::string_view account) {
  std::lock_guard lock(mu_);
  accounts_.erase(std::string(account));
}

}  // namespace civic311
