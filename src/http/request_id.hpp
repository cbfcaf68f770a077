// Request ids: correlate the access log, error logs and the client's view of one request.
// Thread-safety: both functions are safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace civic311::http {

// An incoming X-Request-Id is honoured only if it is 1..64 characters of [A-Za-z0-9._-], so it
// can be logged and echoed without escaping.
bool IsSafeRequestId(std::string_view id);

// A new id: a random per-process prefix and a process-wide counter ("5f3a9c1e-2b"). Unique within
// the process; unique across restarts with high probability. No locks, no system calls.
std::string NewRequestId();

}  // namespace civic311::http
