// The OpenAPI document's paths: every /api/v1 route of routes.cpp, with its body and the answers
// particular to it. openapi.cpp adds the answers every operation shares (401/403 where a sign-in
// is needed; 400/413/415 where a body is read; 500/503 everywhere), so they are not repeated
// here. staff_api_test.cpp checks this list against the router's table, both ways.
#include "adapters/staff_api/openapi.hpp"

namespace civic311::staff_api {

std::string_view OpenApiPathsText() {
  return R"json({
"/api/v1/auth/token": {"post": {"summary": "Sign in for a program: a bearer token", "security": [],
  "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Credentials"}}}},
  "responses": {"200": {"description": "the token", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Token"}}}},
    "401": {"$ref": "#/components/responses/Error401"}, "429": {"$ref": "#/components/responses/Error429"}}}},
"/api/v1/auth/logout": {"post": {"summary": "Sign out: the bearer token, or the cookie session (then with its CSRF token; the cookie is cleared), stops working",
  "responses": {"204": {"$ref": "#/components/responses/NoContent"}}}},
"/api/v1/auth/session": {
  "post": {"summary": "Sign in for a browser: sets the HttpOnly, SameSite=Strict session cookie c311_session (Secure behind TLS); calls that change anything then need the returned csrf_token in X-CSRF-Token",
    "security": [], "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Credentials"}}}},
    "responses": {"200": {"description": "signed in (and Set-Cookie)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}},
      "401": {"$ref": "#/components/responses/Error401"}, "429": {"$ref": "#/components/responses/Error429"}}},
  "delete": {"summary": "Sign out of the session (clears the cookie)",
    "responses": {"204": {"$ref": "#/components/responses/NoContent"}}}},
"/api/v1/auth/password_reset": {"post": {"summary": "E-mail a one-use reset link; the same answer, at the same moment, whether or not the address has an account",
  "security": [], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object",
    "required": ["email"], "properties": {"email": {"type": "string", "maxLength": 254}}}}}},
  "responses": {"202": {"description": "accepted", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}}}}}},
"/api/v1/auth/password_reset/confirm": {"post": {"summary": "Set a new password with a reset token (one use, one hour)",
  "security": [], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object",
    "required": ["token", "password"], "properties": {"token": {"type": "string"}, "password": {"type": "string"}}}}}},
  "responses": {"204": {"$ref": "#/components/responses/NoContent"}}}},
"/api/v1/me": {
  "get": {"summary": "The signed-in account",
    "responses": {"200": {"description": "the account", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}}},
  "patch": {"summary": "Change one's display name or \"don't show my name\" (hide_name)",
    "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {
      "display_name": {"type": "string", "maxLength": 100}, "hide_name": {"type": "boolean"}}}}}},
    "responses": {"200": {"description": "the account", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}}}},
"/api/v1/me/alerts": {
  "get": {"summary": "One's staff alert settings: what to hear of new requests in one's departments, and in which language",
    "responses": {"200": {"description": "the settings", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AlertSettings"}}}}}},
  "put": {"summary": "Choose what to hear of new requests in one's departments (one e-mail each, a daily digest, or off) and in which language; members left out keep their values",
    "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {
      "new_requests": {"type": "string", "enum": ["off", "immediate", "digest"]}, "lang": {"type": "string", "example": "es"}}}}}},
    "responses": {"200": {"description": "the settings as stored", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AlertSettings"}}}}}}},
"/api/v1/me/totp": {"post": {"summary": "Enrol a TOTP second factor (re-enter the password); sign-ins then need a code",
  "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object",
    "required": ["password"], "properties": {"password": {"type": "string"}}}}}},
  "responses": {"200": {"description": "show otpauth_uri as a QR code", "content": {"application/json": {"schema": {"type": "object",
    "additionalProperties": false, "required": ["otpauth_uri"], "properties": {"otpauth_uri": {"type": "string", "pattern": "^otpauth://totp/"}}}}}}}}},
"/api/v1/requests": {
  "get": {"summary": "List requests the caller may see, newest first", "parameters": [
    {"name": "department", "in": "query", "schema": {"type": "string"}, "description": "repeatable"},
    {"name": "state", "in": "query", "schema": {"$ref": "#/components/schemas/State"}, "description": "repeatable; an unknown state is a 400"},
    {"name": "service", "in": "query", "schema": {"type": "string"}, "description": "a service code; repeatable"},
    {"name": "assignee", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {"name": "overdue", "in": "query", "schema": {"type": "boolean"}, "description": "open, SLA clock running, past expected_at"},
    {"name": "at_risk", "in": "query", "schema": {"type": "boolean"}, "description": "overdue or due within the city's due_soon threshold"},
    {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "words of the description, address or service name (all must match, case- and accent-insensitive; the last word also as a prefix of 3+ characters), or a request id"},
    {"name": "bbox", "in": "query", "schema": {"type": "string"}, "description": "min_lat,min_long,max_lat,max_long (decimal degrees)"},
    {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 50, "minimum": 1, "maximum": 200}},
    {"name": "offset", "in": "query", "schema": {"type": "integer", "default": 0, "minimum": 0, "maximum": 1000000}}],
    "responses": {"200": {"description": "one page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RequestList"}}}},
      "400": {"$ref": "#/components/responses/Error400"}}},
  "post": {"summary": "Create a request on behalf of a caller, or an internal request (internal_for)",
    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewRequest"}}}},
    "responses": {"201": {"description": "created (Location: /api/v1/requests/{id})", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Request"}}}}}}},
"/api/v1/requests/{id}": {"get": {"summary": "One request with its timeline (and, for roles that see its internal side, work orders and assignee)",
  "parameters": [{"$ref": "#/components/parameters/id"}],
  "responses": {"200": {"description": "the request", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RequestDetail"}}}},
    "404": {"$ref": "#/components/responses/Error404"}}}},
"/api/v1/requests/{id}/actions": {"post": {"summary": "Act on a request",
  "parameters": [{"$ref": "#/components/parameters/id"}],
  "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Action"}}}},
  "responses": {"200": {"description": "the request as stored", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Request"}}}},
    "404": {"$ref": "#/components/responses/Error404"}, "409": {"$ref": "#/components/responses/Error409"}}}},
"/api/v1/requests/{id}/emergency": {"post": {"summary": "Flag a request as an emergency: it is pushed to dispatch at once (the flag_emergency action; who may: those who may add internal notes)",
  "parameters": [{"$ref": "#/components/parameters/id"}],
  "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["version", "reason"], "properties": {
    "version": {"type": "integer", "description": "the version you read; 409 if stale"},
    "reason": {"type": "string", "description": "why it is an emergency (dispatch and staff read it; never the public)"}}}}}},
  "responses": {"200": {"description": "the request as stored (emergency: true)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Request"}}}},
    "404": {"$ref": "#/components/responses/Error404"}, "409": {"$ref": "#/components/responses/Error409"}}}},
"/api/v1/requests/{id}/templates": {"get": {"summary": "Response templates that fit the request now (its service; states it may move to next; notes)",
  "parameters": [{"$ref": "#/components/parameters/id"}],
  "responses": {"200": {"description": "templates, in config order", "content": {"application/json": {"schema": {"type": "object",
    "additionalProperties": false, "required": ["templates"],
    "properties": {"templates": {"type": "array", "items": {"$ref": "#/components/schemas/ResponseTemplate"}}}}}}},
    "404": {"$ref": "#/components/responses/Error404"}}}},
"/api/v1/requests/{id}/follow": {
  "put": {"summary": "Follow a request (get its updates)",
    "parameters": [{"$ref": "#/components/parameters/id"}],
    "responses": {"204": {"$ref": "#/components/responses/NoContent"}, "404": {"$ref": "#/components/responses/Error404"}}},
  "delete": {"summary": "Stop following a request",
    "parameters": [{"$ref": "#/components/parameters/id"}],
    "responses": {"204": {"$ref": "#/components/responses/NoContent"}, "404": {"$ref": "#/components/responses/Error404"}}}},
"/api/v1/requests/{id}/work_orders": {"post": {"summary": "Add a work order to a request",
  "parameters": [{"$ref": "#/components/parameters/id"}],
  "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkOrderInput"}}}},
  "responses": {"201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkOrder"}}}},
    "404": {"$ref": "#/components/responses/Error404"}, "409": {"$ref": "#/components/responses/Error409"}}}},
"/api/v1/work_orders": {"post": {"summary": "Log proactive work (no request)",
  "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkOrderInput"}}}},
  "responses": {"201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkOrder"}}}}}}},
"/api/v1/work_orders/{id}": {
  "put": {"summary": "Replace a work order's editable fields: every one of crew, assignee_user_id, tasks, scheduled_for, labour_hours, materials, cost_cents, completion_note, done must be present (400 otherwise)",
    "parameters": [{"$ref": "#/components/parameters/id"}],
    "requestBody": {"required": true, "content": {"application/json": {"schema": {"allOf": [{"$ref": "#/components/schemas/WorkOrderInput"},
      {"required": ["crew", "assignee_user_id", "tasks", "scheduled_for", "labour_hours", "materials", "cost_cents", "completion_note", "done"]}]}}}},
    "responses": {"200": {"description": "updated", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkOrder"}}}},
      "404": {"$ref": "#/components/responses/Error404"}, "409": {"$ref": "#/components/responses/Error409"}}},
  "patch": {"summary": "Change some fields of a work order: members left out keep their values",
    "parameters": [{"$ref": "#/components/parameters/id"}],
    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkOrderInput"}}}},
    "responses": {"200": {"description": "updated", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkOrder"}}}},
      "404": {"$ref": "#/components/responses/Error404"}, "409": {"$ref": "#/components/responses/Error409"}}}},
"/api/v1/audit": {"get": {"summary": "The audit log, newest first: admins (every department) and managers (their departments)",
  "parameters": [{"name": "department", "in": "query", "schema": {"type": "string"}},
    {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 100, "minimum": 1, "maximum": 500}}],
  "responses": {"200": {"description": "entries", "content": {"application/json": {"schema": {"type": "object",
    "additionalProperties": false, "required": ["entries"],
    "properties": {"entries": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEntry"}}}}}}},
    "400": {"$ref": "#/components/responses/Error400"}}}},
"/api/v1/openapi.json": {"get": {"summary": "This document", "security": [],
  "responses": {"200": {"description": "OpenAPI 3.0", "content": {"application/json": {"schema": {"type": "object", "required": ["openapi", "info", "paths", "components"]}}}}}}}
})json";
}

}  // namespace civic311::staff_api
