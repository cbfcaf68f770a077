#include "adapters/assets/template_engine.hpp"

#include <boost/json.hpp>
#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace civic311::assets {

namespace mstch = kainjow::mustache;

namespace {

std::atomic<unsigned long> next_engine_id{1};

bool IsHtml(std::string_view name) { return name.find(".html") != std::string_view::npos; }

// The number 0: printed as "0" by {{n}}, and a false section for {{#n}}, as in mustache.js — so
// that "{{#overdue}}Overdue: {{overdue}}{{/overdue}}" says nothing when none is. kainjow has no
// number type (a number is its text, and any text is a true section), so 0 is a lambda: a
// variable calls it with no text and prints "0"; a section calls it with its own text and
// renders nothing. ({{^n}} is not shown for 0: kainjow's inverted sections test only false and
// empty lists; templates write {{^n}} only for false, null and lists.)
mstch::data Zero() {
  return mstch::data{mstch::lambda{
      [](const std::string& text) -> std::string { return text.empty() ? "0" : std::string(); }}};
}

mstch::data ToData(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      mstch::data d{mstch::data::type::object};
      for (const auto& [k, val] : v.get_object()) d.set(std::string(k), ToData(val));
      return d;
    }
    case boost::json::kind::array: {
      mstch::data d{mstch::data::type::list};
      for (const auto& val : v.get_array()) d.push_back(ToData(val));
      return d;
    }
    case boost::json::kind::string:
      // An empty string is false, as in mustache.js: {{#x}} skips it and {{x}} prints nothing
      // (kainjow alone would take "" as true and show a section about nothing).
      if (v.get_string().empty()) return mstch::data{mstch::data::type::bool_false};
      return mstch::data{std::string(v.get_string())};
    case boost::json::kind::bool_:
      return mstch::data{v.get_bool() ? mstch::data::type::bool_true
                                      : mstch::data::type::bool_false};
    case boost::json::kind::null:
      return mstch::data{mstch::data::type::bool_false};
    case boost::json::kind::int64:
      if (v.get_int64() == 0) return Zero();
      return mstch::data{std::to_string(v.get_int64())};
    case boost::json::kind::uint64:
      if (v.get_uint64() == 0) return Zero();
      return mstch::data{std::to_string(v.get_uint64())};
    case boost::json::kind::double_:
      return mstch::data{boost::json::serialize(v)};
  }
  return mstch::data{mstch::data::type::bool_false};
}

std::string NoEscape(const std::string& s) { return s; }

// Resolves {{> name}} from the assets; values come from the ordinary context, and names under
// `shared_name` from the shared value (TemplateEngine::Shared) when there is one.
class AssetContext : public mstch::basic_context<std::string> {
 public:
  AssetContext(const mstch::data* root, const Assets& assets, bool html,
               std::string_view shared_name = {}, const mstch::data* shared = nullptr)
      : inner_(root), assets_(assets), html_(html), shared_name_(shared_name), shared_(shared) {}
  void push(const mstch::data* d) override { inner_.push(d); }
  void pop() override { inner_.pop(); }
  const mstch::data* get(const std::string& name) const override {
    if (shared_ != nullptr && name.starts_with(shared_name_)) {
      std::string_view rest = std::string_view(name).substr(shared_name_.size());
      if (rest.empty()) return shared_;
      if (rest.front() == '.') return Walk(shared_, rest.substr(1));
    }
    return inner_.get(name);
  }
  const mstch::data* get_partial(const std::string& name) const override {
    if (auto it = partials_.find(name); it != partials_.end()) return &it->second;
    const std::string base = "templates/" + name;
    std::optional<Asset> a = assets_.Find(base + (html_ ? ".html.mustache" : ".txt.mustache"));
    if (!a) a = assets_.Find(base + ".mustache");
    if (!a) {
      missing_ = name;
      return nullptr;
    }
    auto [it, ok] = partials_.emplace(name, mstch::data{std::string(a->bytes)});
    return &it->second;
  }
  const std::string& missing() const { return missing_; }

 private:
  // "a.b.c" under `d`, or null.
  static const mstch::data* Walk(const mstch::data* d, std::string_view path) {
    while (d != nullptr) {
      const size_t dot = path.find('.');
      d = d->get(std::string(path.substr(0, dot)));
      if (dot == std::string_view::npos) break;
      path.remove_prefix(dot + 1);
    }
    return d;
  }

  mstch::context<std::string> inner_;
  const Assets& assets_;
  bool html_;
  std::string_view shared_name_;
  const mstch::data* shared_;
  mutable std::map<std::string, mstch::data> partials_;
  mutable std::string missing_;
};

struct Cached {
  std::string etag;  // of the asset it was parsed from
  std::unique_ptr<mstch::mustache> tmpl;
};

}  // namespace

std::string HtmlEscape(std::string_view text) { return mstch::html_escape(std::string(text)); }

struct TemplateEngine::Shared::Impl {
  mstch::data data;
};
TemplateEngine::Shared::Shared(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TemplateEngine::Shared::~Shared() = default;

std::shared_ptr<const TemplateEngine::Shared> TemplateEngine::Prepare(
    const boost::json::value& value) {
  return std::shared_ptr<const Shared>(new Shared(std::make_unique<Shared::Impl>(ToData(value))));
}

TemplateEngine::TemplateEngine(const Assets& assets) : assets_(assets), id_(next_engine_id++) {}
TemplateEngine::~TemplateEngine() = default;

bool TemplateEngine::Exists(std::string_view name) const {
  return assets_.Find("templates/" + std::string(name)).has_value();
}

Result<std::string> TemplateEngine::Render(std::string_view name,
                                           const boost::json::value& view) const {
  return RenderWith(name, view, {}, nullptr);
}

Result<std::string> TemplateEngine::Render(std::string_view name, const boost::json::value& view,
                                           std::string_view shared_name,
                                           const Shared& shared) const {
  return RenderWith(name, view, shared_name, &shared);
}

Result<std::string> TemplateEngine::RenderWith(std::string_view name,
                                               const boost::json::value& view,
                                               std::string_view shared_name,
                                               const Shared* shared) const {
  std::optional<Asset> asset = assets_.Find("templates/" + std::string(name));
  if (!asset) {
    return Error{
        ErrorCode::kNotFound, "no such template", "template not found: " + std::string(name), {}};
  }
  thread_local std::unordered_map<std::string, Cached> cache;
  std::string key = std::to_string(id_) + ":" + std::string(name);
  Cached& c = cache[key];
  if (!c.tmpl || c.etag != asset->etag) {
    c.tmpl = std::make_unique<mstch::mustache>(std::string(asset->bytes));
    c.etag = std::string(asset->etag);
    if (!IsHtml(name)) c.tmpl->set_custom_escape(NoEscape);
  }
  if (!c.tmpl->is_valid()) {
    std::string detail = "template " + std::string(name) + ": " + c.tmpl->error_message();
    c.tmpl.reset();
    return Error{ErrorCode::kInternal, "a page template is broken", detail, {}};
  }
  mstch::data root = ToData(view);
  AssetContext ctx(&root, assets_, IsHtml(name), shared_name,
                   shared != nullptr ? &shared->impl_->data : nullptr);
  std::string out = c.tmpl->render(ctx);
  if (!ctx.missing().empty() || !c.tmpl->is_valid()) {
    std::string detail =
        "template " + std::string(name) + ": " +
        (ctx.missing().empty() ? c.tmpl->error_message() : "missing partial " + ctx.missing());
    c.tmpl.reset();  // a failed render leaves its error behind in the object
    return Error{ErrorCode::kInternal, "a page template is broken", detail, {}};
  }
  return out;
}

}  // namespace civic311::assets
