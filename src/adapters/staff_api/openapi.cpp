// GET /api/v1/openapi.json: assembles the document (see openapi.hpp for what is added here).
#include "adapters/staff_api/openapi.hpp"

#include "adapters/staff_api/handlers.hpp"
#include "adapters/staff_api/json_io.hpp"

namespace civic311::staff_api {
namespace json = boost::json;
namespace {

json::object Ref(std::string_view response) {
  return json::object{{"$ref", "#/components/responses/" + std::string(response)}};
}

// Adds the answers every operation of this kind can give (openapi.hpp), keeping any the path
// already names (with its own description).
void AddSharedAnswers(json::object& op) {
  json::object& responses = op["responses"].as_object();
  auto add = [&](std::string_view code, std::string_view ref) {
    if (!responses.contains(code)) responses[code] = Ref(ref);
  };
  const bool public_op = op.contains("security") && op.at("security").as_array().empty();
  if (!public_op) {
    add("401", "Error401");
    add("403", "Error403");
  }
  if (op.contains("requestBody")) {
    add("400", "Error400");
    add("413", "Error413");
    add("415", "Error415");
  }
  add("500", "Error500");
  add("503", "Error503");
  add("default", "Error");
}

// RequestDetail: Request, plus the timeline (always) and, for roles that see the request's
// internal side, assignee_user_id and work_orders.
json::object RequestDetailSchema(const json::object& request) {
  json::object detail = request;
  json::object& props = detail["properties"].as_object();
  props["timeline"] = json::object{{"type", "array"},
                                   {"items", json::object{{"$ref", "#/components/schemas/Event"}}}};
  props["assignee_user_id"] = json::object{{"type", "integer"}, {"nullable", true}};
  props["me_too_count"] = json::object{
      {"type", "integer"},
      {"description",
       "residents who said \"me too\" on the portal (the reporter not counted); present when "
       "the server keeps supporters"}};
  props["work_orders"] = json::object{
      {"type", "array"}, {"items", json::object{{"$ref", "#/components/schemas/WorkOrder"}}}};
  detail["required"].as_array().emplace_back("timeline");
  detail["description"] =
      "a Request with its timeline; assignee_user_id and work_orders only for roles that see "
      "its internal side";
  return detail;
}

json::value Build() {
  json::object components = json::parse(OpenApiComponentsText()).as_object();
  json::object& schemas = components["schemas"].as_object();
  schemas["RequestDetail"] = RequestDetailSchema(schemas.at("Request").as_object());
  json::object paths = json::parse(OpenApiPathsText()).as_object();
  for (auto& path : paths)
    for (auto& op : path.value().as_object()) AddSharedAnswers(op.value().as_object());
  return json::object{
      {"openapi", "3.0.3"},
      {"info", json::object{{"title", "civic311 staff API"},
                            {"version", "1"},
                            {"description",
                             "The staff console's backend (docs/staff-api.md). Every error, the "
                             "transport's included, is {\"error\": {\"message\", \"fields\"?, "
                             "\"request_id\"?}}."}}},
      {"servers", json::array{json::object{{"url", "/"}}}},
      {"security", json::array{json::object{{"bearer", json::array()}},
                               json::object{{"session", json::array()}}}},
      {"components", std::move(components)},
      {"paths", std::move(paths)}};
}

}  // namespace

const json::value& OpenApiDocument() {
  static const json::value kDocument = Build();
  return kDocument;
}

http::Response GetOpenApi(const http::Request&) {
  static const std::string kText = SerializeJson(OpenApiDocument());
  http::Response res;
  res.body = kText;
  return res;
}

}  // namespace civic311::staff_api
