// Evaluating a case's checks against a response (syntax: tests/open311/README.md).
#pragma once

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <string>

#include "http_client.hpp"
#include "mini_xml.hpp"

namespace open311_suite {

class Checker {
 public:
  // `vars`: placeholders ({{api_key}}, captures); capture checks add to it.
  Checker(const HttpResponse& response, std::map<std::string, std::string>& vars);

  // Checks made on every response: a JSON content type has a body that parses as JSON (valid
  // UTF-8 included); an XML one starts with <?xml version="1.0" encoding="utf-8"?> and is
  // well-formed XML 1.0. Returns "" or what is wrong.
  std::string Automatic();

  // Runs one check line (placeholders already substituted). Returns "" or what is wrong.
  std::string Run(const std::string& check);

 private:
  std::string Json(const std::string& path, const std::string& op, const std::string& arg);
  std::string Xml(const std::string& path, const std::string& op, const std::string& arg);
  const boost::json::value* JsonDoc(std::string* error);
  const XmlDocument* XmlDoc(std::string* error);

  const HttpResponse& r_;
  std::map<std::string, std::string>& vars_;
  std::unique_ptr<boost::json::value> json_;
  std::unique_ptr<XmlDocument> xml_;
};

}  // namespace open311_suite
