#include "adapters/assets/assets.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "base/crypto.hpp"

namespace civic311::assets {

std::string_view ContentTypeFor(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json; charset=utf-8"},
      {".html", "text/html; charset=utf-8"},
      {".mustache", "text/plain; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".xml", "application/xml; charset=utf-8"},
  };
  for (const auto& [ext, type] : kTypes) {
    if (name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext) return type;
  }
  if (name.ends_with("LICENSE")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

bool IsSafeAssetName(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find('\\') != std::string_view::npos ||
      name.find('\0') != std::string_view::npos) {
    return false;
  }
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view seg = name.substr(start, end - start);
    if (seg.empty() || seg == "." || seg == "..") return false;
    start = end + 1;
  }
  return true;
}

namespace {

std::string EtagOf(std::string_view bytes) {
  std::string hex = Sha256Hex(bytes);
  std::string etag;
  etag.reserve(18);
  etag.push_back('"');
  etag.append(hex, 0, 16);
  etag.push_back('"');
  return etag;
}

std::optional<std::string_view> Embedded(std::string_view name) {
  for (const auto& [n, bytes] : EmbeddedFiles()) {
    if (n == name) return bytes;
  }
  return std::nullopt;
}

}  // namespace

Assets::Assets(std::filesystem::path override_dir) : override_dir_(std::move(override_dir)) {}

const Assets::Stored* Assets::Load(std::string_view name) const {
  std::lock_guard lock(mu_);
  if (auto it = cache_.find(name); it != cache_.end()) return it->second.get();
  std::unique_ptr<Stored> stored;
  if (!override_dir_.empty()) {
    std::ifstream in(override_dir_ / std::filesystem::path(std::string(name)), std::ios::binary);
    if (in) {
      std::ostringstream ss;
      ss << in.rdbuf();
      stored = std::make_unique<Stored>();
      stored->bytes = std::move(ss).str();
      stored->view = stored->bytes;
    }
  }
  if (!stored) {
    if (auto bytes = Embedded(name)) {
      stored = std::make_unique<Stored>();
      stored->view = *bytes;
    }
  }
  if (stored) {
    stored->name = std::string(name);
    stored->etag = EtagOf(stored->view);
  }
  auto [it, inserted] = cache_.emplace(std::string(name), std::move(stored));
  return it->second.get();
}

std::optional<Asset> Assets::Find(std::string_view name) const {
  if (!IsSafeAssetName(name)) return std::nullopt;
  const Stored* s = Load(name);
  if (s == nullptr) return std::nullopt;
  return Asset{s->name, s->view, ContentTypeFor(name), s->etag};
}

std::vector<std::string> Assets::List(std::string_view prefix) const {
  std::set<std::string> names;
  for (const auto& [n, bytes] : EmbeddedFiles()) {
    if (n.starts_with(prefix)) names.emplace(n);
  }
  if (!override_dir_.empty()) {
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(override_dir_, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      std::string rel = std::filesystem::relative(it->path(), override_dir_, ec).generic_string();
      if (!ec && rel.starts_with(prefix) && IsSafeAssetName(rel)) names.insert(rel);
    }
  }
  return {names.begin(), names.end()};
}

}  // namespace civic311::assets
