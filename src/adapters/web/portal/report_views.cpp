// The view pieces of the /report steps (report_views.hpp).
#include "adapters/web/portal/report_views.hpp"

#include <cstdio>
#include <cstdlib>

#include "app/duplicate_candidates.hpp"
#include "app/media_service.hpp"

namespace civic311::portal {
namespace json = boost::json;
json::array Progress(const D& d, std::string_view lang, Step current) {
  json::array out;
  int n = 1;
  for (Step s : kSteps) {
    out.push_back(json::object{{"n", n++},
                               {"label", d.messages->Get(lang, "step_" + std::string(StepName(s)))},
                               {"current", s == current},
                               {"done", Before(s, current)}});
  }
  return out;
}

json::array AttributeViews(const Service& s, const Draft& draft,
                           const std::map<std::string, std::string>& errors) {
  json::array out;
  for (const Attribute& a : s.attributes) {
    const std::string field = "attribute[" + a.code + "]";
    json::object o{{"code", a.code},         {"id", "attr-" + a.code},
                   {"name", field},          {"question", a.description},
                   {"required", a.required}, {"hint", a.datatype_description}};
    const auto values = draft.Values(a.code);
    const std::string value = values.empty() ? "" : values.front();
    if (auto it = errors.find(field); it != errors.end()) o["error"] = it->second;
    if (!a.variable) {
      o["info"] = true;
    } else {
      switch (a.datatype) {
        case AttributeDatatype::kString:
          o["text"] = true;
          break;
        case AttributeDatatype::kNumber:
          o["number"] = true;
          break;
        case AttributeDatatype::kDatetime:
          o["datetime"] = true;
          break;
        case AttributeDatatype::kText:
          o["textarea"] = true;
          break;
        case AttributeDatatype::kSingleValueList:
          o["single"] = true;
          break;
        case AttributeDatatype::kMultiValueList:
          o["multi"] = true;
          break;
      }
      o["value"] = value;
      json::array choices;
      int i = 0;
      for (const AttributeValue& av : a.values) {
        const bool on = std::find(values.begin(), values.end(), av.key) != values.end();
        choices.push_back(json::object{{"key", av.key},
                                       {"label", av.name},
                                       {"id", "attr-" + a.code + "-" + std::to_string(i++)},
                                       {"checked", on}});
      }
      o["choices"] = std::move(choices);
    }
    out.push_back(std::move(o));
  }
  return out;
}

namespace {

// "120 m away"; a report at the resident's own point (within a few metres) is "at the same place".
std::string Away(const D& d, std::string_view lang, double meters) {
  if (meters < 5) return std::string(d.messages->Get(lang, "p4_dup_same_place"));
  return d.messages->Format(lang, "p4_dup_away",
                            {{"distance", d.messages->Distance(lang, meters)}});
}

}  // namespace

json::array Duplicates(const D& d, const Visit& v, const Draft& draft) {
  json::array out;
  char* end = nullptr;
  const double lat = std::strtod(draft.lat.c_str(), &end);
  if (draft.lat.empty() || end == draft.lat.c_str()) return out;
  const double lon = std::strtod(draft.lon.c_str(), &end);
  if (draft.lon.empty() || end == draft.lon.c_str()) return out;
  // The one duplicate query (the staff desk's), with the rules for a resident about to file.
  ServiceRequest draft_request;
  draft_request.service_code = draft.service_code;
  draft_request.lat = lat;
  draft_request.lon = lon;
  auto found = FindDuplicateCandidates(*d.requests, draft_request, DuplicateSearch::BeforeFiling());
  if (!found.ok()) return out;
  const Timestamp now = d.requests->Now();
  for (const DuplicateCandidate& c : *found) {
    const ServiceRequest& r = c.request;
    json::object o{{"id", r.id},
                   {"address", r.address},
                   {"description", r.description.substr(0, 160)},
                   {"state", StateWords(d, v.lang, r.state)},
                   {"age", FormatAge(d, v.lang, now, r.requested_at)},
                   {"distance", Away(d, v.lang, c.distance_m)}};
    if (d.media != nullptr) {
      auto media = d.media->ForRequest(r.id, false);
      if (media.ok() && !media->empty() && media->front().has_thumbnail) {
        o["thumb"] = media->front().ThumbnailPath();
      }
    }
    out.push_back(std::move(o));
  }
  return out;
}

json::array Summary(const D& d, std::string_view lang, const Service* s, const Draft& draft) {
  json::array rows;
  auto row = [&](std::string_view key, std::string value, Step step) {
    rows.push_back(json::object{{"label", d.messages->Get(lang, key)},
                                {"value", std::move(value)},
                                {"step", StepName(step)}});
  };
  row("review_what", s ? s->name : draft.service_code, Step::kWhat);
  std::string where = draft.address;
  if (where.empty() && !draft.lat.empty()) where = draft.lat + ", " + draft.lon;
  row("review_where", where, Step::kWhere);
  row("review_description", draft.description, Step::kDetails);
  if (s != nullptr) {
    for (const Attribute& a : s->attributes) {
      if (!a.variable) continue;
      std::string shown;
      for (const std::string& key : draft.Values(a.code)) {
        std::string label = key;
        for (const auto& av : a.values) {
          if (av.key == key) label = av.name;
        }
        shown += (shown.empty() ? "" : ", ") + label;
      }
      rows.push_back(json::object{{"label", a.description}, {"value", shown}, {"step", "details"}});
    }
  }
  row("review_photos",
      draft.photos.empty() ? std::string(d.messages->Get(lang, "p3_review_no_photos"))
                           : std::to_string(draft.photos.size()),
      Step::kPhotos);
  std::string who = draft.anonymous ? std::string(d.messages->Get(lang, "review_anonymous"))
                                    : draft.first_name + " " + draft.last_name;
  if (!draft.anonymous && !draft.email.empty()) who += " · " + draft.email;
  row("review_you", who, Step::kAbout);
  return rows;
}

json::array PlacesView(const std::vector<Place>& places) {
  json::array out;
  for (const Place& p : places) {
    char ll[64];
    std::snprintf(ll, sizeof ll, "%.6f|%.6f|", p.lat, p.lon);
    out.push_back(json::object{{"label", p.label},
                               {"area", p.area},
                               {"lat", p.lat},
                               {"lon", p.lon},
                               {"value", std::string(ll) + p.label}});
  }
  return out;
}

}  // namespace civic311::portal
