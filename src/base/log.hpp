// Structured logging: one JSON object per line on stderr.
// Thread-safety: Log() may be called from any thread; lines never interleave.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace civic311 {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// A field's value is a view: Log copies it before returning, so a temporary such as
// {"status", std::to_string(code)} is fine within the call's full expression.
using LogField = std::pair<std::string_view, std::string_view>;

void SetLogLevel(LogLevel level);
bool LogEnabled(LogLevel level);
// Writes {"ts":"…","level":"…","msg":"…", fields…}. Field values are JSON-escaped strings,
// except values that look like plain decimal numbers, written as numbers. Warnings and errors
// reach stderr before Log returns; info and debug lines are batched and written within ~50 ms.
void Log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields = {});

// Writes any batched lines now (before exit, in tests).
void FlushLog();

// JSON string escaping, shared by the logger and anyone else who writes JSON by hand.
void AppendJsonEscaped(std::string& out, std::string_view s);

}  // namespace civic311
