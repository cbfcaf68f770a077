#include "http/api/stream.hpp"

namespace civic311::http {

bool ResponseStream::Send(std::string_view data) {
  std::function<void()> wake;
  bool ok = true;
  {
    std::lock_guard lock(mu_);
    if (closed_) return false;
    if (pending_.size() + data.size() > max_pending_) {
      closed_ = true;  // too far behind: cut off, the client reconnects and catches up
      pending_.clear();
      ok = false;
    } else {
      pending_.append(data);
    }
    wake = wake_;
  }
  if (wake) wake();
  return ok;
}

void ResponseStream::Close() {
  std::function<void()> wake;
  {
    std::lock_guard lock(mu_);
    if (closed_) return;
    closed_ = true;
    wake = wake_;
  }
  if (wake) wake();
}

bool ResponseStream::open() const {
  std::lock_guard lock(mu_);
  return !closed_;
}

void ResponseStream::Attach(std::function<void()> wake) {
  std::lock_guard lock(mu_);
  wake_ = std::move(wake);
}

bool ResponseStream::Take(std::string* out) {
  out->clear();
  std::lock_guard lock(mu_);
  out->swap(pending_);
  return !closed_;
}

void ResponseStream::Detach() {
  std::function<void()> old;
  std::lock_guard lock(mu_);
  closed_ = true;
  pending_.clear();
  old.swap(wake_);  // destroyed after the lock is released (declared first)
}

}  // namespace civic311::http
