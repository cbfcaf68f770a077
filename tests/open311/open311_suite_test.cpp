// The data-driven Open311 conformance suite: every tests/open311/cases/*.test file, in name
// order, against one real `civic311` (CIVIC311_BINARY) with a fresh demo database. See
// tests/open311/README.md for the case format.
//
// Set-up: civic311 init --db FILE --demo; seed --count 200 --days 30 (closed and open requests
// to filter); api-key create (the key for {{api_key}}); a second key, revoked
// ({{revoked_key}}); serve --listen 127.0.0.1:0. Cases share the server, so a case may use an
// id captured by an earlier one ({{id:NAME}}). CIVIC311_KEEP_TMP=1 keeps the directory (with
// server.log) for a post-mortem.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>

#include "runner/case_file.hpp"
#include "runner/checks.hpp"
#include "runner/http_client.hpp"
#include "runner/process.hpp"
#include "runner/schema_validator.hpp"

namespace open311_suite {
namespace {

namespace fs = std::filesystem;

std::string LastLine(const std::string& s) {
  std::string t = s;
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
  std::size_t nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

// One server for the whole suite.
struct Deployment {
  fs::path dir;
  std::string db;
  std::uint16_t port = 0;
  std::map<std::string, std::string> vars;
  ServerProcess server;
  SchemaValidator schemas;
  int validated_json = 0, validated_xml = 0;
  std::string setup_error;

  Deployment() {
    char tmpl[] = "/tmp/open311-suite-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) {
      setup_error = "mkdtemp failed";
      return;
    }
    dir = tmpl;
    db = (dir / "civic311.db").string();
    const std::string bin = CIVIC311_BINARY;
    if (!fs::exists(bin)) {
      setup_error = "no civic311 binary at " + bin + " (build the civic311 target first)";
      return;
    }
    auto must = [&](const std::vector<std::string>& argv) -> std::optional<RunResult> {
      RunResult r = Run(argv);
      if (r.exit_code != 0) {
        std::string cmd;
        for (const auto& a : argv) cmd += a + " ";
        setup_error = cmd + "exited " + std::to_string(r.exit_code) + "\nstdout: " + r.out +
                      "\nstderr: " + r.err;
        return std::nullopt;
      }
      return r;
    };
    setup_error = schemas.Start(OPEN311_NODE, OPEN311_SCHEMA_SCRIPT, OPEN311_SCHEMA_DIR);
    if (!setup_error.empty()) return;
    if (!must({bin, "init", "--db", db, "--demo"})) return;
    if (!must({bin, "seed", "--db", db, "--count", "200", "--days", "30", "--seed", "311"})) return;
    auto key = must({bin, "api-key", "create", "--db", db, "--name", "open311-suite"});
    if (!key) return;
    vars["api_key"] = LastLine(key->out);
    auto revoked = must({bin, "api-key", "create", "--db", db, "--name", "revoked-client"});
    if (!revoked) return;
    vars["revoked_key"] = LastLine(revoked->out);
    if (!must({bin, "api-key", "revoke", "--db", db, "--name", "revoked-client"})) return;
    port = server.Start({bin, "serve", "--db", db, "--listen", "127.0.0.1:0"},
                        (dir / "server.log").string(), std::chrono::seconds(30), &setup_error);
    vars["host"] = "127.0.0.1:" + std::to_string(port);
  }

  ~Deployment() {
    std::printf("[ schemas  ] %d JSON and %d XML answers validated against the official schemas\n",
                validated_json, validated_xml);
    server.Stop();
    if (!dir.empty() && std::getenv("CIVIC311_KEEP_TMP") == nullptr) {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  }
};

Deployment* g_deployment = nullptr;

class Open311Suite : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { g_deployment = new Deployment(); }
  static void TearDownTestSuite() {
    delete g_deployment;
    g_deployment = nullptr;
  }
};

TEST_P(Open311Suite, Case) {
  Deployment& d = *g_deployment;
  ASSERT_TRUE(d.setup_error.empty()) << d.setup_error;
  std::string error;
  auto c = LoadCase(GetParam(), &error);
  ASSERT_TRUE(c) << error;
  for (const auto& comment : c->comments) RecordProperty("about", comment);

  auto target = Substitute(c->target, d.vars, &error);
  ASSERT_TRUE(target) << c->path << ": " << error;
  auto body = Substitute(c->body, d.vars, &error);
  ASSERT_TRUE(body) << c->path << ": " << error;
  Case sent = *c;
  for (auto& [k, v] : sent.headers) {
    auto value = Substitute(v, d.vars, &error);
    ASSERT_TRUE(value) << c->path << ": " << error;
    v = *value;
  }
  HttpResponse r = Exchange(d.port, RawRequest(sent, *target, *body, d.vars["host"]));
  ASSERT_NE(r.status, 0) << c->path << ": " << r.error;

  Checker checker(r, d.vars);
  if (c->method != "HEAD") {  // a HEAD answer has the headers of a body it does not send
    const std::string automatic = checker.Automatic();
    EXPECT_TRUE(automatic.empty()) << c->path << ": " << automatic;
  }
  // Every answer with an official schema satisfies it, formats enforced; XML read as an XML
  // client reads it (runner/schema_validator.hpp).
  if (const std::string schema = SchemaFor(c->method, *target, r.status); !schema.empty()) {
    const std::string type = r.Values("content-type").empty() ? "" : r.Values("content-type")[0];
    std::string invalid;
    if (type.starts_with("application/json")) {
      invalid = d.schemas.Validate(schema, false, r.body);
      ++d.validated_json;
    } else {
      std::string parse_error;
      auto doc = ParseXml(r.body, &parse_error);
      invalid = doc ? d.schemas.Validate(schema, true, XmlAsJson(*doc)) : parse_error;
      ++d.validated_xml;
    }
    EXPECT_TRUE(invalid.empty()) << c->path << ": " << invalid;
  }
  for (const Expectation& e : c->expectations) {
    auto check = Substitute(e.text, d.vars, &error);
    if (!check) {
      ADD_FAILURE() << c->path << ":" << e.line << ": " << error;
      continue;
    }
    const std::string failure = checker.Run(*check);
    EXPECT_TRUE(failure.empty()) << c->path << ":" << e.line << ": " << e.text << "\n  " << failure;
  }
}

std::string CaseName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = fs::path(info.param).stem().string();
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, Open311Suite, ::testing::ValuesIn(CaseFiles(OPEN311_CASES_DIR)),
                         CaseName);

// The schema check is live: it refuses what the official schemas refuse ("" is not a URI, which
// every request answer had before issue 11), in both formats, and accepts the fixed shape.
TEST(Open311Schemas, RefuseWhatTheOfficialSchemasRefuse) {
  SchemaValidator v;
  ASSERT_EQ(v.Start(OPEN311_NODE, OPEN311_SCHEMA_SCRIPT, OPEN311_SCHEMA_DIR), "");
  const std::string head = R"([{"service_request_id":"1","status":"open","service_code":"POTHOLE",)"
                           R"("requested_datetime":"2026-11-23T17:35:53Z","lat":)";
  EXPECT_NE(v.Validate("requests", false, head + R"(null,"media_url":""}])"), "");
  EXPECT_EQ(v.Validate("requests", false, head + R"(null,"media_url":null}])"), "");
  EXPECT_NE(v.Validate("requests", false, head + R"("42.1","media_url":null}])"), "");
  EXPECT_EQ(v.Validate("requests", true, head + R"("42.1","media_url":""}])"), "");
  EXPECT_NE(v.Validate("requests", true, head + R"("east","media_url":""}])"), "");
  EXPECT_NE(v.Validate("services", false, R"([{"service_code":"A"}])"), "");
  // A member the schemas do not list (here a misspelt media_url) fails too.
  EXPECT_NE(v.Validate("requests", true, head + R"(null,"mediaurl":""}])"), "");
  std::string error;
  auto doc = ParseXml(
      "<service_definition><service_code>A</service_code><attributes><attribute>"
      "<variable>true</variable><code>X</code><datatype>text</datatype><required>false"
      "</required><order>1</order><values></values></attribute></attributes>"
      "</service_definition>",
      &error);
  ASSERT_TRUE(doc) << error;
  EXPECT_EQ(XmlAsJson(*doc), R"({"service_code":"A","attributes":[{"variable":"true","code":"X",)"
                             R"("datatype":"text","required":"false","order":"1","values":[]}]})");
  EXPECT_EQ(v.Validate("service-definition", true, XmlAsJson(*doc)), "");
  EXPECT_EQ(SchemaFor("GET", "/open311/v2/requests/7.xml?extensions=true", 200), "requests");
  EXPECT_EQ(SchemaFor("GET", "/open311/v2/services/POTHOLE.json", 200), "service-definition");
  EXPECT_EQ(SchemaFor("GET", "/open311/v2/services/POTHOLE.json", 404), "");
  EXPECT_EQ(SchemaFor("POST", "/open311/v2/requests.json", 200), "");
}

// Every case file parses, whether or not the binary exists (a syntax slip fails here first).
TEST(Open311CaseFiles, AllParse) {
  auto files = CaseFiles(OPEN311_CASES_DIR);
  EXPECT_GT(files.size(), 50u);
  for (const auto& f : files) {
    std::string error;
    EXPECT_TRUE(LoadCase(f, &error)) << error;
  }
}

}  // namespace
}  // namespace open311_suite
