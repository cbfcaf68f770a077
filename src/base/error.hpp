// Error: the one error type of civic311, returned as a value (see Result<T>).
//
// An Error carries a protocol-neutral code, a public message that is safe to show to any client,
// optional field-level messages (for forms and the staff API), and a detail that only goes to the
// log. Front doors (Open311, staff JSON, HTML) translate the code to their own status once.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace civic311 {

enum class ErrorCode {
  kInvalidArgument,    // the caller sent something we cannot accept
  kNotFound,           // no such thing, or not visible to this caller
  kConflict,           // a concurrent change or a forbidden transition
  kUnauthenticated,    // no or bad credentials
  kPermissionDenied,   // credentials fine, action not allowed
  kResourceExhausted,  // this caller must slow down (sign-in throttling, rate limits)
  kUnavailable,        // temporarily cannot serve (overload, database busy)
  kInternal,           // a bug or an unexpected failure; details only in the log
};

// A message about one input field, e.g. {"attribute[SIZE]", "must be one of: small, large"}.
struct FieldError {
  std::string field;
  std::string message;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // public: safe to show to any client
  std::string detail;   // private: for the log only
  std::vector<FieldError> fields;
  // kResourceExhausted / kUnavailable: seconds after which trying again makes sense (0: not
  // said). Front doors send it as Retry-After.
  int retry_after_seconds = 0;

  static Error InvalidArgument(std::string msg) {
    return {ErrorCode::kInvalidArgument, std::move(msg), {}, {}, 0};
  }
  static Error InvalidField(std::string field, std::string msg) {
    Error e{ErrorCode::kInvalidArgument, msg, {}, {}, 0};
    e.fields.push_back({std::move(field), std::move(msg)});
    return e;
  }
  static Error NotFound(std::string msg) {
    return {ErrorCode::kNotFound, std::move(msg), {}, {}, 0};
  }
  static Error Conflict(std::string msg) {
    return {ErrorCode::kConflict, std::move(msg), {}, {}, 0};
  }
  static Error Unauthenticated(std::string msg) {
    return {ErrorCode::kUnauthenticated, std::move(msg), {}, {}, 0};
  }
  static Error PermissionDenied(std::string msg) {
    return {ErrorCode::kPermissionDenied, std::move(msg), {}, {}, 0};
  }
  static Error ResourceExhausted(std::string msg, int retry_after_seconds = 0) {
    return {ErrorCode::kResourceExhausted, std::move(msg), {}, {}, retry_after_seconds};
  }
  static Error Unavailable(std::string msg, std::string detail = {}, int retry_after_seconds = 0) {
    return {ErrorCode::kUnavailable, std::move(msg), std::move(detail), {}, retry_after_seconds};
  }
  // Internal errors never show their cause: the detail goes to the log only.
  static Error Internal(std::string detail) {
    return {ErrorCode::kInternal, "internal error", std::move(detail), {}, 0};
  }
};

const char* ErrorCodeName(ErrorCode code);

}  // namespace civic311
