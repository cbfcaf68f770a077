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
    "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
      "message": {"type": "string"},
      "fields": {"type": "array", "items": {"type": "object", "properties": {
        "field": {"type": "string"}, "message": {"type": "string"}}}}}}}},
    "Request": {"type": "object", "properties": {
      "id": {"type": "integer"}, "version": {"type": "integer"},
      "service_code": {"type": "string"}, "service_name": {"type": "string"},
      "state": {"type": "string"}, "status": {"type": "string", "enum": ["open", "closed"]},
      "description": {"type": "string"}, "address": {"type": "string"},
      "lat": {"type": "number", "nullable": true}, "lon": {"type": "number", "nullable": true},
      "department_code": {"type": "string"}, "status_notes": {"type": "string"},
      "channel": {"type": "string"}, "emergency": {"type": "boolean"},
      "internal": {"type": "boolean"}, "parent_id": {"type": "integer", "nullable": true},
      "requested_at": {"type": "string", "format": "date-time"},
      "updated_at": {"type": "string", "format": "date-time"},
      "expected_at": {"type": "string", "format": "date-time", "nullable": true},
      "contact": {"type": "object", "description": "only for roles allowed view_contact; audited"}}},
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
        "note", "mark_duplicate", "reopen", "add_info", "start_work", "schedule", "cancel"]},
      "version": {"type": "integer", "description": "the version you read; 409 if stale"},
      "text": {"type": "string", "description": "note, reason (transfer, reopen) or information"},
      "internal": {"type": "boolean", "description": "note: staff only"},
      "state": {"type": "string", "description": "set_state: the new state"},
      "assignee_user_id": {"type": "integer"}, "department_code": {"type": "string"},
      "parent_id": {"type": "integer"}, "media_url": {"type": "string"}}}
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
      {"name": "overdue", "in": "query", "schema": {"type": "boolean"}},
      {"name": "q", "in": "query", "schema": {"type": "string"}},
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
        "lat": {"type": "string"}, "lon": {"type": "string"}, "address_string": {"type": "string"},
        "email": {"type": "string"}, "phone": {"type": "string"}, "first_name": {"type": "string"},
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
  "/api/v1/requests/{id}/work_orders": {"post": {"summary": "Add a work order to a request",
    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkOrder"}}}},
    "responses": {"201": {"description": "created"}, "403": {"$ref": "#/components/responses/Error403"},
      "404": {"$ref": "#/components/responses/Error404"}, "409": {"$ref": "#/components/responses/Error409"}}}},
  "/api/v1/work_orders": {"post": {"summary": "Log proactive work (no request)",
    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkOrder"}}}},
    "responses": {"201": {"description": "created"}, "403": {"$ref": "#/components/responses/Error403"}}}},
  "/api/v1/work_orders/{id}": {"put": {"summary": "Update a work order",
    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkOrder"}}}},
    "responses": {"200": {"description": "updated"}, "403": {"$ref": "#/components/responses/Error403"},
      "404": {"$ref": "#/components/responses/Error404"}}}},
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
