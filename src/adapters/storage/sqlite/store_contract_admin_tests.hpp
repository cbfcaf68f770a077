// Store contract, ApiKeyStore and CityConfigStore parts (see store_contract.hpp).
#pragma once

#include "adapters/storage/sqlite/store_contract.hpp"

namespace civic311::testing {

TEST_P(StoreContractTest, ApiKeyIsCreatedAndFoundByHash) {
  clock_.Set(T(3, 42));
  auto key = keys().CreateApiKey("mobile app", "c311_ab", "hash-1");
  ASSERT_TRUE(key.ok()) << key.error().detail;
  EXPECT_GT(key->id, 0);
  EXPECT_EQ(key->name, "mobile app");
  EXPECT_EQ(key->prefix, "c311_ab");
  EXPECT_EQ(key->created_at, T(3, 42));
  EXPECT_FALSE(key->revoked_at.has_value());

  auto found = keys().FindActiveApiKey("hash-1");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, key->id);
  EXPECT_EQ((*found)->name, "mobile app");
  EXPECT_EQ((*found)->prefix, "c311_ab");
  EXPECT_EQ((*found)->created_at, T(3, 42));

  auto unknown = keys().FindActiveApiKey("hash-2");
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->has_value());
}

TEST_P(StoreContractTest, ApiKeyNamesAndHashesAreUnique) {
  ASSERT_TRUE(keys().CreateApiKey("app", "p1", "h1").ok());
  auto same_name = keys().CreateApiKey("app", "p2", "h2");
  ASSERT_FALSE(same_name.ok());
  EXPECT_EQ(same_name.error().code, ErrorCode::kConflict);
  auto same_hash = keys().CreateApiKey("other", "p3", "h1");
  ASSERT_FALSE(same_hash.ok());
  EXPECT_EQ(same_hash.error().code, ErrorCode::kConflict);
  auto listed = keys().ListApiKeys();
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 1u);
  auto nameless = keys().CreateApiKey("", "p", "h9");
  ASSERT_FALSE(nameless.ok());
  EXPECT_EQ(nameless.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(StoreContractTest, RevokeByNameThenReuseTheName) {
  auto first = keys().CreateApiKey("app", "p1", "h1");
  ASSERT_TRUE(first.ok());
  clock_.Set(T(5));
  ASSERT_TRUE(keys().RevokeApiKey("app").ok());
  auto gone = keys().FindActiveApiKey("h1");
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());

  auto second = keys().CreateApiKey("app", "p2", "h2");  // the name is free again
  ASSERT_TRUE(second.ok());
  auto listed = keys().ListApiKeys();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, first->id);
  EXPECT_EQ((*listed)[0].revoked_at, std::optional<Timestamp>(T(5)));
  EXPECT_EQ((*listed)[1].id, second->id);
  EXPECT_FALSE((*listed)[1].revoked_at.has_value());

  auto again = keys().RevokeApiKey(std::to_string(first->id));  // already revoked
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, RevokeById) {
  auto key = keys().CreateApiKey("app", "p1", "h1");
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(keys().RevokeApiKey(std::to_string(key->id)).ok());
  auto gone = keys().FindActiveApiKey("h1");
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
  auto twice = keys().RevokeApiKey(std::to_string(key->id));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, RevokePrefersTheNameOverAnId) {
  auto one = keys().CreateApiKey("one", "p1", "h1");
  auto named_one = keys().CreateApiKey(std::to_string(one->id), "p2", "h2");
  ASSERT_TRUE(named_one.ok());
  ASSERT_TRUE(keys().RevokeApiKey(std::to_string(one->id)).ok());
  EXPECT_TRUE(keys().FindActiveApiKey("h1")->has_value());
  EXPECT_FALSE(keys().FindActiveApiKey("h2")->has_value());
}

TEST_P(StoreContractTest, RevokeUnknownIsNotFound) {
  auto r = keys().RevokeApiKey("nobody");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(keys().RevokeApiKey("12345").error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, CityConfigSavesAndLoads) {
  auto empty = config().LoadCityConfig();
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->has_value());

  EXPECT_FALSE(config().CatalogueVersion().value());

  const std::string first = "[city]\nname = \"Springfield\"\n";
  clock_.Set(T(100));
  // The first save sets the version even when the caller says nothing changed.
  ASSERT_TRUE(config().SaveCityConfig(first, /*catalogue_changed=*/false).ok());
  auto loaded = config().LoadCityConfig();
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(*loaded, std::optional<std::string>(first));
  EXPECT_EQ(config().CatalogueVersion().value(), std::optional<Timestamp>(T(100)));

  const std::string second = "[city]\nname = \"Shelbyville\" # ünïcode\n";
  clock_.Set(T(200));
  ASSERT_TRUE(config().SaveCityConfig(second, /*catalogue_changed=*/false).ok());
  loaded = config().LoadCityConfig();
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(*loaded, std::optional<std::string>(second));
  EXPECT_EQ(config().CatalogueVersion().value(), std::optional<Timestamp>(T(100)));
  clock_.Set(T(300));
  ASSERT_TRUE(config().SaveCityConfig(second, /*catalogue_changed=*/true).ok());
  EXPECT_EQ(config().CatalogueVersion().value(), std::optional<Timestamp>(T(300)));
}

}  // namespace civic311::testing
