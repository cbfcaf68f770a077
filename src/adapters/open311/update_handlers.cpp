#include <chrono>

#include "adapters/open311/format.hpp"
#include "adapters/open311/responses.hpp"
#include "adapters/open311/update_routes.hpp"
#include "adapters/open311/writers.hpp"
#include "base/time_format.hpp"

namespace civic311 {
namespace open311 {
namespace {

constexpr auto kMaxWindow = std::chrono::days(31);
constexpr int kMaxUpdates = 1000;

// FixMyStreet's update states where ours differ in name; the rest keep our names.
std::string_view UpdateStatus(RequestState s) {
  switch (s) {
    case RequestState::kSubmitted:
      return "open";
    case RequestState::kAcknowledged:
      return "investigating";
    case RequestState::kReopened:
      return "open";
    case RequestState::kNotResponsible:
      return "not_councils_responsibility";
    case RequestState::kReferred:
      return "internal_referral";
    case RequestState::kCancelled:
      return "closed";
    default:
      return StateName(s);
  }
}

template <typename Writer>
void RenderUpdates(Writer& w, const std::vector<PublicUpdate>& updates) {
  w.BeginRootList("service_request_updates", "request_update");
  for (const auto& u : updates) {
    w.BeginItem();
    w.Id("update_id", u.update_id);
    w.Id("service_request_id", u.request_id);
    w.String("status", UpdateStatus(u.state));
    w.Time("updated_datetime", u.at);
    w.String("description", u.description);
    w.String("media_url", u.media_url);
    w.EndItem();
  }
  w.EndRootList();
}

http::Response GetServiceRequestUpdates(WorkflowService& svc, const http::Request& req) {
  auto f = RequestFormat(req);
  if (!f) return UnsupportedFormat(req);
  const Timestamp now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  Timestamp end = now, start = now - std::chrono::days(1);
  if (auto e = req.Param("end_date"); !e.empty()) {
    auto t = ParseW3cDatetime(e);
    if (!t) return ErrorResponse(*f, Error::InvalidField("end_date", "is not a W3C date"), req);
    end = *t;
    start = end - std::chrono::days(1);
  }
  if (auto s = req.Param("start_date"); !s.empty()) {
    auto t = ParseW3cDatetime(s);
    if (!t) return ErrorResponse(*f, Error::InvalidField("start_date", "is not a W3C date"), req);
    start = *t;
  }
  if (end - start > kMaxWindow) {
    return ErrorResponse(*f, Error::InvalidField("start_date", "the window is at most 31 days"),
                         req);
  }
  auto updates = svc.PublicUpdates(start, end, kMaxUpdates);
  if (!updates.ok()) return ErrorResponse(*f, updates.error(), req);
  std::string body;
  if (*f == Format::kJson) {
    JsonWriter w(body);
    RenderUpdates(w, *updates);
  } else {
    XmlWriter w(body);
    RenderUpdates(w, *updates);
  }
  return Document(*f, 200, std::move(body), req);
}

}  // namespace
}  // namespace open311

void AddOpen311UpdateRoutes(http::Router& router, std::shared_ptr<WorkflowService> workflow) {
  router.Add(http::Method::kGet, "/open311/v2/servicerequestupdates.{format}",
             [workflow](const http::Request& req) {
               return open311::GetServiceRequestUpdates(*workflow, req);
             });
}

}  // namespace civic311
