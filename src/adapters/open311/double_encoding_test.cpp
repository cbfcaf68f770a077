// FixMyStreet's double-encoded UTF-8: the exact bytes of its recorded requests
// (/work/shared/data/open311-fixtures/fixmystreet-client/requests.tsv, lines 32–34), and text
// that looks similar and must stay as it is.
#include "adapters/open311/double_encoding.hpp"

#include <gtest/gtest.h>

namespace civic311::open311 {
namespace {

// "Straße — ünïcödé ✓" in UTF-8, and as FixMyStreet sends it when the report has attributes
// (description=Stra%C3%83%C2%9Fe+%C3%A2%C2%80%C2%94+%C3%83%C2%BCn…%C3%A2%C2%9C%C2%93).
const std::string kText =
    "Stra\xC3\x9F"
    "e \xE2\x80\x94 \xC3\xBCn\xC3\xAF"
    "c\xC3\xB6"
    "d\xC3\xA9 \xE2\x9C\x93";
const std::string kTextTwice =
    "Stra\xC3\x83\xC2\x9F"
    "e \xC3\xA2\xC2\x80\xC2\x94 \xC3\x83\xC2\xBCn\xC3\x83\xC2\xAF"
    "c\xC3\x83\xC2\xB6"
    "d\xC3\x83\xC2\xA9 \xC3\xA2\xC2\x9C\xC2\x93";
const std::string kZoe = "Zo\xC3\xAB";                 // Zoë
const std::string kZoeTwice = "Zo\xC3\x83\xC2\xAB";    // first_name=Zo%C3%83%C2%AB
const std::string kUnal = "\xC3\x9Cnal";               // Ünal
const std::string kUnalTwice = "\xC3\x83\xC2\x9Cnal";  // last_name=%C3%83%C2%9Cnal

// Line 33: "UTF-8 attributes, codes as parsed (utf8-flagged)".
Params FixMyStreetForm() {
  return {{"service_code", "POTHOLE"},
          {"attribute[WIDTH_IN]", ""},
          {"last_name", kUnalTwice},
          {"api_key", "KEY"},
          {"email", "zoe@example.org"},
          {"attribute[LOCATION]", "STREET"},
          {"attribute[HAZARD]", ""},
          {"first_name", kZoeTwice},
          {"long", "-71.0589"},
          {"description",
           "UTF-8 attributes\r\n\r\n" + kTextTwice + "\r\n\r\nhttps://fms.example.org/r\r\n"},
          {"lat", "42.3601"}};
}

TEST(DoubleEncoding, Latin1BytesUndoesOneLevel) {
  EXPECT_EQ(Latin1Bytes(kTextTwice), kText);
  EXPECT_EQ(Latin1Bytes(kZoeTwice), kZoe);
  EXPECT_EQ(Latin1Bytes("plain ascii"), "plain ascii");
  EXPECT_FALSE(Latin1Bytes(kZoe));            // ë is byte EB alone: not UTF-8
  EXPECT_FALSE(Latin1Bytes("\xE2\x82\xAC"));  // € is above U+00FF
  EXPECT_FALSE(Latin1Bytes("\xC2\x85"));      // NEL alone: byte 85, not UTF-8
  EXPECT_FALSE(Latin1Bytes("\xC3"));          // malformed input
}

TEST(DoubleEncoding, C1ControlsAreTheGiveAway) {
  EXPECT_TRUE(HasC1Control(kTextTwice));
  EXPECT_TRUE(HasC1Control(kUnalTwice));
  EXPECT_FALSE(HasC1Control(kZoeTwice));  // Ã« has no C1 character
  EXPECT_FALSE(HasC1Control(kText));
  EXPECT_FALSE(HasC1Control("\xC2\xA0\xC2\xBF"));  // NBSP, ¿: C2 A0–BF are not C1
}

TEST(DoubleEncoding, RepairsEveryFieldOfTheFixMyStreetSubmission) {
  Params form = FixMyStreetForm();
  Params query;
  ASSERT_TRUE(RepairDoubleEncoded({&query, &form}));
  auto get = [&form](std::string_view name) {
    for (const auto& [k, v] : form)
      if (k == name) return v;
    return std::string("<absent>");
  };
  EXPECT_EQ(get("last_name"), kUnal);
  EXPECT_EQ(get("first_name"), kZoe);  // no C1 of its own: repaired with the submission
  EXPECT_EQ(get("description"),
            "UTF-8 attributes\r\n\r\n" + kText + "\r\n\r\nhttps://fms.example.org/r\r\n");
  EXPECT_EQ(get("attribute[LOCATION]"), "STREET");
  EXPECT_EQ(get("api_key"), "KEY");
  EXPECT_EQ(form.size(), FixMyStreetForm().size());
}

TEST(DoubleEncoding, CorrectUtf8IsLeftAlone) {
  // Line 32: the same text sent once-encoded (no attributes).
  Params form = {{"first_name", kZoe}, {"last_name", kUnal}, {"description", kText}};
  const Params before = form;
  EXPECT_FALSE(RepairDoubleEncoded({&form}));
  EXPECT_EQ(form, before);
}

TEST(DoubleEncoding, LatinLookingTextWithoutC1IsLeftAlone) {
  // Real text that happens to re-encode to UTF-8 ("Ã©" is C3 A9 = "é"), and ordinary accents.
  Params form = {{"description", "Caf\xC3\x83\xC2\xA9 sign says \xC3\x83\xC2\xA9t\xC3\x83\xC2\xA9"},
                 {"first_name", kZoeTwice},
                 {"last_name", "\xC3\x85ngstr\xC3\xB6m"}};
  const Params before = form;
  EXPECT_FALSE(RepairDoubleEncoded({&form}));
  EXPECT_EQ(form, before);
}

TEST(DoubleEncoding, NothingChangesUnlessEveryFieldDecodes) {
  // A C1 character, but another field is ordinary UTF-8 ("Zoë"): not the signature.
  Params form = {{"description", kTextTwice}, {"first_name", kZoe}};
  const Params before = form;
  EXPECT_FALSE(RepairDoubleEncoded({&form}));
  EXPECT_EQ(form, before);
  // A lone C1 control (NEL) is not double encoding: validation refuses it as before.
  Params nel = {{"description", "line\xC2\x85next"}};
  EXPECT_FALSE(RepairDoubleEncoded({&nel}));
  // The query string counts as part of the submission.
  Params query = {{"api_key", "caf\xC3\xA9"}};
  Params body = FixMyStreetForm();
  EXPECT_FALSE(RepairDoubleEncoded({&query, &body}));
  EXPECT_EQ(body, FixMyStreetForm());
}

TEST(DoubleEncoding, RequestCopiedOnlyWhenRepaired) {
  http::Request req;
  req.form = {{"first_name", kZoe}};
  http::Request scratch;
  EXPECT_EQ(&WithoutDoubleEncoding(req, &scratch), &req);
  req.form = FixMyStreetForm();
  req.body = "kept";
  const http::Request& repaired = WithoutDoubleEncoding(req, &scratch);
  EXPECT_EQ(&repaired, &scratch);
  EXPECT_EQ(repaired.Param("first_name"), kZoe);
  EXPECT_EQ(repaired.body, "kept");
  EXPECT_EQ(req.Param("first_name"), kZoeTwice);  // the original is not touched
}

}  // namespace
}  // namespace civic311::open311
