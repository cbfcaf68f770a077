#include "app/api_key_service.hpp"

#include "base/crypto.hpp"
#include "domain/text.hpp"

namespace civic311 {

std::string HashApiKey(std::string_view key) { return Sha256Hex(key); }

ApiKeyService::ApiKeyService(ApiKeyStore& store, const Clock& clock)
    : store_(store), clock_(clock) {}

Result<CreatedApiKey> ApiKeyService::Create(std::string_view raw_name) {
  std::string_view name = TrimAscii(raw_name);
  if (name.empty()) return Error::InvalidField("name", "a name for the key is required");
  if (!IsValidUtf8(name) || HasControlChars(name, false)) {
    return Error::InvalidField("name", "the name must be plain text on one line");
  }
  if (CountCodePoints(name) > 100) {
    return Error::InvalidField("name", "the name must be at most 100 characters");
  }
  CreatedApiKey created;
  created.key = std::string(kKeyPrefix) + RandomToken(20);
  auto info =
      store_.CreateApiKey(name, created.key.substr(0, kShownPrefixChars), HashApiKey(created.key));
  if (!info.ok()) return std::move(info).error();
  created.info = std::move(info).value();
  return created;
}

Result<std::vector<ApiKeyInfo>> ApiKeyService::List() { return store_.ListApiKeys(); }

Status ApiKeyService::Revoke(std::string_view name_or_id) {
  std::string_view which = TrimAscii(name_or_id);
  if (which.empty()) return Error::InvalidArgument("say which key: its name or id");
  return store_.RevokeApiKey(which);
}

}  // namespace civic311
