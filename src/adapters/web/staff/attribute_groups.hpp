// The services' questions as the console's forms ask them (docs/console.md: the call desk's
// "create on behalf" and the request desk's internal requests): one group per service with
// attributes, each attribute rendered by the portal's own partial (portal/_attributes, from
// portal::AttributeViews). Only the chosen service's group is shown and enabled (a disabled
// fieldset submits nothing); console.js switches groups as the person chooses a service.
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "adapters/web/portal/report_draft.hpp"
#include "domain/city.hpp"

namespace civic311::console {

// Groups [{code, chosen, attributes}] for the services `include` accepts that have attributes;
// the chosen one (draft.service_code) carries the draft's answers and `errors` by field. Ids are
// "<prefix><service code>-<attribute id>": two services may ask a question with the same code,
// and two forms on a page must not share ids.
boost::json::array AttributeGroups(const City& city, const portal::Draft& draft,
                                   const std::map<std::string, std::string>& errors,
                                   std::string_view id_prefix,
                                   const std::function<bool(const Service&)>& include);

}  // namespace civic311::console
