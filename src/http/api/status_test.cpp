#include "http/api/status.hpp"

#include <gtest/gtest.h>

namespace civic311::http {
namespace {

TEST(StatusForError, EveryCodeHasItsStatus) {
  EXPECT_EQ(StatusForError(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(StatusForError(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(StatusForError(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(StatusForError(ErrorCode::kNotFound), 404);
  EXPECT_EQ(StatusForError(ErrorCode::kConflict), 409);
  EXPECT_EQ(StatusForError(ErrorCode::kResourceExhausted), 429);
  EXPECT_EQ(StatusForError(ErrorCode::kInternal), 500);
  EXPECT_EQ(StatusForError(ErrorCode::kUnavailable), 503);
}

}  // namespace
}  // namespace civic311::http
