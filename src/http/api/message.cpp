#include "http/api/message.hpp"

#include <atomic>

namespace civic311::http {

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return {};
}

std::string_view Request::Cookie(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k != "cookie") continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      const std::size_t end = rest.find(';');
      std::string_view pair = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
      while (!pair.empty() && (pair.front() == ' ' || pair.front() == '\t')) pair.remove_prefix(1);
      while (!pair.empty() && (pair.back() == ' ' || pair.back() == '\t')) pair.remove_suffix(1);
      const std::size_t eq = pair.find('=');
      if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
      std::string_view value = pair.substr(eq + 1);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return value;
    }
  }
  return {};
}

std::string_view Request::Param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name && !v.empty()) return v;
  for (const auto& [k, v] : form)
    if (k == name && !v.empty()) return v;
  return {};
}

std::vector<std::string_view> Request::Params(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const auto& [k, v] : query)
    if (k == name) out.push_back(v);
  for (const auto& [k, v] : form)
    if (k == name) out.push_back(v);
  return out;
}

std::vector<const UploadedFile*> Request::Files(std::string_view name) const {
  std::vector<const UploadedFile*> out;
  for (const UploadedFile& f : files)
    if (f.name == name) out.push_back(&f);
  return out;
}

struct Responder::Slot {
  Deliver deliver;
  std::function<Response()> on_drop;
  std::atomic<bool> sent{false};

  ~Slot() {
    if (!sent.load(std::memory_order_acquire)) deliver(on_drop());
  }
};

Responder::Responder(Deliver deliver, std::function<Response()> on_drop)
    : slot_(std::make_shared<Slot>()) {
  slot_->deliver = std::move(deliver);
  slot_->on_drop = std::move(on_drop);
}

void Responder::Send(Response response) const {
  if (slot_->sent.exchange(true, std::memory_order_acq_rel)) return;
  slot_->deliver(std::move(response));
}

bool Responder::sent() const { return slot_->sent.load(std::memory_order_acquire); }

}  // namespace civic311::http
