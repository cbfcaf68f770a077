// GET /api/v1/openapi.json: the OpenAPI 3 description of the staff API (keep beside routes.hpp;
// staff_api_test.cpp checks that every route is described).
#include "adapters/staff_api/handlers.hpp"

namespace civic311::staff_api {
namespace {

constexpr char kOpenApi[] = R"json({
"openapi": "3.0.3",
"info": {"title": "civic311 staff API", "version": "1"},
"components": {
  "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
  "schemas": {
    "Error": {"type": "object", "required": ["error"], "additionalProperties": false,
      "description": "every /api/v1 error, the transport's too (404 unknown route, 405, 413, 400 bad JSON, 415)",
      "properties": {"error": {"type": "object", "required": ["message"], "properties": {
      "message": {"type": "string"}, "request_id": {"type": "string"},
      "fields": {"type": "array", "items": {"type": "object", "properties": {
        "field": {"type": "string"}, "message": {"type": "string"}}}}}}}},
    "Request": {"type": "object", "properties": {
      "service_request_id": {"type": "integer", "description": "as in Open311"},
      "id": {"type": "integer", "deprecated": true, "description": "the same as service_request_id; kept for one release"},
      "version": {"type": "integer"},
      "service_code": {"type": "string"}, "service_name": {"type": "string"},
      "state": {"type": "string"}, "status": {"type": "string", "enum": ["open", "closed"]},
      "description": {"type": "string"}, "address": {"type": "string"},
      "lat": {"type": "number", "nullable": true, "description": "a plain decimal, never exponent notation"},
      "long": {"type": "number", "nullable": true, "description": "a plain decimal, never exponent notation"},
      "department_code": {"type": "string"}, "status_notes": {"type": "string"},
      "channel": {"type": "string"}, "emergency": {"type": "boolean"},
      "internal": {"type": "boolean"}, "parent_id": {"type": "integer", "nullable": true},
      "requested_at": {"type": "string", "format": "date-time"},
      "updated_at": {"type": "string", "format": "date-time"},
      "expected_at": {"type": "string", "format": "date-time", "nullable": true},
      "contact": {"type": "object", "description": "only for roles allowed view_contact; audited"},
      "me_too_count": {"type": "integer", "description": "GET /api/v1/requests/{id} only: residents who said \"me too\" on the portal (the reporter not counted)"}}},
    "Event": {"type": "object", "properties": {
      "id": {"type": "integer"}, "at": {"type": "string", "format": "date-time"},
      "actor_user_id": {"type": "integer"}, "kind": {"type": "string"},
      "state": {"type": "string"}, "text": {"type": "string"}, "internal": {"type": "boolean"},
      "media_url": {"type": "string"}, "data": {"type": "object"}}},
    "WorkOrder": {"type": "object", "properties": {
      "id": {"type": "integer"}, "request_id": {"type": "integer", "nullable": true},
      "department_code": {"type": "string"}, "crew": {"type": "string"},
      "assignee_user_id": {"type": "integer", "nullable": true},
      "tasks": {"type": "array", "items": {"type": "object", "properties": {
        "text": {"type": "string"}, "done": {"type": "boolean"}}}},
      "scheduled_for": {"type": "string", "format": "date-time", "nullable": true},
      "labour_hours": {"type": "number"}, "materials": {"type": "string"},
      "cost_cents": {"type": "integer"}, "completion_note": {"type": "string"},
      "done": {"type": "boolean"}}},
    "Action": {"type": "object", "required": ["action", "version"], "properties": {
      "action": {"type": "string", "enum": ["acknowledge", "assign", "transfer", "set_state",
        "note", "mark_duplicate", "reopen", "add_info", "start_work", "schedule", "cancel",
        "flag_emergency"]},
      "version": {"type": "integer", "description": "the version you read; 409 if stale"},
      "text": {"type": "string", "description": "note, reason (transfer, reopen, flag_emergency) or information"},
      "internal": {"type": "boolean", "description": "note: true (staff only) or false (public); a missing flag keeps the note internal, anything but a boolean is a 400"},
      "state": {"type": "string", "description": "set_state: the new state"},
      "assignee_user_id": {"type": "integer"}, "department_code": {"type": "string"},
      "parent_id": {"type": "integer"}, "media_url": {"type": "string"},
      "template": {"type": "string", "description": "a response template id (GET /api/v1/requests/{id}/templates): its text becomes the note unless text is given; its state must be the action's target state, or \"note\" for a note"}}},
    "ResponseTemplate": {"type": "object", "required": ["id", "title", "state", "text"], "properties": {
      "id": {"type": "string"}, "title": {"type": "string", "description": "the button label"},
      "state": {"type": "string", "description": "the state it announces, or \"note\" (a public note in any state)"},
      "text": {"type": "string", "description": "the public wording"},
      "text_es": {"type": "string", "description": "the wording in Spanish, when the city wrote one"}}}
  },
  "responses": {
    "Error400": {"description": "invalid input, with field messages", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "Error401": {"description": "no or bad token", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "Error403": {"description": "role or department not allowed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "Error404": {"description": "missing or not visible", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "Error409": {"description": "forbidden transition or stale version", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
  }
},
"security": [{"bearer": []}],
"paths": {
  "/api/v1/auth/token": {"post": {"summary": "Sign in", "security": [],
    "requestBody": {"content": {"application/json": {"schema": {"type": "object",
      "required": ["email", "password"], "properties": {"email": {"type": "string"},
      "password": {"type": "string"}, "totp": {"type": "string"}}}}}},
    "responses": {"200": {"description": "a bearer token"}, "400": {"$ref": "#/components/responses/Error400"},
      "401": {"$ref": "#/components/responses/Error401"}, "429": {"description": "too many failed sign-ins"}}}},
  "/api/v1/requests": {
    "get": {"summary": "List requests", "parameters": [
      {"name": "department", "in": "query", "schema": {"type": "string"}},
      {"name": "state", "in": "query", "schema": {"type": "string"}},
      {"name": "service", "in": "query", "schema": {"type": "string"}},
      {"name": "assignee", "in": "query", "schema": {"type": "integer"}},
      {"name": "overdue", "in": "query", "schema": {"type": "boolean"}, "description": "open, SLA clock running, past expected_at"},
      {"name": "at_risk", "in": "query", "schema": {"type": "boolean"}, "description": "overdue or due within the city's due_soon threshold"},
      {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "words of the description, address or service name (all must match, case- and accent-insensitive; the last word also as a prefix of 3+ characters), or a request id"},
      {"name": "bbox", "in": "query", "schema": {"type": "string"}, "description": "min_lat,min_lon,max_lat,max_lon"},
      {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 50, "maximum": 200}},
      {"name": "offset", "in": "query", "schema": {"type": "integer", "default": 0}}],
      "responses": {"200": {"description": "requests", "content": {"application/json": {"schema": {"type": "object",
        "properties": {"requests": {"type": "array", "items": {"$ref": "#/components/schemas/Request"}}}}}}},
        "400": {"$ref": "#/components/responses/Error400"}, "401": {"$ref": "#/components/responses/Error401"}}},
    "post": {"summary": "Create a request on behalf of a caller, or an internal request (internal_for)",
      "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
        "service_code": {"type": "string"}, "description": {"type": "string"},
        "channel": {"type": "string", "enum": ["phone", "email", "walk_in", "web", "app", "internal"]},
        "lat": {"oneOf": [{"type": "number"}, {"type": "string"}], "description": "a number, or a decimal string"},
        "long": {"oneOf": [{"type": "number"}, {"type": "string"}], "description": "a number, or a decimal string"},
        "lon": {"oneOf": [{"type": "number"}, {"type": "string"}], "deprecated": true, "description": "the old name of long; read for one release"},
        "address_string": {"type": "string"},
        "email": {"type": "string"}, "phone": {"type": "string"}, "locale": {"type": "string", "description": "the reporter's language, e.g. es"}, "first_name": {"type": "string"},
        "last_name": {"type": "string"}, "attributes": {"type": "object"},
        "internal_for": {"type": "string", "description": "department code"}}}}}},
      "responses": {"201": {"description": "created"}, "400": {"$ref": "#/components/responses/Error400"},
        "401": {"$ref": "#/components/responses/Error401"}, "403": {"$ref": "#/components/responses/Error403"}}}},
  "/api/v1/requests/{id}": {"get": {"summary": "One request with timeline and work orders",
    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
    "responses": {"200": {"description": "the request", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Request"}}}},
      "401": {"$ref": "#/components/responses/Error401"}, "404": {"$ref": "#/components/responses/Error404"}}}},
  "/api/v1/requests/{id}/actions": {"post": {"summary": "Act on a request",
    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Action"}}}},
    "responses": {"200": {"description": "the request as stored", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Request"}}}},
      "400": {"$ref": "#/components/responses/Error400"}, "401": {"$ref": "#/components/responses/Error401"},
      "403": {"$ref": "#/components/responses/Error403"}, "404": {"$ref": "#/components/responses/Error404"},
      "409": {"$ref": "#/components/responses/Error409"}}}},
  "/api/v1/requests/{id}/emergency": {"post": {"summary": "Flag a request as an emergency: it is pushed to dispatch at once (the flag_emergency action; who may: those who may add internal notes)",
    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
    "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["version", "reason"], "properties": {
      "version": {"type": "integer", "description": "the version you read; 409 if stale"},
      "reason": {"type": "string", "description": "why it is an emergency (dispatch and staff read it; never the public)"}}}}}},
    "responses": {"200": {"description": "the request as stored (emergency: true)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Request"}}}},
      "400": {"$ref": "#/components/responses/Error400"}, "401": {"$ref": "#/components/responses/Error401"},
      "403": {"$ref": "#/components/responses/Error403"}, "404": {"$ref": "#/components/responses/Error404"},
      "409": {"$ref": "#/components/responses/Error409"}}}},
  "/api/v1/requests/{id}/templates": {"get": {"summary": "Response templates that fit the request now (its service; states it may move to next; notes)",
    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
    "responses": {"200": {"description": "templates, in config order", "content": {"application/json": {"schema": {"type": "object",
      "properties": {"templates": {"type": "array", "items": {"$ref": "#/components/schemas/ResponseTemplate"}}}}}}},
      "401": {"$ref": "#/components/responses/Error401"}, "403": {"$ref": "#/components/responses/Error403"},
      "404": {"$ref": "#/components/responses/Error404"}}}},
  "/api/v1/requests/{id}/work_orders": {"post": {"summary": "Add a work order to a request",
    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkOrder"}}}},
    "responses": {"201": {"description": "created"}, "403": {"$ref": "#/components/responses/Error403"},
      "404": {"$ref": "#/components/responses/Error404"}, "409": {"$ref": "#/components/responses/Error409"}}}},
  "/api/v1/work_orders": {"post": {"summary": "Log proactive work (no request)",
    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkOrder"}}}},
    "responses": {"201": {"description": "created"}, "403": {"$ref": "#/components/responses/Error403"}}}},
  "/api/v1/work_orders/{id}": {"put": {"summary": "Replace a work order's editable fields: every one of crew, assignee_user_id, tasks, scheduled_for, labour_hours, materials, cost_cents, completion_note, done must be present (400 otherwise)",
    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkOrder"}}}},
    "responses": {"200": {"description": "updated"}, "400": {"$ref": "#/components/responses/Error400"},
      "403": {"$ref": "#/components/responses/Error403"}, "404": {"$ref": "#/components/responses/Error404"}}},
    "patch": {"summary": "Change some fields of a work order: members left out keep their values",
    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkOrder"}}}},
    "responses": {"200": {"description": "updated"}, "400": {"$ref": "#/components/responses/Error400"},
      "403": {"$ref": "#/components/responses/Error403"}, "404": {"$ref": "#/components/responses/Error404"}}}},
  "/api/v1/auth/logout": {"post": {"summary": "Sign out: the bearer token, or the cookie session (then with its CSRF token), stops working",
    "responses": {"204": {"description": "signed out"}, "401": {"$ref": "#/components/responses/Error401"}}}},
  "/api/v1/auth/session": {
    "post": {"summary": "Sign in for a browser: sets the HttpOnly, SameSite=Strict session cookie c311_session (Secure behind TLS); calls that change anything then need the returned csrf_token in X-CSRF-Token",
      "security": [], "requestBody": {"content": {"application/json": {"schema": {"type": "object",
        "required": ["email", "password"], "properties": {"email": {"type": "string"},
        "password": {"type": "string"}, "totp": {"type": "string"}}}}}},
      "responses": {"200": {"description": "{csrf_token, expires_at, user} and Set-Cookie"},
        "400": {"$ref": "#/components/responses/Error400"}, "401": {"$ref": "#/components/responses/Error401"},
        "429": {"description": "too many failed sign-ins"}}},
    "delete": {"summary": "Sign out of the cookie session (clears the cookie)",
      "responses": {"204": {"description": "signed out"}, "401": {"$ref": "#/components/responses/Error401"}}}},
  "/api/v1/auth/password_reset": {"post": {"summary": "E-mail a one-use reset link (same answer whether or not the address has an account)",
    "security": [], "requestBody": {"content": {"application/json": {"schema": {"type": "object",
      "required": ["email"], "properties": {"email": {"type": "string"}}}}}},
    "responses": {"202": {"description": "accepted"}, "400": {"$ref": "#/components/responses/Error400"}}}},
  "/api/v1/auth/password_reset/confirm": {"post": {"summary": "Set a new password with a reset token (one use, one hour)",
    "security": [], "requestBody": {"content": {"application/json": {"schema": {"type": "object",
      "required": ["token", "password"], "properties": {"token": {"type": "string"}, "password": {"type": "string"}}}}}},
    "responses": {"204": {"description": "password changed"}, "400": {"$ref": "#/components/responses/Error400"}}}},
  "/api/v1/me": {"get": {"summary": "The signed-in account",
    "responses": {"200": {"description": "id, email, display_name, role, departments, hide_name"}, "401": {"$ref": "#/components/responses/Error401"}}},
    "patch": {"summary": "Change one's display name or \"don't show my name\" (hide_name)",
      "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
        "display_name": {"type": "string", "maxLength": 100}, "hide_name": {"type": "boolean"}}}}}},
      "responses": {"200": {"description": "the account"}, "400": {"$ref": "#/components/responses/Error400"},
        "401": {"$ref": "#/components/responses/Error401"}}}},
  "/api/v1/me/alerts": {"get": {"summary": "One's staff alert settings: new_requests (off, immediate, digest) and lang",
    "responses": {"200": {"description": "{new_requests, lang}"}, "401": {"$ref": "#/components/responses/Error401"},
      "403": {"$ref": "#/components/responses/Error403"}}},
    "put": {"summary": "Choose what to hear of new requests in one's departments (one e-mail each, a daily digest, or off) and in which language",
      "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
        "new_requests": {"type": "string", "enum": ["off", "immediate", "digest"]}, "lang": {"type": "string", "example": "es"}}}}}},
      "responses": {"200": {"description": "{new_requests, lang}"}, "400": {"$ref": "#/components/responses/Error400"},
        "401": {"$ref": "#/components/responses/Error401"}, "403": {"$ref": "#/components/responses/Error403"}}}},
  "/api/v1/me/totp": {"post": {"summary": "Enrol a TOTP second factor (re-enter the password); sign-ins then need a code",
    "requestBody": {"content": {"application/json": {"schema": {"type": "object",
      "required": ["password"], "properties": {"password": {"type": "string"}}}}}},
    "responses": {"200": {"description": "{otpauth_uri}: show it as a QR code"}, "401": {"$ref": "#/components/responses/Error401"}}}},
  "/api/v1/requests/{id}/follow": {
    "put": {"summary": "Follow a request (get its updates)",
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "responses": {"204": {"description": "following"}, "401": {"$ref": "#/components/responses/Error401"},
        "403": {"$ref": "#/components/responses/Error403"}, "404": {"$ref": "#/components/responses/Error404"}}},
    "delete": {"summary": "Stop following a request",
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "responses": {"204": {"description": "not following"}, "401": {"$ref": "#/components/responses/Error401"},
        "404": {"$ref": "#/components/responses/Error404"}}}},
  "/api/v1/audit": {"get": {"summary": "The audit log, newest first: admins (every department) and managers (their departments)",
    "parameters": [{"name": "department", "in": "query", "schema": {"type": "string"}},
      {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 100, "maximum": 500}}],
    "responses": {"200": {"description": "{entries: [{id, at, actor_user_id, action, department, service_request_id, detail}]}"},
      "401": {"$ref": "#/components/responses/Error401"}, "403": {"$ref": "#/components/responses/Error403"}}}},
  "/api/v1/openapi.json": {"get": {"summary": "This document", "security": [],
    "responses": {"200": {"description": "OpenAPI 3"}}}}
}
})json";

}  // namespace

http::Response GetOpenApi(const http::Request&) {
  http::Response res;
  res.body = kOpenApi;
  return res;
}

}  // namespace civic311::staff_api
