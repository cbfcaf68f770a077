// Service requests: the hot path (GET requests/{id}.json, GET requests.json with up to 1000
// results). Streaming writers, one reserve, no allocation per field.
#include "adapters/open311/render.hpp"
#include "adapters/open311/status_map.hpp"
#include "adapters/open311/writers.hpp"

namespace civic311::open311 {
namespace {

constexpr std::size_t kBytesPerRequest = 900;  // a typical request with a short description

// Looks up department names and service notices, remembering the last hit (lists are often
// runs of one service).
class CatalogueCache {
 public:
  explicit CatalogueCache(const City& city) : city_(city) {}

  std::string_view DepartmentName(const std::string& code) {
    if (dept_ == nullptr || dept_->code != code) dept_ = city_.FindDepartment(code);
    // An unknown code (a department removed from the config) still names who has it.
    return dept_ != nullptr ? std::string_view(dept_->name) : std::string_view(code);
  }
  std::string_view ServiceNotice(const std::string& code) {
    if (service_ == nullptr || service_->code != code) service_ = city_.FindService(code);
    return service_ != nullptr ? std::string_view(service_->service_notice) : std::string_view();
  }

 private:
  const City& city_;
  const Department* dept_ = nullptr;
  const Service* service_ = nullptr;
};

std::optional<Timestamp> Known(Timestamp t) {
  return t == Timestamp{} ? std::nullopt : std::optional<Timestamp>(t);
}

// Field order as in the spec's GET Service Requests response.
template <class W>
void Request(W& w, CatalogueCache& cat, const ServiceRequest& r, bool extensions) {
  w.BeginItem();
  w.Id("service_request_id", r.id);
  w.String("status", StatusOf(r.state));
  w.String("status_notes", r.status_notes);
  w.String("service_name", r.service_name);
  w.String("service_code", r.service_code);
  w.String("description", r.description);
  w.String("agency_responsible", cat.DepartmentName(r.department_code));
  w.String("service_notice", cat.ServiceNotice(r.service_code));
  w.Time("requested_datetime", r.requested_at);
  w.Time("updated_datetime", Known(r.updated_at));
  w.Time("expected_datetime", r.expected_at);
  w.String("address", r.address);
  w.String("address_id", r.address_id);
  w.String("zipcode", r.zipcode);
  w.Number("lat", r.lat);
  w.Number("long", r.lon);
  w.Url("media_url", r.media_url);
  if (extensions) {
    w.BeginObject("extended_attributes");
    w.String("channel", ChannelName(r.channel));
    w.String("detailed_status", StateName(r.state));
    w.String("detailed_status_label", StateLabel(r.state));
    w.Bool("emergency", r.emergency);
    w.Bool("duplicate", r.state == RequestState::kDuplicate);
    if (r.parent_id) {
      w.Id("parent_service_request_id", *r.parent_id);
    } else {
      w.String("parent_service_request_id", "");
    }
    // Only present when true: the point came from the gazetteer, not from the reporter.
    if (r.location_approximate) w.Bool("location_approximate", true);
    w.EndObject();
  }
  w.EndItem();
}

}  // namespace

void RenderRequests(Format f, const City& city, std::span<const ServiceRequest> requests,
                    bool extensions, std::string& out) {
  std::size_t want = 128;
  for (const auto& r : requests) want += kBytesPerRequest + r.description.size();
  out.reserve(out.size() + want);
  CatalogueCache cat(city);
  WithWriter(f, out, [&](auto& w) {
    w.BeginRootList("service_requests", "request");
    for (const ServiceRequest& r : requests) Request(w, cat, r, extensions);
    w.EndRootList();
  });
}

void RenderSubmitted(Format f, const SubmitOutcome& o, std::string& out) {
  out.reserve(out.size() + 256 + o.service_notice.size());
  WithWriter(f, out, [&](auto& w) {
    w.BeginRootList("service_requests", "request");
    w.BeginItem();
    if (o.service_type == ServiceType::kBatch) {
      w.String("token", o.request.token);
    } else {
      w.Id("service_request_id", o.request.id);
    }
    w.String("service_notice", o.service_notice);
    w.String("account_id", o.request.contact.account_id);  // the submitter's own, echoed
    w.EndItem();
    w.EndRootList();
  });
}

void RenderToken(Format f, RequestId id, std::string_view token, std::string& out) {
  WithWriter(f, out, [&](auto& w) {
    w.BeginRootList("service_requests", "request");
    w.BeginItem();
    w.Id("service_request_id", id);
    w.String("token", token);
    w.EndItem();
    w.EndRootList();
  });
}

}  // namespace civic311::open311
