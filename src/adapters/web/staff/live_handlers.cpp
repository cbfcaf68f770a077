// GET /staff/live: the console's Server-Sent Events (docs/console.md, "Live"). One subscription
// to the one LiveBroadcaster (app/live_feed.hpp) per open page; each committed change the person
// may see is sent as
//
//   id: <event id>
//   event: change
//   data: {"request":12,"version":4,"state":"acknowledged","kind":"acknowledge","by":"Dana",
//          "mine":false}
//
// "kind" and "by" only when the person may see the request's internal side (assignments and
// who did what are staff-of-the-department business); the queue needs only the request and its
// version to refresh itself. `?request=ID` narrows the stream to one request (the request desk),
// `?department=` to the queue's departments (as the queue's own filter: empty = mine, "*" =
// every one I may see). A stream lives at most kLifetime, then ends: the browser reconnects (with
// Last-Event-ID, so nothing is missed) and the session and role are checked again.
#include <charconv>
#include <map>

#include "adapters/web/staff/console_page.hpp"
#include "adapters/web/staff/handlers.hpp"
#include "app/live_feed.hpp"
#include "domain/policy.hpp"
#include "http/api/stream.hpp"

namespace civic311::console {
namespace json = boost::json;
namespace {

constexpr auto kLifetime = std::chrono::minutes(10);
// What one client may have waiting before it is cut off (it then reconnects and catches up).
constexpr std::size_t kMaxPending = 64 * 1024;

class LiveClient final : public LiveSubscriber {
 public:
  LiveClient(std::shared_ptr<const D> deps, Actor actor, std::optional<RequestId> request,
             std::vector<std::string> departments, std::shared_ptr<http::ResponseStream> stream)
      : deps_(std::move(deps)),
        actor_(std::move(actor)),
        request_(request),
        departments_(std::move(departments)),
        stream_(std::move(stream)),
        ends_at_(std::chrono::steady_clock::now() + kLifetime) {}
  ~LiveClient() override { stream_->Close(); }

  bool OnChange(const LiveChange& c) override {
    if (!stream_->open()) return false;
    if (request_ && c.request_id != *request_) return true;
    if (!departments_.empty() && std::find(departments_.begin(), departments_.end(),
                                           c.department_code) == departments_.end())
      return true;
    const Target target{c.department_code, c.reporter_user_id, c.internal_request};
    if (!Authorize(actor_, Operation::kViewRequest, target)) return true;
    json::object data{{"request", c.request_id},
                      {"version", c.version},
                      {"state", StateName(c.state)},
                      {"mine", c.actor_user_id == actor_.user_id}};
    if (ViewOf(actor_, target).internal || !c.internal_event) {
      data["kind"] = c.kind;
      data["by"] = Name(c.actor_user_id);
    }
    std::string msg = "id: " + std::to_string(c.event_id) + "\nevent: change\ndata: ";
    msg += json::serialize(data);
    msg += "\n\n";
    return stream_->Send(msg);
  }

  bool OnHeartbeat() override {
    if (std::chrono::steady_clock::now() >= ends_at_) {
      stream_->Close();
      return false;
    }
    return stream_->Send(": ping\n\n");
  }

 private:
  std::string Name(UserId id) {
    if (id <= 0) return "";
    auto it = names_.find(id);
    if (it != names_.end()) return it->second;
    if (names_.size() > 256) names_.clear();
    return names_[id] = UserName(*deps_, id);
  }

  std::shared_ptr<const D> deps_;
  const Actor actor_;
  const std::optional<RequestId> request_;
  const std::vector<std::string> departments_;
  std::shared_ptr<http::ResponseStream> stream_;
  const std::chrono::steady_clock::time_point ends_at_;
  std::map<UserId, std::string> names_;  // the broadcaster's thread only
};

http::Response PlainError(int status, std::string_view message) {
  http::Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = message;
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

}  // namespace

http::Response GetLive(const std::shared_ptr<const D>& deps, const http::Request& req) {
  const D& d = *deps;
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  if (d.live == nullptr) {
    return PlainError(503, "live updates are not available");
  }
  std::optional<RequestId> request;
  if (auto id = req.Param("request"); !id.empty()) {
    request = portal::ParseId(id);
    if (!request) return PlainError(400, "request must be a request number");
  }
  std::vector<std::string> departments;
  const std::string department(req.Param("department"));
  if (!request) {
    if (department.empty()) {
      departments = s->actor.departments;
    } else if (department != "*") {
      departments = {department};
    }
  }
  std::optional<std::int64_t> last;
  if (auto h = req.Header("last-event-id"); !h.empty()) {
    std::int64_t v = 0;
    if (std::from_chars(h.data(), h.data() + h.size(), v).ec == std::errc() && v >= 0) last = v;
  }
  auto stream = std::make_shared<http::ResponseStream>(kMaxPending);
  // Tells EventSource how soon to reconnect after the stream ends (ms).
  stream->Send("retry: 2000\n\n");
  auto client =
      std::make_shared<LiveClient>(deps, s->actor, request, std::move(departments), stream);
  if (Status st = d.live->Subscribe(client, last); !st.ok()) {
    stream->Close();
    http::Response r = PlainError(503, st.error().message);
    r.SetHeader("Retry-After", "30");
    return r;
  }
  http::Response r;
  r.content_type = "text/event-stream; charset=utf-8";
  r.SetHeader("Cache-Control", "no-store");
  r.SetHeader("X-Accel-Buffering", "no");  // a proxy in front must not hold the events back
  r.stream = std::move(stream);
  return r;
}

}  // namespace civic311::console
