// civic311 route --db FILE --service CODE --lat Y --long X
// Shows where a request would go and why, without submitting anything: for staff checking the
// [[areas]] and [routing] of a city configuration (docs/config.md, "Routing").
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "domain/routing.hpp"
#include "main/cli.hpp"
#include "main/commands.hpp"

namespace civic311 {
namespace {

std::optional<double> ParseDegrees(const std::string& text, double limit) {
  if (text.empty()) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (errno != 0 || end != text.c_str() + text.size() || !std::isfinite(v) || v < -limit ||
      v > limit)
    return std::nullopt;
  return v;
}

}  // namespace

int RunRoute(int argc, char** argv, int first) {
  const std::vector<cli::FlagSpec> specs = {
      {"db", true, false, "the SQLite database file holding the city configuration"},
      {"service", true, false, "the service code, e.g. POTHOLE"},
      {"lat", true, false, "latitude in decimal degrees (WGS 84)"},
      {"long", true, false, "longitude in decimal degrees (WGS 84)"},
  };
  std::string err;
  auto args = cli::Args::Parse(argc, argv, first, specs, &err);
  if (!args) return Fail("route", err + " (see civic311 route --help)", 2);
  if (args->help()) {
    std::fputs(cli::Usage("civic311 route --db FILE --service CODE --lat Y --long X",
                          "Prints the department a request for CODE at (Y, X) would be routed to, "
                          "and why.\nExit 1 when the point is outside the city or the service is "
                          "unknown.",
                          specs)
                   .c_str(),
               stdout);
    return 0;
  }
  for (const char* flag : {"db", "service", "lat", "long"}) {
    if (!args->Has(flag))
      return Fail("route", std::string("--") + flag + " is required (see civic311 route --help)",
                  2);
  }
  const auto lat = ParseDegrees(args->Get("lat"), 90);
  const auto lon = ParseDegrees(args->Get("long"), 180);
  if (!lat) return Fail("route", "--lat must be a latitude from -90 to 90, e.g. 42.36", 2);
  if (!lon) return Fail("route", "--long must be a longitude from -180 to 180, e.g. -71.06", 2);

  const std::string db = args->Get("db");
  int code = 0;
  auto store = OpenStoreOrFail("route", db, &code);
  if (!store) return code;
  auto city = LoadStoredCity(*store, db);
  if (!city.ok()) return Fail("route", Describe(city.error()));

  const std::string service_code = args->Get("service");
  const Service* service = (*city)->FindService(service_code);
  if (service == nullptr)
    return Fail("route", "unknown service \"" + service_code + "\" in " + (*city)->name);
  auto routed = RouteRequest(**city, *service, LonLat{*lon, *lat});
  if (!routed.ok()) return Fail("route", routed.error().message);

  const Department* department = (*city)->FindDepartment(routed->department_code);
  std::printf("%s  %s\n", routed->department_code.c_str(),
              department != nullptr ? department->name.c_str() : "(unknown department)");
  std::printf("why: %s\n", routed->reason.c_str());
  std::string areas;
  for (const std::string& a : routed->areas) areas += (areas.empty() ? "" : ", ") + a;
  std::printf("areas: %s\n", areas.empty() ? "(none)" : areas.c_str());
  if (routed->emergency) std::printf("emergency: the reporter is told to call 911\n");
  return 0;
}

}  // namespace civic311
