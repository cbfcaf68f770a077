#include "app/api_key_service.hpp"

#include <gtest/gtest.h>

#include "app/testing/in_memory_stores.hpp"
#include "base/crypto.hpp"

namespace civic311 {
namespace {

TEST(ApiKeyService, CreateShowsTheKeyOnceAndStoresOnlyItsHash) {
  ASSERT_TRUE(CryptoInit());
  testing::InMemoryApiKeyStore store;
  FakeClock clock(Timestamp{});
  ApiKeyService svc(store, clock);
  auto created = svc.Create("  FixMyStreet  ");
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->key.rfind("c311_", 0), 0u);
  EXPECT_EQ(created->key.size(), 5u + 32u);
  EXPECT_EQ(created->info.name, "FixMyStreet");
  EXPECT_EQ(created->info.prefix, created->key.substr(0, 12));
  auto hashes = store.hashes();
  ASSERT_EQ(hashes.size(), 1u);
  EXPECT_EQ(hashes[0], Sha256Hex(created->key));
  EXPECT_NE(hashes[0], created->key);
  EXPECT_TRUE(store.FindActiveApiKey(HashApiKey(created->key)).value().has_value());
}

TEST(ApiKeyService, NamesAreChecked) {
  testing::InMemoryApiKeyStore store;
  FakeClock clock(Timestamp{});
  ApiKeyService svc(store, clock);
  EXPECT_EQ(svc.Create("   ").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(svc.Create("two\nlines").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(svc.Create(std::string(101, 'x')).error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(svc.Create("app").ok());
  EXPECT_EQ(svc.Create("app").error().code, ErrorCode::kConflict);  // from the store
}

TEST(ApiKeyService, ListAndRevoke) {
  testing::InMemoryApiKeyStore store;
  FakeClock clock(Timestamp{});
  ApiKeyService svc(store, clock);
  ASSERT_TRUE(svc.Create("a").ok());
  ASSERT_TRUE(svc.Create("b").ok());
  EXPECT_EQ(svc.List().value().size(), 2u);
  EXPECT_TRUE(svc.Revoke("2").ok());
  EXPECT_EQ(svc.Revoke("2").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(svc.Revoke(" ").error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(svc.List().value()[1].revoked_at.has_value());
}

}  // namespace
}  // namespace civic311
