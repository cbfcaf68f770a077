// A small stand-in for libFuzzer's driver, so that the fuzz targets also build and run with g++
// (CI) where libFuzzer is not available. It understands the flags the test suite passes:
//
//   target [-max_total_time=SECONDS] [-runs=N] [-seed=N] CORPUS_DIR_OR_FILE…
//
// It runs every corpus input once, then, until the time or run budget is spent, random
// mutations of them (bit flips, byte changes, insertions, deletions, duplicated ranges, splices
// of two inputs, interesting bytes). No coverage guidance: that is what a clang build with
// -DCIVIC311_FUZZ=ON (real libFuzzer) adds. A crash or abort() ends the process, and the test
// with it; the input that did it is written to ./crash-standalone first (best effort: on an
// abort() it is the last input started).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void Run(const std::string& input) {
  {  // Remember the input before running it: an abort() leaves no chance afterwards.
    std::ofstream out("crash-standalone", std::ios::binary | std::ios::trunc);
    out.write(input.data(), static_cast<std::streamsize>(input.size()));
  }
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

std::string Mutate(std::string s, const std::vector<std::string>& corpus, std::mt19937_64& rng) {
  static const char kInteresting[] = {'\0', '\xff', '\x7f', '\x80', '"', '\\', '{', '}',  '[',
                                      ']',  ',',    ':',    '-',    '%', '&',  '=', '\n', '\r'};
  auto pick = [&](std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng() % n); };
  const int steps = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < steps; ++i) {
    switch (rng() % 7) {
      case 0:  // flip a bit
        if (!s.empty()) s[pick(s.size())] ^= static_cast<char>(1u << (rng() % 8));
        break;
      case 1:  // set a byte
        if (!s.empty()) s[pick(s.size())] = static_cast<char>(rng());
        break;
      case 2:  // insert an interesting byte
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(pick(s.size() + 1)),
                 kInteresting[pick(sizeof kInteresting)]);
        break;
      case 3:  // erase a range
        if (!s.empty()) {
          std::size_t at = pick(s.size());
          s.erase(at, 1 + pick(std::min<std::size_t>(16, s.size() - at)));
        }
        break;
      case 4:  // duplicate a range
        if (!s.empty() && s.size() < 64 * 1024) {
          std::size_t at = pick(s.size());
          std::string piece = s.substr(at, 1 + pick(64));
          s.insert(pick(s.size() + 1), piece);
        }
        break;
      case 5: {  // splice with another input
        const std::string& other = corpus[pick(corpus.size())];
        s = s.substr(0, pick(s.size() + 1)) + other.substr(pick(other.size() + 1));
        break;
      }
      default:  // a number in a random place
        s.insert(pick(s.size() + 1), std::to_string(static_cast<std::int64_t>(rng())));
        break;
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  double max_seconds = 10;
  long long max_runs = -1;
  std::uint64_t seed = std::random_device()();
  std::vector<std::string> corpus;
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (std::strncmp(a, "-max_total_time=", 16) == 0) {
      max_seconds = std::atof(a + 16);
    } else if (std::strncmp(a, "-runs=", 6) == 0) {
      max_runs = std::atoll(a + 6);
    } else if (std::strncmp(a, "-seed=", 6) == 0) {
      seed = std::strtoull(a + 6, nullptr, 10);
    } else if (a[0] == '-') {
      std::fprintf(stderr, "standalone fuzz driver: ignoring %s\n", a);
    } else if (std::filesystem::is_directory(a)) {
      for (const auto& e : std::filesystem::directory_iterator(a))
        if (e.is_regular_file()) corpus.push_back(ReadFile(e.path()));
    } else {
      corpus.push_back(ReadFile(a));
    }
  }
  if (corpus.empty()) corpus.emplace_back();
  std::printf("standalone fuzz driver: %zu corpus inputs, seed %llu, %.0f s\n", corpus.size(),
              static_cast<unsigned long long>(seed), max_seconds);
  for (const std::string& input : corpus) Run(input);
  std::mt19937_64 rng(seed);
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(max_seconds));
  long long runs = 0;
  while ((max_runs < 0 || runs < max_runs) &&
         ((runs & 63) != 0 || std::chrono::steady_clock::now() < deadline)) {
    Run(Mutate(corpus[static_cast<std::size_t>(rng() % corpus.size())], corpus, rng));
    ++runs;
  }
  std::remove("crash-standalone");
  std::printf("standalone fuzz driver: %lld mutated inputs, no failure\n", runs);
  return 0;
}
