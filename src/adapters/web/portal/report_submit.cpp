// The shared steps of filing a request from a form (report_submit.hpp).
#include "adapters/web/portal/report_submit.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "app/geocoder.hpp"
#include "app/media_service.hpp"

namespace civic311::portal {

std::string PublicBase(const City& city, const http::Request& req) {
  std::string_view base = city.base_url;
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  if (!base.empty()) return std::string(base);
  const std::string_view host = req.Header("host");
  const bool plausible =
      !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' ||
               c == ':' || c == '[' || c == ']';
      });
  if (!plausible) return "";
  return std::string(req.secure ? "https://" : "http://") + std::string(host);
}

void AcceptUploads(const D& d, const http::Request& req, Draft& draft,
                   std::vector<FieldError>& errors) {
  if (d.media == nullptr) return;
  for (const http::UploadedFile* f : req.Files("media")) {
    if (f->size == 0) continue;
    auto accepted = d.media->Accept(req.FileData(*f));
    if (!accepted.ok()) {
      errors.push_back({"media", accepted.error().message});
      continue;
    }
    const std::string name = accepted->item.FileName();
    if (std::find(draft.photos.begin(), draft.photos.end(), name) == draft.photos.end()) {
      draft.photos.push_back(name);
    }
    // A photo that knows where it was taken places the pin, unless the resident already did.
    if (accepted->location && draft.lat.empty()) {
      draft.lat = std::to_string(accepted->location->lat);
      draft.lon = std::to_string(accepted->location->lon);
    }
  }
}

void ApplyPlace(std::string_view place, Draft& draft) {
  const auto a = place.find('|');
  if (a == std::string_view::npos) return;
  const auto b = place.find('|', a + 1);
  if (b == std::string_view::npos) return;
  draft.lat = std::string(place.substr(0, a));
  draft.lon = std::string(place.substr(a + 1, b - a - 1));
  draft.address = std::string(place.substr(b + 1));
}

Result<std::vector<MediaItem>> PrepareSubmission(const D& d, const http::Request& req, Draft& draft,
                                                 SubmissionInput* in) {
  if (draft.lat.empty() && !draft.address.empty() && d.geocoder != nullptr) {
    if (auto place = ConfidentPlace(*d.geocoder, draft.address)) {
      char ll[32];
      std::snprintf(ll, sizeof ll, "%.6f", place->lat);
      draft.lat = ll;
      std::snprintf(ll, sizeof ll, "%.6f", place->lon);
      draft.lon = ll;
    }
  }
  *in = draft.ToSubmission();
  std::vector<MediaItem> media;
  if (d.media != nullptr) {
    for (const std::string& p : draft.photos) {
      auto item = d.media->Stored(p);
      if (!item.ok()) return std::move(item).error();
      if (item->has_value()) media.push_back(std::move(**item));
    }
    if (const std::string base = PublicBase(*d.city, req); !media.empty() && !base.empty()) {
      in->media_url = base + media.front().Path();
    }
  }
  return media;
}

std::string FieldWords(const D& d, std::string_view lang, const FieldError& f) {
  if (f.message.starts_with("required")) return std::string(d.messages->Get(lang, "err_required"));
  return f.message;
}

}  // namespace civic311::portal
