// Runs the store contract (store_contract.hpp) on SqliteStore, each test on a fresh file.
#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "adapters/storage/sqlite/store_contract_admin_tests.hpp"
#include "adapters/storage/sqlite/store_contract_request_tests.hpp"
#include "adapters/storage/sqlite/test_support.hpp"

namespace civic311::testing {
namespace {

class SqliteUnderTest final : public StoreUnderTest {
 public:
  explicit SqliteUnderTest(const Clock& clock) {
    auto opened = SqliteStore::Open({.path = dir_.File("civic311.db"), .clock = &clock});
    if (!opened.ok()) {
      ADD_FAILURE() << opened.error().message << " / " << opened.error().detail;
      return;
    }
    store_ = std::move(*opened);
  }
  RequestStore& requests() override { return *store_; }
  ApiKeyStore& api_keys() override { return *store_; }
  CityConfigStore& city_config() override { return *store_; }

 private:
  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest,
                         ::testing::Values(StoreFactory{
                             "Sqlite",
                             [](const Clock& clock) -> std::unique_ptr<StoreUnderTest> {
                               return std::make_unique<SqliteUnderTest>(clock);
                             }}),
                         StoreFactoryName);

}  // namespace
}  // namespace civic311::testing
