#include "adapters/assets/assets.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "adapters/assets/message_catalog.hpp"
#include "adapters/assets/template_engine.hpp"

namespace civic311::assets {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("c311_assets_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  void Write(const std::string& rel, const std::string& text) const {
    fs::create_directories((path_ / rel).parent_path());
    std::ofstream(path_ / rel, std::ios::binary) << text;
  }
  const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

TEST(Assets, EmbedsWebFilesAndVendoredLeaflet) {
  Assets assets;
  auto en = assets.Find("i18n/en.json");
  ASSERT_TRUE(en.has_value());
  EXPECT_NE(en->bytes.find("lang_name"), std::string_view::npos);
  EXPECT_EQ(en->content_type, "application/json; charset=utf-8");
  auto leaflet = assets.Find("static/vendor/leaflet/leaflet.js");
  ASSERT_TRUE(leaflet.has_value());
  EXPECT_GT(leaflet->bytes.size(), 100000u);
  EXPECT_EQ(leaflet->etag.size(), 18u);
  EXPECT_FALSE(assets.Find("static/nope.css").has_value());
}

TEST(Assets, RefusesNamesThatCouldLeaveTheDirectory) {
  TempDir dir;
  dir.Write("static/a.css", "x");
  Assets assets(dir.path() / "static");
  for (const char* bad : {"../static/a.css", "/etc/passwd", "a//b", "a/./b", "a\\b", ""}) {
    EXPECT_FALSE(IsSafeAssetName(bad)) << bad;
    EXPECT_FALSE(assets.Find(bad).has_value()) << bad;
  }
  EXPECT_TRUE(IsSafeAssetName("static/vendor/leaflet/leaflet.js"));
}

TEST(Assets, OverrideDirectoryShadowsEmbeddedFiles) {
  TempDir dir;
  dir.Write("i18n/en.json", R"({"lang_name":"Local English"})");
  dir.Write("static/extra.css", "body{}");
  Assets assets(dir.path());
  EXPECT_NE(assets.Find("i18n/en.json")->bytes.find("Local English"), std::string_view::npos);
  EXPECT_EQ(assets.Find("static/extra.css")->bytes, "body{}");
  auto listed = assets.List("static/");
  EXPECT_NE(std::find(listed.begin(), listed.end(), "static/extra.css"), listed.end());
  EXPECT_NE(std::find(listed.begin(), listed.end(), "static/vendor/leaflet/leaflet.js"),
            listed.end());
}

TEST(TemplateEngine, HtmlTemplatesEscapeEveryValueUnlessTripleStashed) {
  TempDir dir;
  dir.Write("templates/t/page.html.mustache", "<p>{{name}}</p><div>{{{safe}}}</div>");
  Assets assets(dir.path());
  TemplateEngine engine(assets);
  boost::json::value view = {{"name", "<script>alert('x')</script>&\""}, {"safe", "<b>ok</b>"}};
  auto out = engine.Render("t/page.html.mustache", view);
  ASSERT_TRUE(out.ok()) << out.error().detail;
  EXPECT_EQ(*out,
            "<p>&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;&amp;&quot;</p>"
            "<div><b>ok</b></div>");
}

TEST(TemplateEngine, TextTemplatesAreNotEscaped) {
  TempDir dir;
  dir.Write("templates/sms/x.en.txt.mustache", "Hi {{name}} & {{n}}");
  Assets assets(dir.path());
  TemplateEngine engine(assets);
  auto out =
      engine.Render("sms/x.en.txt.mustache", boost::json::value{{"name", "<Zoë>"}, {"n", 3}});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "Hi <Zoë> & 3");
}

TEST(TemplateEngine, PartialsListsAndSections) {
  TempDir dir;
  dir.Write("templates/p/_item.html.mustache", "<li>{{label}}</li>");
  dir.Write("templates/p/list.html.mustache",
            "{{#items}}{{> p/_item}}{{/items}}{{^items}}none{{/items}}{{#flag}}!{{/flag}}");
  Assets assets(dir.path());
  TemplateEngine engine(assets);
  boost::json::value view = {{"items", boost::json::array{{{"label", "a<"}}, {{"label", "b"}}}},
                             {"flag", true}};
  auto out = engine.Render("p/list.html.mustache", view);
  ASSERT_TRUE(out.ok()) << out.error().detail;
  EXPECT_EQ(*out, "<li>a&lt;</li><li>b</li>!");
  auto none = engine.Render("p/list.html.mustache", boost::json::value{{"flag", nullptr}});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, "none");
}

// A count of 0 prints "0" and is a false section, as in mustache.js (numbers otherwise reach
// kainjow as text, where any text is true); other numbers print and are true, in HTML and text.
TEST(TemplateEngine, ZeroPrintsButIsAFalseSection) {
  TempDir dir;
  dir.Write("templates/p/n.html.mustache",
            "[{{n}}]{{#n}} late: {{n}}{{/n}}{{#items}}<{{.}}>{{/items}}");
  dir.Write("templates/p/n.txt.mustache", "[{{n}}]{{#n}} late: {{n}}{{/n}}");
  Assets assets(dir.path());
  TemplateEngine engine(assets);
  auto render = [&](const char* name, boost::json::value view) {
    auto out = engine.Render(name, view);
    EXPECT_TRUE(out.ok()) << out.error().detail;
    return out.ok() ? *out : std::string();
  };
  EXPECT_EQ(render("p/n.html.mustache", {{"n", 0}, {"items", boost::json::array{0, 2}}}),
            "[0]<0><2>");
  EXPECT_EQ(render("p/n.html.mustache", {{"n", 3}}), "[3] late: 3");
  EXPECT_EQ(render("p/n.html.mustache", {{"n", std::uint64_t{0}}}), "[0]");
  EXPECT_EQ(render("p/n.txt.mustache", {{"n", 0}}), "[0]");
  EXPECT_EQ(render("p/n.txt.mustache", {{"n", -2}}), "[-2] late: -2");
}

// Words prepared once and shared by renders (the notification worker's words, "t"): read by
// name, in sections and inside partials and list items, escaped like any value; a name that
// only starts with the shared name ("tx") is the view's.
TEST(TemplateEngine, ASharedValueIsReadLikeAViewKeyWithoutBeingCopiedIntoIt) {
  TempDir dir;
  dir.Write("templates/p/_f.html.mustache", "<i>{{t.stop}}</i>");
  dir.Write("templates/p/s.html.mustache",
            "{{t.hello}} {{tx}}{{#items}} [{{t.item}} {{n}}]{{/items}}{{#t.flag}} on{{/t.flag}}"
            "{{^t.missing}} -{{/t.missing}} {{> p/_f}}");
  Assets assets(dir.path());
  TemplateEngine engine(assets);
  auto words = TemplateEngine::Prepare(
      boost::json::value{{"hello", "Hi & bye"}, {"item", "No."}, {"flag", true}, {"stop", "Stop"}});
  boost::json::value view = {{"tx", "own"},
                             {"items", boost::json::array{{{"n", "1"}}, {{"n", "2"}}}}};
  auto out = engine.Render("p/s.html.mustache", view, "t", *words);
  ASSERT_TRUE(out.ok()) << out.error().detail;
  EXPECT_EQ(*out, "Hi &amp; bye own [No. 1] [No. 2] on - <i>Stop</i>");
  // Without the shared value, "t" is simply absent.
  auto plain = engine.Render("p/s.html.mustache", view);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, " own [ 1] [ 2] - <i></i>");
}

TEST(TemplateEngine, AnEmptyStringIsFalseAndPrintsNothing) {
  TempDir dir;
  dir.Write("templates/p/e.html.mustache", "[{{#x}}has {{x}}{{/x}}{{^x}}none{{/x}}|{{x}}]");
  Assets assets(dir.path());
  TemplateEngine engine(assets);
  auto empty = engine.Render("p/e.html.mustache", boost::json::value{{"x", ""}});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "[none|]");
  auto full = engine.Render("p/e.html.mustache", boost::json::value{{"x", "a"}});
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(*full, "[has a|a]");
}

TEST(TemplateEngine, BrokenOrMissingTemplatesAreErrorsNotEmptyPages) {
  TempDir dir;
  dir.Write("templates/b/broken.html.mustache", "{{#open}} never closed");
  dir.Write("templates/b/partial.html.mustache", "x{{> b/nope}}y");
  Assets assets(dir.path());
  TemplateEngine engine(assets);
  auto missing = engine.Render("b/none.html.mustache", boost::json::object{});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  auto broken = engine.Render("b/broken.html.mustache", boost::json::object{});
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, ErrorCode::kInternal);
  EXPECT_NE(broken.error().detail.find("b/broken.html.mustache"), std::string::npos);
  auto partial = engine.Render("b/partial.html.mustache", boost::json::object{});
  ASSERT_FALSE(partial.ok());
  EXPECT_NE(partial.error().detail.find("b/nope"), std::string::npos);
}

TEST(MessageCatalog, FallsBackToEnglishThenToTheKey) {
  TempDir dir;
  dir.Write("i18n/en.json", R"({"hello":"Hello {name}","only_en":"English only"})");
  dir.Write("i18n/es.json", R"({"hello":"Hola {name}"})");
  Assets assets(dir.path());
  auto catalog = MessageCatalog::Load(assets);
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  EXPECT_EQ(catalog->Format("es", "hello", {{"name", "Zoë"}}), "Hola Zoë");
  EXPECT_EQ(catalog->Get("es", "only_en"), "English only");
  EXPECT_EQ(catalog->Get("fr", "hello"), "Hello {name}");
  EXPECT_EQ(catalog->Get("es", "no_such_key"), "no_such_key");
  EXPECT_EQ(catalog->languages().front(), "en");
  EXPECT_TRUE(catalog->All("es").contains("only_en"));
}

// One way to write a distance on every page and in every message (the alert menu said "1 km",
// its list "1000 m", and the alert confirmation e-mail "1000 m").
TEST(MessageCatalog, DistancesInMetresUnderAKilometreThenKilometresInEachLanguage) {
  const Assets files;
  auto catalog = MessageCatalog::Load(files);
  ASSERT_TRUE(catalog.ok());
  const MessageCatalog& c = *catalog;
  EXPECT_EQ(c.Distance("en", 0), "0 m");
  EXPECT_EQ(c.Distance("en", 37.4), "37 m");
  EXPECT_EQ(c.Distance("en", 250), "250 m");
  EXPECT_EQ(c.Distance("en", 999.4), "999 m");
  EXPECT_EQ(c.Distance("en", 999.6), "1 km");  // never "1000 m"
  EXPECT_EQ(c.Distance("en", 1000), "1 km");
  EXPECT_EQ(c.Distance("en", 1500), "1.5 km");
  EXPECT_EQ(c.Distance("en", 2000), "2 km");
  EXPECT_EQ(c.Distance("en", 12345), "12.3 km");
  EXPECT_EQ(c.Distance("en", -5), "0 m");
  EXPECT_EQ(c.Distance("en", std::nan("")), "0 m");
  EXPECT_EQ(c.Distance("es", 250), "250 m");
  EXPECT_EQ(c.Distance("es", 1000), "1 km");
  EXPECT_EQ(c.Distance("es", 1500), "1,5 km");
}

TEST(MessageCatalog, RefusesAFileThatIsNotFlatStrings) {
  TempDir dir;
  dir.Write("i18n/en.json", R"({"a":"b"})");
  dir.Write("i18n/es.json", R"({"a":{"nested":1}})");
  Assets assets(dir.path());
  auto catalog = MessageCatalog::Load(assets);
  ASSERT_FALSE(catalog.ok());
  EXPECT_NE(catalog.error().message.find("i18n/es.json"), std::string::npos);
}

TEST(MessageCatalog, NegotiatesAcceptLanguage) {
  Assets assets;  // the embedded catalogs: en, es
  auto catalog = MessageCatalog::Load(assets);
  ASSERT_TRUE(catalog.ok());
  EXPECT_EQ(catalog->Negotiate("es-MX,es;q=0.9,en;q=0.8"), "es");
  EXPECT_EQ(catalog->Negotiate("fr-CA, en;q=0.5"), "en");
  EXPECT_EQ(catalog->Negotiate("en;q=0.4, es;q=0.6"), "es");
  EXPECT_EQ(catalog->Negotiate("es;q=0"), "en");
  EXPECT_EQ(catalog->Negotiate(""), "en");
  EXPECT_EQ(catalog->Negotiate("*"), "en");
}

}  // namespace
TEST(MessageCatalog, MergesPartFilesPerLanguageAndRefusesAKeyDefinedTwice) {
  TempDir dir;
  dir.Write("i18n/en.json", R"({"a":"A"})");
  dir.Write("i18n/en/alerts.json", R"({"b":"B"})");
  dir.Write("i18n/es/alerts.json", R"({"b":"Be"})");
  Assets assets(dir.path());
  auto catalog = MessageCatalog::Load(assets);
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  EXPECT_EQ(catalog->Get("en", "b"), "B");
  EXPECT_EQ(catalog->Get("es", "b"), "Be");
  EXPECT_EQ(catalog->Get("es", "a"), "A");
  EXPECT_TRUE(catalog->Has("es"));

  dir.Write("i18n/en/more.json", R"({"a":"again"})");
  auto twice = MessageCatalog::Load(Assets(dir.path()));
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().message.find("already defined"), std::string::npos);
}

}  // namespace civic311::assets
