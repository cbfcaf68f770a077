// GET /open311/v2/servicerequestupdates.{json|xml}: public updates on service requests in a time
// window, as FixMyStreet's open311-adapter serves them (its "updates" extension of GeoReport v2):
//   ?start_date=W3C&end_date=W3C (default: the last 24 hours; at most 31 days)
//   [{"update_id":"17","service_request_id":"5","status":"fixed",
//     "updated_datetime":"2026-11-23T15:00:00Z","description":"…","media_url":null}, …]
// XML: <service_request_updates><request_update>…</request_update>…</service_request_updates>.
// No internal notes, no internal requests, no personal data.
//
// POST /open311/v2/servicerequestupdates.{json|xml}: an external work-order system (with an API
// key) pushes progress: api_key, service_request_id, status, description, media_url, update_id,
// and for a duplicate its original (duplicate_of and the other names of docs/open311.md).
//   -> [{"update_id":"18"}]; the same update_id from the same key is applied once.
// status is any word of the incoming table (status_map.hpp: FixMyStreet's extended statuses
// included). The key's system is the authority on its own updates: a move the lifecycle would
// refuse a person is applied as an external correction (WorkflowService, ActionInput::
// external_authority), never a 409. The form is read after FixMyStreet's double encoding is
// repaired (double_encoding.hpp).
#pragma once

#include <memory>

#include "app/request_service.hpp"
#include "app/workflow_service.hpp"
#include "http/api/router.hpp"

namespace civic311 {

// requests: for the API key check of POST; null: GET only.
void AddOpen311UpdateRoutes(http::Router& router, std::shared_ptr<WorkflowService> workflow,
                            std::shared_ptr<RequestService> requests = nullptr);

}  // namespace civic311
