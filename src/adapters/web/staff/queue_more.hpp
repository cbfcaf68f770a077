// Internal to the console: the queue's further filters (area, channel, date range), its sortable
// columns and its map view — kept apart from queue_handlers.cpp, which reads the core filters.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "adapters/web/staff/console_page.hpp"
#include "app/workflow_service.hpp"

namespace civic311::console {

// The query string of the current filters with one parameter replaced (or removed when
// `value` is empty); a changed filter starts again at page 1.
std::string QueryWith(const http::Request& req, std::string_view key, std::string_view value);

// area: an area's name (its bounding box: requests carry no area, and a box keeps the query on
// the location index); channel: ChannelName(); from/to: YYYY-MM-DD (UTC days, both included);
// sort: newest (default), oldest, due, state, service. kInvalidArgument for a value that is none
// of these.
Status ApplyMoreFilters(const PortalDeps& w, const std::string& area, const std::string& channel,
                        const std::string& from, const std::string& to, const std::string& sort,
                        StaffQuery* q);

// The choices and current values of those filters, the column headers' sort links
// (sort_<column>: {href, aria}), the list/map switch and the map's settings.
void AddMoreFilterViews(const D& d, const http::Request& req, const std::string& lang,
                        const std::string& area, const std::string& channel,
                        const std::string& from, const std::string& to, const std::string& sort,
                        bool map_view, boost::json::object* view);

}  // namespace civic311::console
