// The request desk's photos (docs/console.md): every photo and video of the request, hidden ones
// included, for staff who may see the request's internal side; hide / show one
// (POST /staff/requests/{id}/photos). A hidden file is no longer served at /media/ (MediaIndex:
// "attached somewhere and not hidden there") and leaves the public pages; it is never deleted.
// Who may: those who may post public notes on the request (it is moderation of what the public
// sees). Each change is an audit entry ("media_hidden" / "media_shown", the file's hash).
#include "adapters/web/staff/console_page.hpp"
#include "adapters/web/staff/handlers.hpp"
#include "app/media_service.hpp"
#include "domain/policy.hpp"

namespace civic311::console {
namespace json = boost::json;

void AddDeskPhotos(const D& d, const RequestDetail& detail, json::object* view) {
  if (d.web->media == nullptr || !detail.internal_visible) return;
  auto items = d.web->media->ForRequest(detail.request.id, /*include_hidden=*/true);
  if (!items.ok()) return;  // the page still works; the photos are simply not listed
  json::array photos;
  for (const MediaItem& m : *items) {
    photos.push_back(json::object{{"sha", m.sha256},
                                  {"url", m.hidden ? std::string() : "/media/" + m.FileName()},
                                  {"video", m.kind == MediaKind::kVideo},
                                  {"hidden", m.hidden},
                                  {"n", m.position + 1}});
  }
  (*view)["has_photos"] = !photos.empty();
  (*view)["photos"] = std::move(photos);
}

http::Response PostPhotoVisibility(const D& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  const PortalDeps& w = *d.web;
  auto id = portal::ParseId(req.path_params.at(0));
  if (!id || w.media == nullptr) return portal::ErrorPage(w, req, 404, "");
  const std::string sha(req.Param("sha"));
  const bool valid_sha =
      sha.size() == 64 && sha.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (!valid_sha)
    return portal::ErrorPage(w, req, 400, w.messages->Get(s->visit.lang, "c2_bad_photo"));
  auto r = w.workflow->Get(s->actor, *id);
  if (!r.ok()) return portal::ErrorPage(w, req, r.error());
  const Target target{r->department_code, std::nullopt, r->internal};
  if (!Authorize(s->actor, Operation::kAddPublicNote, target)) {
    return portal::ErrorPage(w, req, 403, w.messages->Get(s->visit.lang, "c2_photo_not_allowed"));
  }
  const bool hide = req.Param("hide") == "1";
  if (Status st = w.media->SetHidden(*id, sha, hide); !st.ok())
    return portal::ErrorPage(w, req, st.error());
  if (d.audit != nullptr) {
    AuditEntry e;
    e.at = std::chrono::time_point_cast<Timestamp::duration>(std::chrono::system_clock::now());
    e.actor_user_id = s->actor.user_id;
    e.action = hide ? "media_hidden" : "media_shown";
    e.department_code = r->department_code;
    e.request_id = *id;
    e.detail = json::serialize(json::object{{"sha256", sha}});
    if (Status st = d.audit->AppendAudit(e); !st.ok()) return portal::ErrorPage(w, req, st.error());
  }
  return portal::Redirect("/staff/requests/" + std::to_string(*id) + "?done=1");
}

}  // namespace civic311::console
