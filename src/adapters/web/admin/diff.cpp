// The version page's diff: dtl (Debian libdtl-dev) computes the shortest edit script of the two
// documents' lines and prints it as unified hunks with 3 lines of context.
#include <dtl/dtl.hpp>
#include <sstream>

#include "adapters/web/admin/handlers.hpp"

namespace civic311::admin {
namespace {

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

std::vector<DiffLine> LineDiff(const std::string& before, const std::string& after) {
  dtl::Diff<std::string> diff(SplitLines(before), SplitLines(after));
  diff.compose();
  diff.composeUnifiedHunks();
  std::ostringstream out;
  diff.printUnifiedFormat(out);
  std::vector<DiffLine> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    lines.push_back({line[0], line.substr(1)});
  }
  return lines;
}

}  // namespace civic311::admin
