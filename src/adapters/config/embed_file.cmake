# cmake -DIN=config/demo-city.toml -DOUT=demo_city_toml.cpp -P embed_file.cmake
# Writes a C++ file defining civic311::DemoCityToml() over IN's exact bytes. Bytes, not a raw
# string literal, so that no content of the TOML can end the literal early.
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
# 16 bytes a line (CMake regexes have no {n}).
set(sixteen "")
foreach(i RANGE 1 16)
  string(APPEND sixteen "0x[0-9a-f][0-9a-f],")
endforeach()
string(REGEX REPLACE "(${sixteen})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}.tmp" "// Generated from ${IN} by embed_file.cmake: do not edit.
#include \"adapters/config/city_config.hpp\"

namespace civic311 {
namespace {
// The file's bytes plus a NUL, so that an empty file still makes a valid array.
const unsigned char kDemoCityToml[] = {
${bytes}0x00};
}  // namespace

std::string_view DemoCityToml() {
  return {reinterpret_cast<const char*>(kDemoCityToml), sizeof(kDemoCityToml) - 1};
}

}  // namespace civic311
")
file(RENAME "${OUT}.tmp" "${OUT}")
