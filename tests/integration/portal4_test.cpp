// The portal's languages where pages are not the handlers' own (docs/portal.md, "Languages"):
// every error page (404, 405, 413, 400 from the transport, the CSRF refusal) follows the same
// choice as a page — ?lang=, the c311_lang cookie, Accept-Language — and the city's footer links
// are in the page's language, the default label where a link has none.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "harness.hpp"

namespace civic311::it {
namespace {

class PortalLanguages : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    city_ = new Instance();
    city_->Start();
  }
  static void TearDownTestSuite() {
    delete city_;
    city_ = nullptr;
  }
  static Instance* city_;
};
Instance* PortalLanguages::city_ = nullptr;

// A Spanish error page: <html lang="es">, Content-Language, the Spanish heading, and nothing of
// the English page.
void ExpectSpanishError(const HttpResponse& r, int status, const std::string& heading,
                        const std::string& what) {
  EXPECT_EQ(r.status, status) << what << ": " << r.Describe();
  EXPECT_NE(r.Header("content-type").find("text/html"), std::string::npos) << what;
  EXPECT_NE(r.body.find("<html lang=\"es\">"), std::string::npos) << what;
  EXPECT_EQ(r.Header("content-language"), "es") << what;
  EXPECT_NE(r.body.find(heading), std::string::npos) << what << ": " << r.body.substr(0, 2000);
  EXPECT_EQ(r.body.find("Go to the home page"), std::string::npos) << what;
  // The transport's English words for programs are not shown to a person.
  for (const char* english : {"not found", "method not allowed", "too large", "percent"}) {
    EXPECT_EQ(r.body.find(english), std::string::npos) << what << ": " << english;
  }
}

TEST_F(PortalLanguages, ANotFoundPageFollowsTheQueryTheCookieAndTheBrowser) {
  HttpClient c = city_->Client();
  HttpResponse r = c.Get("/no/such/page?lang=es");
  ExpectSpanishError(r, 404, "Página no encontrada", "?lang=es");
  EXPECT_EQ(r.Header("set-cookie").find("c311_lang"), std::string::npos)
      << "an error page does not change the remembered language";
  ExpectSpanishError(c.Get("/no/such/page", {{"Cookie", "c311_lang=es"}}), 404,
                     "Página no encontrada", "cookie");
  ExpectSpanishError(c.Get("/no/such/page", {{"Accept-Language", "es-MX,es;q=0.9"}}), 404,
                     "Página no encontrada", "Accept-Language");
  // A handler's own 404 (no such request) too.
  ExpectSpanishError(c.Get("/requests/987654321?lang=es"), 404, "Página no encontrada",
                     "unknown request");
  HttpResponse en = c.Get("/no/such/page");
  EXPECT_NE(en.body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_EQ(en.Header("content-language"), "en");
}

TEST_F(PortalLanguages, WrongMethodBadAddressAndTooLargeAreInSpanish) {
  HttpClient c = city_->Client();
  ExpectSpanishError(c.Send("DELETE", "/kudos?lang=es", {}, ""), 405,
                     "Esta página no puede hacer eso", "405");
  ExpectSpanishError(c.Get("/requests?lang=es&q=%G1"), 400, "No se pudo leer la dirección",
                     "400 from the transport");
  // Declared larger than any limit: answered from the headers, the body is never sent.
  HttpResponse big = SendRaw(city_->port(),
                             "POST /report/photos?lang=es HTTP/1.1\r\nHost: t\r\n"
                             "Content-Type: multipart/form-data; boundary=x\r\n"
                             "Content-Length: 104857600\r\n\r\n");
  ExpectSpanishError(big, 413, "Lo que envió es demasiado grande", "413 by ?lang=");
  big = SendRaw(city_->port(),
                "POST /report/photos HTTP/1.1\r\nHost: t\r\nCookie: c311_lang=es\r\n"
                "Content-Type: multipart/form-data; boundary=x\r\n"
                "Content-Length: 104857600\r\n\r\n");
  ExpectSpanishError(big, 413, "Lo que envió es demasiado grande", "413 by cookie");
}

TEST_F(PortalLanguages, TheCsrfRefusalIsInTheVisitorsLanguage) {
  HttpClient c = city_->Client();
  const Params form = {{"service_code", "GRAFFITI"}, {"description", "no token"}};
  ExpectSpanishError(c.PostForm("/report/submit?lang=es", form), 403,
                     "Esta acción no está permitida", "?lang=es");
  ExpectSpanishError(c.PostForm("/report/submit", form, {{"Cookie", "c311_lang=es"}}), 403,
                     "Esta acción no está permitida", "cookie");
  ExpectSpanishError(c.PostForm("/report/submit", form, {{"Accept-Language", "es"}}), 403,
                     "Esta acción no está permitida", "Accept-Language");
}

// The footer's labels: Spanish on a Spanish page, the default where a link has none in Spanish.
// The city document goes out and back in through `civic311 config export/import`, which keeps
// the translations byte for byte.
TEST(PortalFooter, LabelsInThePagesLanguageElseTheDefault) {
  Instance city;
  const std::string db = city.db().string();
  CommandResult exported = RunCivic311({"config", "export", "--db", db});
  ASSERT_EQ(exported.exit_code, 0) << exported.Describe();
  const std::string api_es = "i18n.es.label = \"API Open311\"\n";
  std::string doc = exported.out;
  ASSERT_NE(doc.find("i18n.es.label = \"Sitio web de la ciudad\""), std::string::npos);
  const std::size_t at = doc.find(api_es);
  ASSERT_NE(at, std::string::npos);
  doc.replace(at, api_es.size(), "i18n.fr.label = \"API Open311 (fr)\"\n");
  const std::string file = (city.dir() / "city.toml").string();
  std::ofstream(file) << doc;
  CommandResult imported = RunCivic311({"config", "import", "--db", db, "--config", file});
  ASSERT_EQ(imported.exit_code, 0) << imported.Describe();
  EXPECT_EQ(RunCivic311({"config", "export", "--db", db}).out, doc);

  city.Start();
  HttpClient c = city.Client();
  const std::string es = c.Get("/?lang=es").body;
  EXPECT_NE(es.find(">Sitio web de la ciudad</a>"), std::string::npos);
  EXPECT_NE(es.find(">Open311 API</a>"), std::string::npos) << "no Spanish label: the default";
  EXPECT_EQ(es.find(">City website</a>"), std::string::npos);
  const std::string en = c.Get("/?lang=en").body;
  EXPECT_NE(en.find(">City website</a>"), std::string::npos);
  EXPECT_NE(en.find(">Open311 API</a>"), std::string::npos);
  // Error pages have the same footer.
  EXPECT_NE(c.Get("/nothing?lang=es").body.find(">Sitio web de la ciudad</a>"), std::string::npos);
}

}  // namespace
}  // namespace civic311::it
