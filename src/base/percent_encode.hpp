// Percent-encoding (RFC 3986 §2.1): every byte outside the unreserved characters
// (ALPHA / DIGIT / "-" / "." / "_" / "~", §2.3) becomes %XX with upper-case hex digits. Safe in a
// URI component and in application/x-www-form-urlencoded text. Pure function.
#pragma once

#include <string>
#include <string_view>

namespace civic311 {

std::string PercentEncode(std::string_view s);

}  // namespace civic311
