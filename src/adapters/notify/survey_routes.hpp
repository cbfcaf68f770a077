// The "was this fixed?" links of the "resolved" e-mail and SMS (docs/notifications.md, "The
// survey"):
//   GET  /notify/survey?t=TOKEN   a page that asks to confirm (yes) or to say what is wrong and
//                                 confirm (no). A GET records nothing: mail scanners and link
//                                 previewers follow every link in a message.
//   POST /notify/survey           t=TOKEN[&comment=…]: records the answer through
//                                 WorkflowService::AnswerSurvey (a "no" within the reopen
//                                 window reopens the request) and shows what happened.
// The token (signed, scope "yes" or "no", for the reporter's address) is the capability and the
// CSRF defence at once, as for the stop links. Pages: templates/notify/survey*.html.mustache.
// Thread-safety: handlers may run on many worker threads at once.
#pragma once

#include <memory>

#include "adapters/notify/stop_routes.hpp"
#include "app/workflow_service.hpp"

namespace civic311::notify {

void AddSurveyRoutes(http::Router& router, StopRouteDeps deps,
                     std::shared_ptr<WorkflowService> workflow);

}  // namespace civic311::notify
