// The steps every front door that files a request from a form shares — the portal's /report
// and the staff call-centre desk (adapters/web/staff/call_desk.cpp): photos accepted from the
// form, a place chosen from the no-JavaScript address search, a typed address placed by the
// gazetteer, the stored photos gathered for SubmitRequest, and the words of a field error.
// Nothing here submits: each door calls its one use case with what these prepared.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "adapters/web/portal/handlers.hpp"
#include "adapters/web/portal/report_draft.hpp"
#include "app/media_ports.hpp"

namespace civic311::portal {

// "https://city.example": the configured base URL, else the scheme and Host of the request
// (only a plausible host name; otherwise "" and links stay relative).
std::string PublicBase(const City& city, const http::Request& req);

// Stores the form's "media" files (MediaService::Accept) and adds their names to draft.photos;
// a photo that knows where it was taken places the pin unless one is set. A refused file adds
// a "media" error and is skipped.
void AcceptUploads(const D& d, const http::Request& req, Draft& draft,
                   std::vector<FieldError>& errors);

// "lat|lon|label" from the no-JavaScript address search's buttons (PlacesView).
void ApplyPlace(std::string_view place, Draft& draft);

// The submission the draft describes, ready for SubmitRequest: an address typed without the
// map is placed when the gazetteer knows it well (the map, duplicates and routing by area then
// work for it too); the draft's stored photos are returned for linking in the request's own
// transaction, and media_url (Open311) is the first one's public URL. Errors: the media store's.
Result<std::vector<MediaItem>> PrepareSubmission(const D& d, const http::Request& req, Draft& draft,
                                                 SubmissionInput* in);

// The resident-facing words for a validation message: "required…" becomes the catalog's
// "This is required"; the rest (formats, limits) are shown as the validator wrote them.
std::string FieldWords(const D& d, std::string_view lang, const FieldError& f);

}  // namespace civic311::portal
