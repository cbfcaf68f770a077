// libFuzzer target for the FixMyStreet double-encoding repair (src/adapters/open311/
// double_encoding.hpp), which reads every parameter of an untrusted POST. Input: parameters
// separated by NUL bytes (name, value, name, value…). Besides "no crash, no UB", it checks the
// contract: a repair happens only for input with a C1 character, changes every text into its
// Latin-1 bytes, leaves the count alone and yields valid UTF-8; no repair changes nothing.
//
//   cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCIVIC311_FUZZ=ON
//   cmake --build build/fuzz --target double_encoding_fuzz && build/fuzz/fuzz/double_encoding_fuzz
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "adapters/open311/double_encoding.hpp"
#include "domain/text.hpp"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using civic311::open311::Params;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  Params params;
  std::string pending;
  bool have_name = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= in.size(); ++i) {
    if (i < in.size() && in[i] != '\0') continue;
    std::string part(in.substr(start, i - start));
    start = i + 1;
    // The HTTP layer hands only valid UTF-8 to handlers.
    if (!civic311::IsValidUtf8(part)) part = "x";
    if (have_name) {
      params.emplace_back(std::move(pending), std::move(part));
    } else {
      pending = std::move(part);
    }
    have_name = !have_name;
  }
  const Params before = params;
  bool c1 = false;
  for (const auto& [k, v] : before)
    c1 = c1 || civic311::open311::HasC1Control(k) || civic311::open311::HasC1Control(v);
  const bool repaired = civic311::open311::RepairDoubleEncoded({&params});
  Check(params.size() == before.size());
  if (!repaired) {
    Check(params == before);
    return 0;
  }
  Check(c1);
  for (std::size_t i = 0; i < params.size(); ++i) {
    Check(civic311::open311::Latin1Bytes(before[i].first) == params[i].first);
    Check(civic311::open311::Latin1Bytes(before[i].second) == params[i].second);
    Check(civic311::IsValidUtf8(params[i].first) && civic311::IsValidUtf8(params[i].second));
  }
  return 0;
}
