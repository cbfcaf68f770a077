#include "adapters/media/media_routes.hpp"

#include "base/log.hpp"

namespace civic311 {
namespace {

http::Response Plain(int status, std::string text) {
  http::Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(text);
  r.SetHeader("X-Content-Type-Options", "nosniff");
  return r;
}

http::Response GetMedia(MediaService& media, const http::Request& req) {
  const std::string& name = req.path_params.at(0);
  auto file = media.OpenPublic(name);
  if (!file.ok()) {
    Log(LogLevel::kError, "media read failed",
        {{"request_id", req.request_id}, {"detail", file.error().detail}});
    return Plain(503, "the file cannot be read now\n");
  }
  if (!file->has_value()) return Plain(404, "no such file\n");
  http::Response r;
  r.content_type = (*file)->mime;
  r.body = std::move((*file)->content);
  r.SetHeader("X-Content-Type-Options", "nosniff");
  r.SetHeader("Cache-Control", "public, max-age=31536000, immutable");
  r.SetHeader("Content-Security-Policy", "default-src 'none'; sandbox");
  r.SetHeader("Cross-Origin-Resource-Policy", "same-site");
  return r;
}

}  // namespace

void AddMediaRoutes(http::Router& router, MediaService& media) {
  router.Add(http::Method::kGet, "/media/{name}",
             [&media](const http::Request& req) { return GetMedia(media, req); });
}

}  // namespace civic311
