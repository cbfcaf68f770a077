#include <charconv>
#include <chrono>

#include "adapters/open311/double_encoding.hpp"
#include "adapters/open311/format.hpp"
#include "adapters/open311/list_params.hpp"
#include "adapters/open311/responses.hpp"
#include "adapters/open311/status_map.hpp"
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
    w.Url("media_url", u.media_url);
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

// What an update does: a note when the state stays, else the action that reaches the state.
// An "open" word (OPEN, FOR_TRIAGE, REOPEN…) keeps an open request as it is and reopens a
// closed one.
Result<Action> ActionFor(RequestState current, IncomingStatus wanted, bool has_text) {
  if (wanted.open ? IsOpen(current) : wanted.state == current) {
    if (!has_text) {
      return Error::InvalidField("description",
                                 "is required when the status does not change (nothing to do)");
    }
    return Action::kNote;
  }
  if (wanted.open) return Action::kReopen;
  auto a = ActionForState(wanted.state);
  if (!a) return Error::InvalidField("status", "cannot move a request to this state");
  return *a;
}

// The names under which external systems send the original of a duplicate (our
// service_request_id), plain or as an attribute: docs/open311.md, "Real clients".
constexpr std::string_view kParentParams[] = {
    "duplicate_of",
    "duplicate_id",
    "parent_id",
    "parent_service_request_id",
    "parent_request_id",
    "attribute[duplicate_of]",
    "attribute[duplicate_id]",
    "attribute[parent_id]",
    "attribute[parent_service_request_id]",
    "attribute[parent_request_id]",
};

// The first parent parameter given: its name and value (empty name: none).
std::pair<std::string_view, std::string_view> ParentParam(const http::Request& req) {
  for (std::string_view name : kParentParams)
    if (auto v = req.Param(name); !v.empty()) return {name, v};
  return {};
}

template <typename Writer>
void RenderPosted(Writer& w, std::int64_t update_id) {
  w.BeginRootList("service_request_updates", "request_update");
  w.BeginItem();
  w.Id("update_id", update_id);
  w.EndItem();
  w.EndRootList();
}

// POST servicerequestupdates: an external work-order system (with an API key) reports progress
// on a request: service_request_id, status, description (the public note), media_url,
// update_id (its own id: the same update twice is applied once), updated_datetime (ignored: we
// stamp our own time). The key acts as a manager of every department (docs/open311.md).
http::Response PostServiceRequestUpdate(WorkflowService& svc, RequestService& requests,
                                        const http::Request& received) {
  http::Request scratch;  // FixMyStreet's double-encoded bodies, repaired (double_encoding.hpp)
  const http::Request& req = WithoutDoubleEncoding(received, &scratch);
  auto f = RequestFormat(req);
  if (!f) return UnsupportedFormat(req);
  auto key = requests.FindApiKey(req.Param("api_key"));
  if (!key.ok()) return ErrorResponse(*f, key.error(), req);
  Error bad = Error::InvalidArgument("the update is incomplete");
  std::optional<RequestId> id;
  if (auto raw = req.Param("service_request_id"); raw.empty()) {
    bad.fields.push_back({"service_request_id", "is required"});
  } else if (id = ParseRequestId(raw); !id) {
    bad.fields.push_back({"service_request_id", "is not a service request id"});
  }
  std::optional<IncomingStatus> wanted;
  if (auto st = req.Param("status"); st.empty()) {
    bad.fields.push_back({"status", "is required"});
  } else if (wanted = ParseIncomingStatus(st); !wanted) {
    bad.fields.push_back({"status",
                          "is not a status: use open, closed, a FixMyStreet status or a state "
                          "of docs/states.md"});
  }
  const auto [parent_param, parent_raw] = ParentParam(req);
  std::optional<RequestId> parent;
  if (!parent_raw.empty() && !(parent = ParseRequestId(parent_raw))) {
    bad.fields.push_back({std::string(parent_param), "is not a service request id"});
  }
  const std::string text(req.Param("description"));
  const std::string media(req.Param("media_url"));
  const std::string external_id(req.Param("update_id"));
  if (text.size() > 4000) bad.fields.push_back({"description", "must be at most 4000 bytes"});
  if (media.size() > 2000) bad.fields.push_back({"media_url", "must be at most 2000 bytes"});
  if (external_id.size() > 100) bad.fields.push_back({"update_id", "must be at most 100 bytes"});
  if (!bad.fields.empty()) return ErrorResponse(*f, bad, req);

  const std::string via = "api_key:" + key->name;
  auto already = svc.FindExternalUpdate(*id, via, external_id);
  if (!already.ok()) return ErrorResponse(*f, already.error(), req);
  std::int64_t update_id = already->value_or(0);
  if (update_id == 0) {
    // An API key acts as a manager of every department; its events and audit entries name it
    // by a negative actor id (-key id), which no person's account can have.
    Actor system{-key->id, Role::kManager, {}, /*anonymous=*/false};
    const std::shared_ptr<const City> city = svc.city();
    for (const Department& d : city->departments) system.departments.push_back(d.code);
    // Read, decide, apply; once more if a person changed the request in between.
    for (int attempt = 0; attempt < 2; ++attempt) {
      auto current = svc.Get(system, *id);
      if (!current.ok()) return ErrorResponse(*f, current.error(), req);
      const ServiceRequest& r = *current;
      auto action = ActionFor(r.state, *wanted, !text.empty() || !media.empty());
      if (!action.ok()) return ErrorResponse(*f, action.error(), req);
      ActionInput in;
      in.action = *action;
      in.version = r.version;
      in.text = text;
      if (*action == Action::kReopen && in.text.empty()) in.text = "Reopened by " + key->name;
      in.media_url = media;
      in.via = via;
      in.external_id = external_id;
      // The external system is the authority on its own updates (docs/open311.md).
      in.external_authority = true;
      if (*action == Action::kCloseDuplicate) in.parent_id = parent;
      auto done = svc.Act(system, *id, in, &update_id);
      if (done.ok()) break;
      Error err = std::move(done).error();
      if (err.code == ErrorCode::kConflict && attempt == 0 &&
          err.message.find("changed by someone else") != std::string::npos) {
        continue;
      }
      for (auto& fe : err.fields)  // name the parameter the client used
        if (fe.field == "parent_id" && !parent_param.empty()) fe.field = std::string(parent_param);
      return ErrorResponse(*f, err, req);
    }
  }
  std::string body;
  if (*f == Format::kJson) {
    JsonWriter w(body);
    RenderPosted(w, update_id);
  } else {
    XmlWriter w(body);
    RenderPosted(w, update_id);
  }
  return Document(*f, 200, std::move(body), req);
}

}  // namespace
}  // namespace open311

void AddOpen311UpdateRoutes(http::Router& router, std::shared_ptr<WorkflowService> workflow,
                            std::shared_ptr<RequestService> requests) {
  router.Add(http::Method::kGet, "/open311/v2/servicerequestupdates.{format}",
             [workflow](const http::Request& req) {
               return open311::GetServiceRequestUpdates(*workflow, req);
             });
  if (requests == nullptr) return;
  router.Add(http::Method::kPost, "/open311/v2/servicerequestupdates.{format}",
             [workflow, requests](const http::Request& req) {
               return open311::PostServiceRequestUpdate(*workflow, *requests, req);
             });
}

}  // namespace civic311
