// WorkflowService::ListTemplates: the response templates that fit a request now.
#include "app/response_templates.hpp"
#include "app/workflow_service.hpp"

namespace civic311 {

Result<std::vector<ResponseTemplate>> WorkflowService::ListTemplates(const Actor& actor,
                                                                     RequestId id) {
  auto loaded = Load(actor, id);
  if (!loaded.ok()) return std::move(loaded).error();
  auto wf = workflow_.GetWorkflow(id);
  if (!wf.ok()) return std::move(wf).error();
  C311_TRY(Check(actor, Operation::kViewRequest, *loaded, *wf));
  return TemplatesFor(*city_.Current(), *loaded);
}

}  // namespace civic311
