#include "http/request_id.hpp"

#include <atomic>
#include <cstdint>
#include <random>

namespace civic311::http {
namespace {

constexpr char kHex[] = "0123456789abcdef";

struct Prefix {
  char text[9];
  Prefix() {
    std::random_device rd;
    std::uint32_t r = rd();
    for (int i = 7; i >= 0; --i, r >>= 4) text[i] = kHex[r & 15];
    text[8] = '-';
  }
};

std::atomic<std::uint64_t> g_counter{0};

}  // namespace

bool IsSafeRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string NewRequestId() {
  static const Prefix prefix;
  std::uint64_t n = g_counter.fetch_add(1, std::memory_order_relaxed) + 1;
  char buf[9 + 16];
  char* end = buf + sizeof buf;
  char* p = end;
  do {
    *--p = kHex[n & 15];
    n >>= 4;
  } while (n != 0);
  std::string id;
  id.reserve(9 + static_cast<size_t>(end - p));  // fits the small-string buffer for a long time
  id.append(prefix.text, 9);
  id.append(p, end);
  return id;
}

}  // namespace civic311::http
