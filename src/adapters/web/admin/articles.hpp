// What the knowledge-base screens share (article_handlers.cpp: the list and the one-language
// forms; article_pair_handlers.cpp: both languages side by side).
#pragma once

#include <optional>
#include <string_view>

#include "adapters/web/admin/admin_page.hpp"

namespace civic311::admin {

// The languages an article is written in, in the editor's column order.
inline constexpr std::string_view kArticleLangs[] = {"en", "es"};

// Enter() for the article screens: also a 404 page into *refusal when the city has no knowledge
// base or no Markdown renderer.
std::optional<console::StaffVisit> EnterArticles(const A& d, const http::Request& req,
                                                 http::Response* refusal);

}  // namespace civic311::admin
