// The notifications outbox for admins (docs/notifications.md; docs/console.md, "Admin"): the
// messages the worker gave up on (parked), with the recipient masked (an address or number is
// personal data: the admin needs to tell messages apart, not to read them), retry one or all —
// the same NotifyOutbox::Retry / RetryAllParked as `civic311 outbox retry` — and the recent
// deliveries of the webhooks. Each retry is an audit entry.
#include <algorithm>
#include <charconv>

#include "adapters/web/admin/admin_page.hpp"
#include "adapters/web/admin/handlers.hpp"

namespace civic311::admin {
namespace json = boost::json;
namespace {

constexpr int kListLimit = 200;
constexpr int kRecentWebhooks = 50;

std::optional<console::StaffVisit> EnterOutbox(const A& d, const http::Request& req,
                                               http::Response* refusal) {
  auto s = Enter(d, req, refusal);
  if (!s) return std::nullopt;
  if (d.outbox == nullptr) {
    *refusal = portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin2_not_set_up"));
    return std::nullopt;
  }
  return s;
}

std::string State(const OutboxItem& m) {
  if (m.delivered_at) return "delivered";
  if (m.parked_at) return "parked";
  return m.last_error.empty() ? "due" : "failing";
}

}  // namespace

std::string MaskRecipient(std::string_view kind, std::string_view recipient) {
  if (recipient.empty()) return "—";
  if (kind == "webhook") return std::string(recipient);  // an endpoint's name, not a person
  if (const auto at = recipient.find('@'); at != std::string_view::npos) {
    // "ann@example.org" → "a…@example.org": enough to tell two apart, not to write to them.
    return std::string(recipient.substr(0, std::min<std::size_t>(1, at))) + "…" +
           std::string(recipient.substr(at));
  }
  // A number: its last two digits.
  return "…" + std::string(
                   recipient.substr(recipient.size() - std::min<std::size_t>(2, recipient.size())));
}

http::Response GetOutbox(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterOutbox(d, req, &refusal);
  if (!s) return refusal;
  const bool webhooks = req.Param("kind") == "webhook";
  auto rows = webhooks ? d.outbox->ListRecent("webhook", kRecentWebhooks)
                       : d.outbox->List(/*parked_only=*/true, kListLimit);
  if (!rows.ok()) return portal::ErrorPage(*d.console->web, req, rows.error());
  json::array out;
  for (const OutboxItem& m : *rows) {
    out.push_back(
        json::object{{"id", m.id},
                     {"kind", m.kind},
                     {"event", m.event},
                     {"recipient", MaskRecipient(m.kind, m.recipient)},
                     {"request", m.request_id ? std::to_string(*m.request_id) : ""},
                     {"attempts", m.attempt},
                     {"last_error", m.last_error},
                     {"state", State(m)},
                     {"state_label", Word(d, *s, "admin2_outbox_state_" + State(m))},
                     {"created", console::ShortTime(m.created_at)},
                     {"parked", m.parked_at ? console::ShortTime(*m.parked_at) : ""},
                     {"delivered", m.delivered_at ? console::ShortTime(*m.delivered_at) : ""},
                     {"retryable", !m.delivered_at}});
  }
  json::object view =
      AdminView(d, *s, req, webhooks ? "admin2_outbox_webhooks" : "admin2_outbox_title");
  view["webhooks"] = webhooks;
  view["has_messages"] = !out.empty();
  view["messages"] = std::move(out);
  if (auto n = req.Param("retried"); !n.empty())
    view["flash"] = d.console->web->messages->Format(s->visit.lang, "admin2_outbox_retried",
                                                     {{"n", std::string(n)}});
  return RenderAdmin(d, *s, req, "admin_outbox", std::move(view));
}

http::Response PostOutboxRetry(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterOutbox(d, req, &refusal);
  if (!s) return refusal;
  const std::string& t = req.path_params.at(0);
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), id);
  if (ec != std::errc() || end != t.data() + t.size())
    return portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin_no_entry"));
  auto changed = d.outbox->Retry(id, SystemClock().Now());
  if (!changed.ok()) return portal::ErrorPage(*d.console->web, req, changed.error());
  if (*changed == 0)
    return portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin2_outbox_gone"));
  if (Status st = AuditAdmin(d, *s, "outbox_retry", "message " + t); !st.ok())
    return portal::ErrorPage(*d.console->web, req, st.error());
  return portal::Redirect("/staff/admin/outbox?retried=1");
}

http::Response PostOutboxRetryAll(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterOutbox(d, req, &refusal);
  if (!s) return refusal;
  auto changed = d.outbox->RetryAllParked(SystemClock().Now());
  if (!changed.ok()) return portal::ErrorPage(*d.console->web, req, changed.error());
  if (Status st = AuditAdmin(d, *s, "outbox_retry", std::to_string(*changed) + " parked"); !st.ok())
    return portal::ErrorPage(*d.console->web, req, st.error());
  return portal::Redirect("/staff/admin/outbox?retried=" + std::to_string(*changed));
}

}  // namespace civic311::admin
