#include "app/config_admin.hpp"

namespace civic311 {

Status ConfigAdmin::Allowed(const Actor& actor) const {
  return ToStatus(Authorize(actor, Operation::kManageConfiguration, Target{}), actor);
}

Result<std::shared_ptr<const City>> ConfigAdmin::Check(const Actor& actor,
                                                       std::string_view toml) const {
  C311_TRY(Allowed(actor));
  return d_.load(toml, "admin");
}

Result<ConfigVersion> ConfigAdmin::Save(const Author& who, std::string_view toml, std::string note,
                                        std::optional<std::int64_t> based_on) {
  auto city = Check(who.actor, toml);
  if (!city.ok()) return std::move(city).error();
  // The catalogue version moves only when what Open311 clients cache changed.
  bool catalogue_changed = true;
  std::shared_ptr<const City> before = d_.live ? d_.live->Current() : nullptr;
  if (before == nullptr) {
    auto current = d_.store->CurrentConfigVersion();
    if (!current.ok()) return std::move(current).error();
    if (*current > 0) {
      auto old = d_.store->GetConfigVersion(*current);
      if (!old.ok()) return std::move(old).error();
      if (old->has_value()) {
        if (auto parsed = d_.load((*old)->toml, "stored"); parsed.ok()) before = *parsed;
      }
    }
  }
  if (before != nullptr && d_.catalogue) {
    catalogue_changed = d_.catalogue(*before) != d_.catalogue(**city);
  }
  ConfigVersion meta;
  meta.author_user_id = who.actor.user_id > 0 ? who.actor.user_id : 0;  // 0: not an account
  meta.author = who.name;
  meta.note = std::move(note);
  auto saved = d_.store->SaveConfigVersion(toml, catalogue_changed, meta, based_on);
  if (!saved.ok()) return std::move(saved).error();
  // Stored first, then published: a crash in between loses nothing (serve loads the stored one).
  if (d_.live) d_.live->Publish(*city, saved->number);
  if (catalogue_changed && d_.catalogue_moved) d_.catalogue_moved(saved->created_at);
  return saved;
}

Result<ConfigVersion> ConfigAdmin::Revert(const Author& who, std::int64_t number,
                                          std::optional<std::int64_t> based_on) {
  auto old = Get(who.actor, number);
  if (!old.ok()) return std::move(old).error();
  return Save(who, old->toml, "reverted to version " + std::to_string(number), based_on);
}

Result<std::vector<ConfigVersion>> ConfigAdmin::List(const Actor& actor, int limit) const {
  C311_TRY(Allowed(actor));
  return d_.store->ListConfigVersions(limit);
}

Result<ConfigVersion> ConfigAdmin::Get(const Actor& actor, std::int64_t number) const {
  C311_TRY(Allowed(actor));
  auto found = d_.store->GetConfigVersion(number);
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value()) {
    return Error::NotFound("there is no configuration version " + std::to_string(number));
  }
  return std::move(**found);
}

Result<ConfigVersion> ConfigAdmin::Current(const Actor& actor) const {
  C311_TRY(Allowed(actor));
  auto current = d_.store->CurrentConfigVersion();
  if (!current.ok()) return std::move(current).error();
  if (*current == 0) return Error::NotFound("no city configuration is stored yet");
  return Get(actor, *current);
}

}  // namespace civic311
