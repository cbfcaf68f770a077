#include "adapters/notify/survey_routes.hpp"

#include "base/log.hpp"

namespace civic311::notify {
namespace {

namespace json = boost::json;

struct SurveyDeps {
  StopRouteDeps page;
  std::shared_ptr<WorkflowService> workflow;
};

// The source of an answer from a link: the address it was sent to says the channel.
std::string SourceOf(const LinkClaim& c) {
  return c.address.find('@') != std::string::npos ? "email" : "sms";
}

http::Response Invalid(const SurveyDeps& d, const http::Request& req) {
  return NotifyPage(d.page, req, 400, "stop_invalid", json::object{});
}

}  // namespace

void AddSurveyRoutes(http::Router& router, StopRouteDeps deps,
                     std::shared_ptr<WorkflowService> workflow) {
  auto d = std::make_shared<SurveyDeps>(SurveyDeps{std::move(deps), std::move(workflow)});
  router.Add(http::Method::kGet, "/notify/survey", [d](const http::Request& req) {
    const std::string token(req.Param("t"));
    auto claim = d->page.links->Verify(token);
    if (!claim || (claim->scope != "yes" && claim->scope != "no")) return Invalid(*d, req);
    auto state = d->workflow->GetSurveyState(claim->request_id);
    if (!state.ok()) {
      if (state.error().code == ErrorCode::kNotFound) return Invalid(*d, req);
      Log(LogLevel::kError, "survey state", {{"error", state.error().detail}});
      return NotifyPage(d->page, req, 503, "stop_invalid", json::object{{"unavailable", true}});
    }
    const bool fixed = claim->scope == "yes";
    return NotifyPage(
        d->page, req, 200, "survey",
        json::object{{"token", token},
                     {"fixed", fixed},
                     {"open", state->open},
                     {"can_reopen", state->can_reopen},
                     {"answered", state->last_answer.has_value() && *state->last_answer == fixed},
                     {"request_id", std::to_string(claim->request_id)},
                     {"status_url", d->page.links->Status(claim->request_id)}});
  });
  router.Add(http::Method::kPost, "/notify/survey", [d](const http::Request& req) {
    auto claim = d->page.links->Verify(req.Param("t"));
    if (!claim || (claim->scope != "yes" && claim->scope != "no")) return Invalid(*d, req);
    SurveyInput in;
    in.request_id = claim->request_id;
    in.fixed = claim->scope == "yes";
    in.comment = std::string(req.Param("comment"));
    in.source = SourceOf(*claim);
    in.link_address = claim->address;
    auto outcome = d->workflow->AnswerSurvey(Actor::Anonymous(), in);
    json::object view{{"request_id", std::to_string(claim->request_id)},
                      {"status_url", d->page.links->Status(claim->request_id)},
                      {"report_url", d->page.links->public_url() + "/report"}};
    if (!outcome.ok()) {
      const Error& e = outcome.error();
      if (e.code == ErrorCode::kInvalidArgument) {
        // The only field a person types is the comment: show the form again with the message.
        view["token"] = std::string(req.Param("t"));
        view["fixed"] = false;
        view["open"] = true;
        view["can_reopen"] = true;
        view["comment"] = in.comment;
        view["too_long"] = true;
        return NotifyPage(d->page, req, 400, "survey", std::move(view));
      }
      if (e.code == ErrorCode::kNotFound || e.code == ErrorCode::kPermissionDenied)
        return Invalid(*d, req);
      Log(LogLevel::kError, "survey answer not recorded",
          {{"error", e.detail}, {"request", std::to_string(claim->request_id)}});
      return NotifyPage(d->page, req, 503, "stop_invalid", json::object{{"unavailable", true}});
    }
    view[std::string(SurveyOutcomeName(*outcome))] = true;
    return NotifyPage(d->page, req, 200, "survey_done", std::move(view));
  });
}

}  // namespace civic311::notify
