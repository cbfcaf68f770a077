// Service list, service definition, discovery and errors: small documents, rendered with the
// same streaming writers as the requests.
#include "adapters/open311/render.hpp"
#include "adapters/open311/writers.hpp"

namespace civic311::open311 {
namespace {

template <class W>
void ServiceList(W& w, const City& city) {
  w.BeginRootList("services", "service");
  std::string keywords;
  for (const Service& s : city.services) {
    keywords.clear();
    for (std::size_t i = 0; i < s.keywords.size(); ++i) {
      if (i > 0) keywords += ',';
      keywords += s.keywords[i];
    }
    w.BeginItem();
    w.String("service_code", s.code);
    w.String("service_name", s.name);
    w.String("description", s.description);
    w.Bool("metadata", s.metadata());
    w.String("type", ServiceTypeName(s.type));
    w.String("keywords", keywords);
    w.String("group", s.group);
    w.EndItem();
  }
  w.EndRootList();
}

template <class W>
void ServiceDefinition(W& w, const Service& s) {
  w.BeginRootObject("service_definition");
  w.String("service_code", s.code);
  w.BeginList("attributes", "attribute");
  int position = 0;
  for (const Attribute& a : s.attributes) {
    ++position;
    w.BeginItem();
    w.Bool("variable", a.variable);
    w.String("code", a.code);
    w.String("datatype", DatatypeName(a.datatype));
    w.Bool("required", a.required);
    w.String("datatype_description", a.datatype_description);
    w.Integer("order", a.order > 0 ? a.order : position);
    w.String("description", a.description);
    w.BeginList("values", "value");
    for (const AttributeValue& v : a.values) {
      w.BeginItem();
      w.String("key", v.key);
      w.String("name", v.name);
      w.EndItem();
    }
    w.EndList();
    w.EndItem();
  }
  w.EndList();
  w.EndRootObject();
}

template <class W>
void Discovery(W& w, const DiscoveryInfo& d) {
  w.BeginRootObject("discovery");
  w.String("changeset", d.changeset);
  w.String("contact", d.contact);
  w.String("key_service", d.key_service);
  w.BeginList("endpoints", "endpoint");
  w.BeginItem();
  w.String("specification", kSpecificationUrl);
  w.String("url", d.url);
  w.String("changeset", d.changeset);
  w.String("type", "production");
  w.BeginList("formats", "format");
  w.ListString("text/xml");
  w.ListString("application/json");
  w.EndList();
  w.EndItem();
  w.EndList();
  w.EndRootObject();
}

template <class W>
void Errors(W& w, int code, std::span<const std::string> descriptions) {
  w.BeginRootList("errors", "error");
  for (const std::string& d : descriptions) {
    w.BeginItem();
    w.Integer("code", code);
    w.String("description", d);
    w.EndItem();
  }
  w.EndRootList();
}

}  // namespace

void RenderServiceList(Format f, const City& city, std::string& out) {
  out.reserve(out.size() + 256 + city.services.size() * 256);
  WithWriter(f, out, [&](auto& w) { ServiceList(w, city); });
}

void RenderServiceDefinition(Format f, const Service& service, std::string& out) {
  out.reserve(out.size() + 512 + service.attributes.size() * 512);
  WithWriter(f, out, [&](auto& w) { ServiceDefinition(w, service); });
}

void RenderDiscovery(Format f, const DiscoveryInfo& info, std::string& out) {
  out.reserve(out.size() + 1024);
  WithWriter(f, out, [&](auto& w) { Discovery(w, info); });
}

std::string CatalogueSnapshot(const City& city) {
  std::string out;
  RenderServiceList(Format::kJson, city, out);
  for (const Service& s : city.services) {
    out += '\0';
    RenderServiceDefinition(Format::kJson, s, out);
  }
  // NUL separates: neither rendered JSON nor a config string can hold one.
  for (const std::string* field : {&city.jurisdiction_id, &city.contact, &city.base_url}) {
    out += '\0';
    out += *field;
  }
  return out;
}

void RenderErrors(Format f, int code, std::span<const std::string> descriptions, std::string& out) {
  WithWriter(f, out, [&](auto& w) { Errors(w, code, descriptions); });
}

}  // namespace civic311::open311
