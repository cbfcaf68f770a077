#include "app/dashboard_service.hpp"

namespace civic311 {

bool DashboardService::MaySee(const Actor& actor, const std::string& department_code) {
  return static_cast<bool>(
      Authorize(actor, Operation::kViewReports, Target{department_code, std::nullopt, false}));
}

Result<DashboardReport> DashboardService::Build(const Actor& actor,
                                                const DashboardRequest& in) const {
  const Decision d =
      Authorize(actor, Operation::kViewReports, Target{in.department_code, std::nullopt, false});
  if (!d) return ToStatus(d, actor).error();
  const Timestamp now = clock_.Now();
  const std::shared_ptr<const City> city = city_ ? city_->Current() : nullptr;
  const std::int64_t today = city && city->calendar ? city->calendar->LocalDay(now)
                                                    : now.time_since_epoch().count() / 86400;
  DashboardReport out;
  out.query.department_code = in.department_code;
  out.query.now = now;
  if (in.from_day || in.to_day) {
    if (!in.from_day || !in.to_day)
      return Error::InvalidField("from", "give both the first and the last day");
    if (*in.from_day > *in.to_day)
      return Error::InvalidField("from", "the first day is after the last day");
    if (*in.to_day > today) return Error::InvalidField("to", "the last day is in the future");
    out.query.current = DayRange{*in.from_day, *in.to_day};
  } else {
    out.query.current = DayRange{today - in.days + 1, today};
  }
  const std::int64_t n = out.query.current.Days();
  if (n < 1 || n > kMaxDays)
    return Error::InvalidField("days", "the period must be 1 to 366 days long");
  out.query.previous = DayRange{out.query.current.first_day - n, out.query.current.first_day - 1};
  auto figures = store_.Figures(out.query);
  if (!figures.ok()) return std::move(figures).error();
  out.figures = std::move(figures).value();
  return out;
}

}  // namespace civic311
