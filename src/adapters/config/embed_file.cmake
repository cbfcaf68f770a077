# cmake -DIN=config/demo-city.toml -DOUT=demo_city_toml.cpp -P embed_file.cmake
#   [-DFUNCTION=DemoCityToml -DHEADER=adapters/config/city_config.hpp]
# Writes a C++ file defining std::string_view civic311::FUNCTION() (declared in HEADER) over IN's
# exact bytes. Bytes, not a raw string literal, so that no content of the file can end the
# literal early.
if(NOT FUNCTION)
  set(FUNCTION DemoCityToml)
endif()
if(NOT HEADER)
  set(HEADER adapters/config/city_config.hpp)
endif()
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
# 16 bytes a line (CMake regexes have no {n}).
set(sixteen "")
foreach(i RANGE 1 16)
  string(APPEND sixteen "0x[0-9a-f][0-9a-f],")
endforeach()
string(REGEX REPLACE "(${sixteen})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}.tmp" "// Generated from ${IN} by embed_file.cmake: do not edit.
#include \"${HEADER}\"

namespace civic311 {
namespace {
// The file's bytes plus a NUL, so that an empty file still makes a valid array.
const unsigned char kBytes[] = {
${bytes}0x00};
}  // namespace

std::string_view ${FUNCTION}() {
  return {reinterpret_cast<const char*>(kBytes), sizeof(kBytes) - 1};
}

}  // namespace civic311
")
file(RENAME "${OUT}.tmp" "${OUT}")
