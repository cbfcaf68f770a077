// Response templates in the workflow: which of the city's templates fit a request now, and how a
// template fills an action (docs/config.md, [[response_templates]]).
// Thread-safety: pure functions.
#pragma once

#include <vector>

#include "app/workflow_service.hpp"
#include "domain/city.hpp"
#include "domain/request.hpp"

namespace civic311 {

// The templates for r's service whose state r may move to next (NextStates), and the "note"
// templates, in config order.
std::vector<ResponseTemplate> TemplatesFor(const City& city, const ServiceRequest& r);

// `in` with its template applied: unchanged when in.template_id is empty; otherwise the template
// must exist, announce the action's target state (a "note" template for a public note) and cover
// r's service, else kInvalidArgument on field "template". The template's text becomes in.text
// unless in.text is already set (the wording staff edited wins).
Result<ActionInput> WithTemplate(const City& city, const ServiceRequest& r, const ActionInput& in);

}  // namespace civic311
