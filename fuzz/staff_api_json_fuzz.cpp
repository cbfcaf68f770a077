// Fuzz target for the staff API's JSON bodies (src/adapters/staff_api/json_io): the bytes are a
// request body, read by every body reader the handlers use — sign-in credentials, actions on a
// request, work orders (POST, PUT/PATCH) — after the same ParseBody. Besides "no crash, no UB",
// it checks their contracts: what a reader accepts renders back to JSON that parses again (a
// non-finite number once made a request's detail invalid JSON for everyone), a note whose
// "internal" flag is not exactly false is never public, and media URLs that pass are http(s).
//
//   with clang: cmake -S . -B build/fuzz -DCMAKE_CXX_COMPILER=clang++ -DCIVIC311_FUZZ=ON
//               cmake --build build/fuzz --target staff_api_json_fuzz
//               build/fuzz/fuzz/staff_api_json_fuzz fuzz/staff_api_json_corpus
//   with g++:   the same target runs under fuzz/standalone_main.cpp (ctest -R fuzz_)
#include <boost/json.hpp>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "adapters/staff_api/json_io.hpp"

namespace {

namespace json = boost::json;
using namespace civic311;

void Check(bool ok) {
  if (!ok) std::abort();
}

void CheckRoundTrip(const json::value& v) {
  const std::string text = json::serialize(v);
  boost::system::error_code ec;
  (void)json::parse(text, ec);
  Check(!ec);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  http::Request req;
  req.method = http::Method::kPost;
  req.content_type = "application/json";
  req.body.assign(reinterpret_cast<const char*>(data), size);
  req.client_ip = "127.0.0.1";

  (void)staff_api::CredentialsFrom(req);
  auto body = staff_api::ParseBody(req);
  if (!body.ok()) return 0;

  if (auto action = staff_api::ActionFromJson(*body); action.ok()) {
    auto internal = body->find("internal");
    const bool explicitly_public =
        internal != body->end() && internal->value().is_bool() && !internal->value().as_bool();
    if (action->action == Action::kNote) Check(explicitly_public);
    // The one media URL check lets through http(s) URLs only.
    if (!action->media_url.empty() && ValidateMediaUrl(action->media_url).ok()) {
      std::string scheme = action->media_url.substr(0, 8);
      for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      Check(scheme.starts_with("http://") || scheme.starts_with("https://"));
    }
  }
  if (auto patch = staff_api::WorkOrderPatchFromJson(*body); patch.ok()) {
    WorkOrder w;
    patch->ApplyTo(w);
    CheckRoundTrip(staff_api::WorkOrderJson(w));
  }
  if (auto w = staff_api::WorkOrderFromJson(*body); w.ok()) {
    (void)CheckWorkOrderFields(*w);
    CheckRoundTrip(staff_api::WorkOrderJson(*w));
  }
  return 0;
}
