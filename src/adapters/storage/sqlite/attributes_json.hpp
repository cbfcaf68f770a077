// The storage encoding of ServiceRequest::attributes: a JSON object of string arrays,
// {"CODE": ["value", …], …}, kept as one TEXT column (readable with SQLite's JSON functions).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civic311::sqlite {

using Attributes = std::map<std::string, std::vector<std::string>>;

std::string EncodeAttributes(const Attributes& attributes);

// Accepts any JSON text of that shape (any whitespace, any string escapes including \uXXXX
// surrogate pairs); nullopt for anything else. A duplicate key keeps the last value.
std::optional<Attributes> DecodeAttributes(std::string_view json);

}  // namespace civic311::sqlite
