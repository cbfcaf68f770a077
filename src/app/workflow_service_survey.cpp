// WorkflowService: the "was this fixed?" survey (docs/notifications.md, "The survey") and who
// on the staff side hears of what a resident does.
#include <algorithm>
#include <cctype>

#include "app/request_events.hpp"
#include "app/workflow_service.hpp"

namespace civic311 {
namespace {

// The public reason of a reopen by the survey. The resident's own words stay with staff (the
// answer's comment and the "not_fixed" alert): they may name people or places.
constexpr std::string_view kReopenReason = "The resident answered that the problem is not fixed.";
constexpr std::size_t kMaxCommentBytes = kMaxReopenReasonLength;

bool SameAddress(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string_view SurveyOutcomeName(SurveyOutcome o) {
  switch (o) {
    case SurveyOutcome::kThanks:
      return "thanks";
    case SurveyOutcome::kReopened:
      return "reopened";
    case SurveyOutcome::kTooLate:
      return "too_late";
    case SurveyOutcome::kAlreadyAnswered:
      return "already_answered";
    case SurveyOutcome::kNotAsked:
      break;
  }
  return "not_asked";
}

Result<std::vector<AlertRecipient>> WorkflowService::ResponsibleStaff(const ServiceRequest& r,
                                                                      const RequestWorkflow& w,
                                                                      UserId except) {
  std::vector<AlertRecipient> out;
  if (w.assignee_user_id && *w.assignee_user_id != except) {
    auto u = users_.GetUser(*w.assignee_user_id);
    if (!u.ok()) return std::move(u).error();
    if (u->has_value() && !(*u)->disabled) {
      auto lang = workflow_.AlertLang((*u)->id);
      if (!lang.ok()) return std::move(lang).error();
      out.push_back(AlertRecipient{(*u)->id, (*u)->email, *lang});
      return out;
    }
  }
  if (const Department* dep = city_.Current()->FindDepartment(r.department_code);
      dep != nullptr && !dep->email.empty()) {
    out.push_back(AlertRecipient{0, dep->email, "en"});
    return out;
  }
  auto alerted = workflow_.ListQueueAlertRecipients(r.department_code, QueueAlerts::kImmediate);
  if (!alerted.ok()) return std::move(alerted).error();
  for (AlertRecipient& a : *alerted)
    if (a.user_id != except) out.push_back(std::move(a));
  return out;
}

Result<SurveyState> WorkflowService::GetSurveyState(RequestId id) {
  auto found = requests_.Get(id);
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value() || (*found)->internal) return Error::NotFound("no such service request");
  const ServiceRequest& r = **found;
  SurveyState s;
  if (r.state != RequestState::kFixed) return s;
  auto w = workflow_.GetWorkflow(id);
  if (!w.ok()) return std::move(w).error();
  const Timestamp since = w->closed_at.value_or(r.updated_at);
  auto latest = workflow_.LatestSurveyAnswer(id, since);
  if (!latest.ok()) return std::move(latest).error();
  s.open = true;
  if (*latest) s.last_answer = (*latest)->fixed;
  s.can_reopen = CheckReopenWindow(r.state, since, clock_.Now(), city_.Current()->lifecycle).ok();
  return s;
}

Result<SurveyOutcome> WorkflowService::AnswerSurvey(const Actor& actor, const SurveyInput& in) {
  if (in.source != "email" && in.source != "sms" && in.source != "portal")
    return Error::InvalidField("source", "must be email, sms or portal");
  if (in.comment.size() > kMaxCommentBytes)
    return Error::InvalidField("comment", "is too long (at most 2000 characters)");
  auto found = requests_.Get(in.request_id);
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value() || (*found)->internal) return Error::NotFound("no such service request");
  ServiceRequest r = std::move(**found);
  auto wf = workflow_.GetWorkflow(r.id);
  if (!wf.ok()) return std::move(wf).error();
  RequestWorkflow w = std::move(wf).value();

  // Only the reporter answers: the signed link was sent to their address, or they are signed in.
  if (in.source == "portal") {
    if (actor.anonymous || !w.reporter_user_id || *w.reporter_user_id != actor.user_id)
      return Error::PermissionDenied("only the person who reported it can answer");
  } else if (in.link_address.empty() || !(SameAddress(in.link_address, r.contact.email) ||
                                          in.link_address == r.contact.phone)) {
    return Error::PermissionDenied("this link is not for this request");
  }
  if (r.state != RequestState::kFixed) return SurveyOutcome::kNotAsked;

  const Timestamp now = clock_.Now();
  const Timestamp since = w.closed_at.value_or(r.updated_at);
  auto latest = workflow_.LatestSurveyAnswer(r.id, since);
  if (!latest.ok()) return std::move(latest).error();
  // A repeat (a second click, a reload, a scanner that got past the page) records nothing; a
  // change of mind from "yes" to "no" counts.
  if (*latest && (*latest)->fixed == in.fixed) return SurveyOutcome::kAlreadyAnswered;

  SurveyAnswer answer{r.id, in.fixed, in.fixed ? std::string() : in.comment, in.source, now};
  if (in.fixed) {
    C311_TRY(workflow_.RecordSurveyAnswer(answer, {}));
    return SurveyOutcome::kThanks;
  }
  // The reporter acts: a signed-in reporter as themselves, else as the anonymous reporter.
  Actor reporter = actor;
  if (in.source != "portal") {
    reporter = Actor{w.reporter_user_id.value_or(0), Role::kResident, {}, !w.reporter_user_id};
  }
  if (CheckReopenWindow(r.state, since, now, city_.Current()->lifecycle).ok()) {
    ActionInput reopen;
    reopen.action = Action::kReopen;
    reopen.version = r.version;
    reopen.text = std::string(kReopenReason);
    reopen.via = "survey:" + in.source;
    const Decision d{true, "the reporter answered the survey", Condition::kWithinReopenWindow};
    auto stored = ApplyAuthorized(reporter, d, std::move(r), std::move(w), reopen, nullptr, answer);
    if (!stored.ok()) return std::move(stored).error();
    return SurveyOutcome::kReopened;
  }
  // Too late to reopen: the answer is kept and staff hear of it all the same.
  auto to = ResponsibleStaff(r, w, reporter.user_id);
  if (!to.ok()) return std::move(to).error();
  std::vector<OutboxMessage> alerts;
  for (const AlertRecipient& a : *to) {
    alerts.push_back(StaffMessage("not_fixed", a.email, r,
                                  answer.comment.empty() ? kReopenReason : answer.comment));
    alerts.back().lang = a.lang;
  }
  C311_TRY(workflow_.RecordSurveyAnswer(answer, alerts));
  return SurveyOutcome::kTooLate;
}

}  // namespace civic311
