#include "adapters/open311/list_params.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <set>

#include "adapters/open311/responses.hpp"
#include "adapters/open311/status_map.hpp"
#include "base/time_format.hpp"
#include "domain/text.hpp"

namespace civic311::open311 {
namespace {

constexpr auto kMaxSpan = std::chrono::days(kMaxSpanDays);

// What the client sent, quoted and cut short, for messages (escaped when rendered).
std::string Quoted(std::string_view s) {
  std::string out = "'";
  out += Excerpt(s);
  out += '\'';
  return out;
}

// An invalid parameter: the public message is "param phrase"; the field entry holds the phrase.
Error Invalid(std::string_view param, std::string phrase) {
  Error e = Error::InvalidArgument(std::string(param) + " " + phrase);
  e.fields.push_back({std::string(param), std::move(phrase)});
  return e;
}

// All comma-separated items of every occurrence of `name`, trimmed, empty items skipped.
std::vector<std::string_view> CommaList(const http::Request& req, std::string_view name) {
  std::vector<std::string_view> out;
  for (std::string_view v : req.Params(name)) {
    while (!v.empty()) {
      std::size_t comma = v.find(',');
      std::string_view item = TrimAscii(v.substr(0, comma));
      if (!item.empty()) out.push_back(item);
      if (comma == std::string_view::npos) break;
      v.remove_prefix(comma + 1);
    }
  }
  return out;
}

std::optional<double> ParseNumber(std::string_view s) {
  s = TrimAscii(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> ParseWhole(std::string_view s) {
  s = TrimAscii(s);
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

Result<std::optional<Timestamp>> DateParam(const http::Request& req, std::string_view name) {
  std::string_view v = TrimAscii(req.Param(name));
  if (v.empty()) return std::optional<Timestamp>();
  auto t = ParseW3cDatetime(v);
  if (!t) {
    return Invalid(name,
                   "must be a W3C date-time like 2026-11-23T17:35:00Z or "
                   "2026-11-23T12:35:00-05:00 (got " +
                       Quoted(v) + ")");
  }
  return std::optional<Timestamp>(*t);
}

Result<int> WholeParam(const http::Request& req, std::string_view name, int fallback, int max) {
  std::string_view v = req.Param(name);
  if (v.empty()) return fallback;
  auto n = ParseWhole(v);
  if (!n || *n < 1 || *n > max) {
    return Invalid(name, "must be a whole number from 1 to " + std::to_string(max) + " (got " +
                             Quoted(v) + ")");
  }
  return static_cast<int>(*n);
}

Result<std::vector<RequestId>> Ids(const http::Request& req) {
  std::vector<RequestId> ids;
  std::set<RequestId> seen;
  for (std::string_view item : CommaList(req, "service_request_id")) {
    auto id = ParseWhole(item);
    if (!id || *id < 1) {
      return Invalid(
          "service_request_id",
          "must be a comma-separated list of request ids, e.g. 101,102 (got " + Quoted(item) + ")");
    }
    if (seen.insert(*id).second) ids.push_back(*id);
  }
  if (ids.size() > kMaxIds) {
    return Invalid("service_request_id",
                   "lists at most " + std::to_string(kMaxIds) + " ids at a time");
  }
  return ids;
}

// Applies the 90-day rules to one pair of bounds (start/end or updated_after/updated_before).
Status Window(std::optional<Timestamp>& from, std::optional<Timestamp>& to,
              std::string_view from_name, std::string_view to_name, bool fill) {
  if (from && to) {
    if (*to < *from) {
      return Invalid(to_name, "is before " + std::string(from_name) + "; swap them");
    }
    if (*to - *from > kMaxSpan) {
      return Invalid(to_name, "is more than " + std::to_string(kMaxSpanDays) + " days after " +
                                  std::string(from_name) + "; ask for at most " +
                                  std::to_string(kMaxSpanDays) + " days at a time");
    }
  } else if (fill && from) {
    to = *from + kMaxSpan;
  } else if (fill && to) {
    from = *to - kMaxSpan;
  }
  return OkStatus();
}

Status Geography(const http::Request& req, ListParams& p) {
  std::string_view lat_s = req.Param("lat"), lon_s = req.Param("long");
  std::string_view radius_s = req.Param("radius"), bbox_s = req.Param("bbox");
  if (!lat_s.empty() || !lon_s.empty() || !radius_s.empty()) {
    if (lat_s.empty() || lon_s.empty()) {
      return Invalid(lat_s.empty() ? "lat" : "long",
                     "is required with " + std::string(lat_s.empty() ? "long" : "lat") +
                         (radius_s.empty() ? "" : " and radius") + " (a point to search around)");
    }
    if (!bbox_s.empty()) {
      return Invalid("bbox", "cannot be combined with lat/long/radius; use one or the other");
    }
    auto lat = ParseNumber(lat_s), lon = ParseNumber(lon_s);
    if (!lat || *lat < -90 || *lat > 90) {
      return Invalid("lat", "must be a latitude from -90 to 90 (got " + Quoted(lat_s) + ")");
    }
    if (!lon || *lon < -180 || *lon > 180) {
      return Invalid("long", "must be a longitude from -180 to 180 (got " + Quoted(lon_s) + ")");
    }
    double radius = kDefaultRadiusMeters;
    if (!radius_s.empty()) {
      auto r = ParseNumber(radius_s);
      if (!r || *r <= 0 || *r > kMaxRadiusMeters) {
        return Invalid("radius",
                       "must be a distance in metres, more than 0 and at most 50000 "
                       "(got " +
                           Quoted(radius_s) + ")");
      }
      radius = *r;
    }
    p.near = GeoCircle{*lat, *lon, radius};
  }
  if (!bbox_s.empty()) {
    std::vector<double> v;
    std::string_view rest = bbox_s;
    while (true) {
      std::size_t comma = rest.find(',');
      auto n = ParseNumber(rest.substr(0, comma));
      if (!n) break;
      v.push_back(*n);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    const std::string want =
        "must be min_long,min_lat,max_long,max_lat in degrees (GeoJSON order), e.g. "
        "-74.02,40.70,-73.97,40.75 (got " +
        Quoted(bbox_s) + ")";
    if (v.size() != 4 || v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90) {
      return Invalid("bbox", want);
    }
    if (v[1] > v[3]) return Invalid("bbox", "has min_lat above max_lat; " + want);
    if (v[0] > v[2]) {
      return Invalid("bbox",
                     "has min_long east of max_long; a box across the antimeridian is "
                     "not supported: send two boxes");
    }
    p.query.bbox = RequestQuery::BBox{v[1], v[0], v[3], v[2]};
  }
  return OkStatus();
}

}  // namespace

Status CheckJurisdiction(const http::Request& req, const City& city) {
  std::string_view j = TrimAscii(req.Param("jurisdiction_id"));
  if (j.empty() || city.jurisdiction_id.empty() || j == city.jurisdiction_id) return OkStatus();
  Error e = Invalid("jurisdiction_id", Quoted(j) + " is not served here; this server serves '" +
                                           city.jurisdiction_id + "'");
  e.code = ErrorCode::kNotFound;
  return e;
}

Result<bool> ParseExtensions(const http::Request& req) {
  std::string v(TrimAscii(req.Param("extensions")));
  std::transform(v.begin(), v.end(), v.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  if (v.empty() || v == "false") return false;
  if (v == "true") return true;
  return Invalid("extensions", "must be true or false (got " + Quoted(v) + ")");
}

Result<ListParams> ParseListParams(const http::Request& req, const City& city, Timestamp now) {
  C311_TRY(CheckJurisdiction(req, city));
  ListParams p;
  auto ext = ParseExtensions(req);
  if (!ext.ok()) return std::move(ext).error();
  p.extensions = *ext;

  auto ids = Ids(req);
  if (!ids.ok()) return std::move(ids).error();
  if (!ids->empty()) {  // overrides every other argument (the spec says so)
    p.query.limit = static_cast<int>(ids->size());
    p.query.ids = std::move(*ids);
    return p;
  }

  for (std::string_view code : CommaList(req, "service_code")) {
    p.query.service_codes.emplace_back(code);
  }
  for (std::string_view status : CommaList(req, "status")) {
    auto states = StatesWithStatus(status);
    if (!states) {
      return Invalid("status",
                     "must be open or closed, or both as open,closed (got " + Quoted(status) + ")");
    }
    for (RequestState s : *states) {
      if (std::find(p.query.states.begin(), p.query.states.end(), s) == p.query.states.end()) {
        p.query.states.push_back(s);
      }
    }
  }

  auto start = DateParam(req, "start_date");
  if (!start.ok()) return std::move(start).error();
  auto end = DateParam(req, "end_date");
  if (!end.ok()) return std::move(end).error();
  auto after = DateParam(req, "updated_after");
  if (!after.ok()) return std::move(after).error();
  auto before = DateParam(req, "updated_before");
  if (!before.ok()) return std::move(before).error();
  p.query.start = *start;
  p.query.end = *end;
  p.query.updated_after = *after;
  p.query.updated_before = *before;
  const bool by_requested = p.query.start || p.query.end;
  const bool by_updated = p.query.updated_after || p.query.updated_before;
  C311_TRY(Window(p.query.start, p.query.end, "start_date", "end_date", true));
  C311_TRY(Window(p.query.updated_after, p.query.updated_before, "updated_after", "updated_before",
                  !by_requested));
  if (!by_requested && !by_updated) p.query.start = now - kMaxSpan;

  auto page_size = WholeParam(req, "page_size", kDefaultPageSize, kMaxPageSize);
  if (!page_size.ok()) return std::move(page_size).error();
  auto page = WholeParam(req, "page", 1, kMaxPage);
  if (!page.ok()) return std::move(page).error();
  p.query.limit = *page_size;
  p.query.offset = (*page - 1) * *page_size;

  C311_TRY(Geography(req, p));
  return p;
}

std::optional<RequestId> ParseRequestId(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  RequestId id = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || end != s.data() + s.size() || id < 1) return std::nullopt;
  return id;
}

}  // namespace civic311::open311
