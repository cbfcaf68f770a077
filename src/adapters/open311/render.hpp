// Renderers for every Open311 GeoReport v2 document, in JSON or XML. Each appends to `out`.
// They take only what is public: no renderer of a GET answer reads ServiceRequest::contact or
// Department::email (the POST answer echoes the submitter's own account_id, as the spec asks).
//
// Absent values (see docs/open311.md, "Empty values"): text fields are always present, as ""
// in JSON and an empty element in XML; media_url (a URI), lat, long and datetimes that are
// unknown are JSON null and an empty XML element. Ids are strings in JSON. Booleans are true/false.
// Thread-safety: pure functions.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "adapters/open311/format.hpp"
#include "app/request_service.hpp"
#include "domain/city.hpp"
#include "domain/request.hpp"

namespace civic311::open311 {

inline constexpr std::string_view kSpecificationUrl = "http://wiki.open311.org/GeoReport_v2";

// GET services: services/service {service_code, service_name, description, metadata, type,
// keywords (comma-separated), group}, in catalogue order.
void RenderServiceList(Format f, const City& city, std::string& out);

// GET services/{code}: service_definition {service_code, attributes/attribute {variable, code,
// datatype, required, datatype_description, order, description, values/value {key, name}}}.
// A service without attributes has an empty attributes list.
void RenderServiceDefinition(Format f, const Service& service, std::string& out);

struct DiscoveryInfo {
  std::string changeset;  // W3C datetime
  std::string contact;
  std::string key_service;
  std::string url;  // the GeoReport v2 endpoint, e.g. https://311.example/open311/v2
};
// GET discovery: discovery {changeset, contact, key_service, endpoints/endpoint {specification,
// url, changeset, type, formats/format}}. One production endpoint, formats text/xml and
// application/json.
void RenderDiscovery(Format f, const DiscoveryInfo& info, std::string& out);

// GET requests, GET requests/{id}: service_requests/request with every field of the spec, in
// its order. With `extensions`, each request also has extended_attributes {channel,
// detailed_status, detailed_status_label, emergency, duplicate, parent_service_request_id}.
// `city` supplies agency_responsible (department name) and service_notice.
void RenderRequests(Format f, const City& city, std::span<const ServiceRequest> requests,
                    bool extensions, std::string& out);

// POST requests answer: service_requests/request {service_request_id (realtime, blackbox) or
// token (batch), service_notice, account_id (echoed from the submission)}.
void RenderSubmitted(Format f, const SubmitOutcome& outcome, std::string& out);

// GET tokens/{token}: service_requests/request {service_request_id, token}.
void RenderToken(Format f, RequestId id, std::string_view token, std::string& out);

// Everything Open311 clients cache of the city's catalogue, as one comparable text: the service
// list, every service definition (JSON) and the discovery fields that come from the city
// (jurisdiction, contact, base URL). Two configurations with the same snapshot look the same to
// clients: the catalogue version (discovery "changeset") need not move.
std::string CatalogueSnapshot(const City& city);

// errors/error {code, description}: one error per description, all with `code` (the HTTP
// status). JSON code is a number, as in the spec's examples.
void RenderErrors(Format f, int code, std::span<const std::string> descriptions, std::string& out);

}  // namespace civic311::open311
