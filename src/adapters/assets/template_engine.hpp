// TemplateEngine: the one template engine of civic311, for pages and for messages (Mustache,
// kainjow/mustache from Debian; docs/adr/0006-mustache-templates.md).
//
// Templates are assets named "templates/<name>" (see assets.hpp), so a city may override any of
// them with --web-dir. Escaping follows the file name, never the caller:
//   *.html.mustache  every {{value}} is HTML-escaped (& < > " '); {{{value}}} is the explicit,
//                    reviewable "this is already safe HTML" mark;
//   anything else    plain text (e-mail text parts, SMS): nothing is escaped.
// Partials: {{> portal/_header}} includes "templates/portal/_header.html.mustache" when the
// including template is HTML, "templates/portal/_header.txt.mustache" otherwise, falling back to
// "templates/portal/_header.mustache"; a missing partial is an error, not an empty string.
//
// The view is a JSON value: objects are Mustache hashes, arrays lists, strings and numbers text,
// booleans true/false, null and the empty string false (as in mustache.js).
// Errors: kNotFound for an unknown template, kInternal for a template that does not parse or
// names a missing partial (detail says which, with the template's name).
// Thread-safety: Render may be called from any thread. Parsed templates are cached per thread
// (a parsed kainjow template is not safe to render from two threads at once).
#pragma once

#include <atomic>
#include <boost/json/value.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "adapters/assets/assets.hpp"
#include "base/result.hpp"

namespace civic311::assets {

class TemplateEngine {
 public:
  explicit TemplateEngine(const Assets& assets);
  ~TemplateEngine();
  TemplateEngine(const TemplateEngine&) = delete;
  TemplateEngine& operator=(const TemplateEngine&) = delete;

  // `name` is relative to templates/: "portal/home.html.mustache",
  // "email/received.en.txt.mustache".
  Result<std::string> Render(std::string_view name, const boost::json::value& view) const;

  // A value converted once into the engine's own form, to be shared by many renders without
  // copying it into each view (the words of one language: 770 keys, which copied and converted
  // twice per e-mail were half the delivery worker's CPU; docs/performance.md). Immutable: safe
  // to use from any thread once made.
  class Shared {
   public:
    ~Shared();
    Shared(const Shared&) = delete;
    Shared& operator=(const Shared&) = delete;

   private:
    friend class TemplateEngine;
    struct Impl;
    explicit Shared(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
  };
  static std::shared_ptr<const Shared> Prepare(const boost::json::value& value);

  // As Render(name, view) with view[shared_name] = the value `shared` was prepared from:
  // {{t.key}} and {{#t.key}} read it. `shared_name` wins over a key of the same name inside
  // a section's item.
  Result<std::string> Render(std::string_view name, const boost::json::value& view,
                             std::string_view shared_name, const Shared& shared) const;

  bool Exists(std::string_view name) const;
  const Assets& assets() const { return assets_; }

 private:
  Result<std::string> RenderWith(std::string_view name, const boost::json::value& view,
                                 std::string_view shared_name, const Shared* shared) const;

  const Assets& assets_;
  const unsigned long id_;  // tells this engine's entries apart in the per-thread cache
};

// HTML-escapes text the way templates do (for the rare value built outside a template).
std::string HtmlEscape(std::string_view text);

}  // namespace civic311::assets
