#include "http/multipart.hpp"

#include <gtest/gtest.h>

namespace civic311::http {
namespace {

TEST(MediaType, TypeAndParameters) {
  MediaType mt = ParseMediaType(R"(Multipart/Form-Data ; Boundary="a \"b\"; c" ; charset=UTF-8)");
  EXPECT_EQ(mt.type, "multipart/form-data");
  Params want = {{"boundary", R"(a "b"; c)"}, {"charset", "UTF-8"}};
  EXPECT_EQ(mt.params, want);
}

TEST(MediaType, LenientWithJunk) {
  EXPECT_EQ(ParseMediaType("").type, "");
  MediaType mt = ParseMediaType("text/plain;;novalue; =x; a=\"unterminated");
  EXPECT_EQ(mt.type, "text/plain");
  Params want = {{"a", "unterminated"}};
  EXPECT_EQ(mt.params, want);
}

std::string Body(std::string_view boundary) {
  std::string b = "preamble to ignore\r\n";
  b += "--" + std::string(boundary) + "\r\n";
  b += "Content-Disposition: form-data; name=\"description\"\r\n\r\n";
  b += "Pothole on Main St.\r\nIt is deep.\r\n";
  b += "--" + std::string(boundary) + "  \r\n";  // transport padding
  b += "content-disposition: form-data; name=\"media\"; filename=\"p.jpg\"\r\n";
  b += "Content-Type: image/jpeg\r\n\r\n";
  b += std::string("\xFF\xD8\x00binary", 9) + "\r\n";
  b += "--" + std::string(boundary) + "\r\n";
  b += "Content-Disposition: form-data; name=\"attribute[X][]\"\r\n";
  b += "Content-Type: text/plain; charset=utf-8\r\n\r\n";
  b += "caf\xC3\xA9\r\n";
  b += "--" + std::string(boundary) + "\r\n";
  b += "Content-Disposition: form-data; name=\"empty\"\r\n\r\n";
  b += "\r\n";
  b += "--" + std::string(boundary) + "--\r\nepilogue";
  return b;
}

TEST(Multipart, TextFieldsInOrderFilesSkipped) {
  Params fields;
  ASSERT_TRUE(ParseMultipartFormData(Body("XyZ123'()+_,-./:=?"), "XyZ123'()+_,-./:=?", &fields));
  Params want = {{"description", "Pothole on Main St.\r\nIt is deep."},
                 {"attribute[X][]", "caf\xC3\xA9"},
                 {"empty", ""}};
  EXPECT_EQ(fields, want);
}

TEST(Multipart, FilePartsPointIntoTheBody) {
  Params fields;
  std::vector<UploadedFile> files;
  const std::string body = Body("b");
  ASSERT_TRUE(ParseMultipartFormData(body, "b", &fields, &files));
  EXPECT_EQ(fields.size(), 3u);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].name, "media");
  EXPECT_EQ(files[0].filename, "p.jpg");
  EXPECT_EQ(files[0].content_type, "image/jpeg");
  EXPECT_EQ(body.substr(files[0].offset, files[0].size), std::string("\xFF\xD8\x00binary", 9));
}

TEST(Multipart, EmptyMultipart) {
  Params fields;
  EXPECT_TRUE(ParseMultipartFormData("--b--\r\n", "b", &fields));
  EXPECT_TRUE(fields.empty());
}

TEST(Multipart, RejectsMalformed) {
  Params f;
  EXPECT_FALSE(ParseMultipartFormData(Body("b"), "", &f));
  EXPECT_FALSE(ParseMultipartFormData(Body("b"), std::string(71, 'b'), &f));
  EXPECT_FALSE(ParseMultipartFormData(Body("b"), "b\x01", &f));
  EXPECT_FALSE(ParseMultipartFormData("", "b", &f));
  EXPECT_FALSE(ParseMultipartFormData("no delimiter at all", "b", &f));
  EXPECT_FALSE(ParseMultipartFormData("--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx", "b",
                                      &f));  // no closing boundary
  EXPECT_FALSE(ParseMultipartFormData("--b\r\nContent-Disposition: form-data; name=a", "b", &f));
  EXPECT_FALSE(ParseMultipartFormData("--bX\r\n\r\n\r\n--b--", "b", &f));
  EXPECT_FALSE(ParseMultipartFormData("--b\r\nX: y\r\n\r\nv\r\n--b--", "b", &f));  // no disposition
  EXPECT_FALSE(ParseMultipartFormData(
      "--b\r\nContent-Disposition: attachment; name=a\r\n\r\nv\r\n--b--", "b", &f));
  EXPECT_FALSE(ParseMultipartFormData("--b\r\nContent-Disposition: form-data\r\n\r\nv\r\n--b--",
                                      "b", &f));  // no name
}

TEST(Multipart, RejectsNonUtf8Fields) {
  Params f;
  auto s = ParseMultipartFormData(
      "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n\xFF\r\n--b--", "b", &f);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, "parameters must be UTF-8");
}

}  // namespace
}  // namespace civic311::http
