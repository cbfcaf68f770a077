// TEST DOUBLE — never link into the server. In-memory RequestStore and ApiKeyStore for the unit
// tests of the app and open311 layers, which must not depend on a storage adapter. Follows the
// port contracts in app/ports.hpp closely enough for those tests (filters, newest-first order,
// offset/limit, ids override), and can be told to fail to exercise error paths.
// Thread-safety: every method takes one mutex.
#pragma once

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/ports.hpp"

namespace civic311::testing {

class InMemoryRequestStore final : public RequestStore {
 public:
  Result<ServiceRequest> Create(ServiceRequest r) override {
    std::lock_guard lock(mu_);
    if (fail_) return *fail_;
    r.id = next_id_++;
    rows_[r.id] = r;
    return r;
  }
  Result<std::optional<ServiceRequest>> Get(RequestId id) override {
    std::lock_guard lock(mu_);
    if (fail_) return *fail_;
    ++gets_;
    auto it = rows_.find(id);
    if (it == rows_.end()) return std::optional<ServiceRequest>();
    return std::optional<ServiceRequest>(it->second);
  }
  Result<std::optional<RequestId>> FindIdByToken(std::string_view token) override {
    std::lock_guard lock(mu_);
    if (fail_) return *fail_;
    for (const auto& [id, r] : rows_)
      if (r.token == token) return std::optional<RequestId>(id);
    return std::optional<RequestId>();
  }
  Result<std::vector<ServiceRequest>> List(const RequestQuery& q) override {
    std::lock_guard lock(mu_);
    if (fail_) return *fail_;
    ++lists_;
    last_query_ = q;
    std::vector<ServiceRequest> out;
    for (const auto& [id, r] : rows_)
      if (Matches(q, r)) out.push_back(r);
    std::sort(out.begin(), out.end(), [](const ServiceRequest& a, const ServiceRequest& b) {
      return a.requested_at != b.requested_at ? a.requested_at > b.requested_at : a.id > b.id;
    });
    std::size_t from = std::min<std::size_t>(out.size(), static_cast<std::size_t>(q.offset));
    std::size_t to = std::min<std::size_t>(out.size(), from + static_cast<std::size_t>(q.limit));
    return std::vector<ServiceRequest>(out.begin() + from, out.begin() + to);
  }
  Status Ping() override { return OkStatus(); }

  // Test controls.
  void FailWith(std::optional<Error> e) {
    std::lock_guard lock(mu_);
    fail_ = std::move(e);
  }
  // Stores r as is (id and all), e.g. an internal request or one with a chosen time.
  void Put(const ServiceRequest& r) {
    std::lock_guard lock(mu_);
    rows_[r.id] = r;
    next_id_ = std::max(next_id_, r.id + 1);
  }
  std::optional<RequestQuery> last_query() {
    std::lock_guard lock(mu_);
    return last_query_;
  }
  int list_calls() {
    std::lock_guard lock(mu_);
    return lists_;
  }

 private:
  static bool Matches(const RequestQuery& q, const ServiceRequest& r) {
    if (r.internal && !q.include_internal) return false;
    if (!q.ids.empty()) return std::find(q.ids.begin(), q.ids.end(), r.id) != q.ids.end();
    if (!q.service_codes.empty() && std::find(q.service_codes.begin(), q.service_codes.end(),
                                              r.service_code) == q.service_codes.end())
      return false;
    if (!q.states.empty() && std::find(q.states.begin(), q.states.end(), r.state) == q.states.end())
      return false;
    if (q.start && r.requested_at < *q.start) return false;
    if (q.end && r.requested_at > *q.end) return false;
    if (q.updated_after && r.updated_at < *q.updated_after) return false;
    if (q.updated_before && r.updated_at > *q.updated_before) return false;
    if (q.bbox) {
      if (!r.lat || !r.lon) return false;
      if (*r.lat < q.bbox->min_lat || *r.lat > q.bbox->max_lat || *r.lon < q.bbox->min_lon ||
          *r.lon > q.bbox->max_lon)
        return false;
    }
    return true;
  }

  std::mutex mu_;
  std::map<RequestId, ServiceRequest> rows_;
  RequestId next_id_ = 1;
  std::optional<Error> fail_;
  std::optional<RequestQuery> last_query_;
  int gets_ = 0;
  int lists_ = 0;
};

class InMemoryApiKeyStore final : public ApiKeyStore {
 public:
  Result<ApiKeyInfo> CreateApiKey(std::string_view name, std::string_view prefix,
                                  std::string_view key_hash) override {
    std::lock_guard lock(mu_);
    for (const auto& k : keys_)
      if (k.info.name == name && !k.info.revoked_at) return Error::Conflict("name taken");
    Key k;
    k.info.id = static_cast<std::int64_t>(keys_.size()) + 1;
    k.info.name = std::string(name);
    k.info.prefix = std::string(prefix);
    k.hash = std::string(key_hash);
    keys_.push_back(k);
    return k.info;
  }
  Result<std::optional<ApiKeyInfo>> FindActiveApiKey(std::string_view key_hash) override {
    std::lock_guard lock(mu_);
    for (const auto& k : keys_)
      if (k.hash == key_hash && !k.info.revoked_at) return std::optional<ApiKeyInfo>(k.info);
    return std::optional<ApiKeyInfo>();
  }
  Result<std::vector<ApiKeyInfo>> ListApiKeys() override {
    std::lock_guard lock(mu_);
    std::vector<ApiKeyInfo> out;
    for (const auto& k : keys_) out.push_back(k.info);
    return out;
  }
  Status RevokeApiKey(std::string_view name_or_id) override {
    std::lock_guard lock(mu_);
    for (auto& k : keys_) {
      if (!k.info.revoked_at &&
          (k.info.name == name_or_id || std::to_string(k.info.id) == name_or_id)) {
        k.info.revoked_at = Timestamp{};
        return OkStatus();
      }
    }
    return Error::NotFound("no active key");
  }
  // The stored hashes (to check that no plaintext key is kept).
  std::vector<std::string> hashes() {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    for (const auto& k : keys_) out.push_back(k.hash);
    return out;
  }

 private:
  struct Key {
    ApiKeyInfo info;
    std::string hash;
  };
  std::mutex mu_;
  std::vector<Key> keys_;
};

}  // namespace civic311::testing
