// The view pieces of the /report steps (report_handlers.cpp renders them): the progress list,
// a service's questions as form controls, the "is this it?" duplicates, the review summary and
// the no-JavaScript address choices. Each builds template data only; escaping is the
// template engine's.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/web/portal/handlers.hpp"
#include "adapters/web/portal/page.hpp"
#include "adapters/web/portal/report_draft.hpp"
#include "app/geocoder.hpp"

namespace civic311::portal {

inline bool Before(Step a, Step b) { return static_cast<int>(a) < static_cast<int>(b); }

// The steps with their names, the current one and the ones done.
boost::json::array Progress(const D& d, std::string_view lang, Step current);
// The service's Open311 attributes as controls, with the draft's answers and `errors` by field.
boost::json::array AttributeViews(const Service& s, const Draft& draft,
                                  const std::map<std::string, std::string>& errors);
// Open requests of the draft's service near its point, filed in the last 60 days ("is this it?").
boost::json::array Duplicates(const D& d, const Visit& v, const Draft& draft);
// The review step's rows, each with a link back to its step.
boost::json::array Summary(const D& d, std::string_view lang, const Service* s, const Draft& draft);
// The gazetteer's matches as buttons of the no-JavaScript address search ("lat|lon|label").
boost::json::array PlacesView(const std::vector<Place>& places);

}  // namespace civic311::portal
