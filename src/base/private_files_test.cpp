#include "base/private_files.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace civic311 {
namespace {

int Mode(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

class PrivateFiles : public ::testing::Test {
 protected:
  PrivateFiles() {
    std::string pattern = (std::filesystem::temp_directory_path() / "c311-private-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
  }
  ~PrivateFiles() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string dir_;
};

TEST_F(PrivateFiles, FilesAreCreatedOrTightenedTo0600) {
  const std::string created = dir_ + "/new.db";
  ASSERT_TRUE(MakeFilePrivate(created).ok());
  EXPECT_EQ(Mode(created), 0600);
  const std::string open = dir_ + "/old.db";
  std::ofstream(open) << "x";
  ASSERT_EQ(::chmod(open.c_str(), 0644), 0);
  ASSERT_TRUE(TightenIfExists(open).ok());
  EXPECT_EQ(Mode(open), 0600);
  EXPECT_TRUE(TightenIfExists(dir_ + "/absent-wal").ok());
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/absent-wal"));
  EXPECT_EQ(MakeFilePrivate(dir_ + "/no/such/dir/x.db").error().code, ErrorCode::kUnavailable);
}

TEST_F(PrivateFiles, MediaDirectoriesAre0700AndCreatedWithTheirParents) {
  const std::string media = dir_ + "/var/media";
  ASSERT_TRUE(EnsurePrivateDirectory(media).ok());
  EXPECT_EQ(Mode(media), 0700);
  EXPECT_EQ(Mode(dir_ + "/var"), 0700);
  ASSERT_EQ(::chmod(media.c_str(), 0755), 0);
  ASSERT_TRUE(EnsurePrivateDirectory(media).ok());
  EXPECT_EQ(Mode(media), 0700);
  std::ofstream(dir_ + "/file") << "x";
  EXPECT_EQ(EnsurePrivateDirectory(dir_ + "/file").error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace civic311
