#include "app/me_too.hpp"

#include "base/crypto.hpp"

namespace civic311 {

// (Appended rather than "u" + …: g++ 12 warns falsely on that concatenation, -Wrestrict.)
Supporter MeToo::ForUser(UserId id) {
  Supporter s{"u", id};
  s.key.append(std::to_string(id));
  return s;
}

Supporter MeToo::ForVisitor(std::string_view cookie_value) {
  Supporter s{"v", std::nullopt};
  s.key.append(Sha256Hex(cookie_value));
  return s;
}

Result<std::int64_t> MeToo::Add(RequestId id, const Supporter& who) {
  if (who.key.size() < 2) return Error::InvalidArgument("who says \"me too\" is unknown");
  auto r = requests_.Get(id);  // kNotFound for internal requests too
  if (!r.ok()) return std::move(r).error();
  if (!IsOpen(r->state)) {
    return Error::Conflict("this request is closed: report the problem again if it came back");
  }
  TimelineEvent e;
  e.request_id = id;
  e.at = requests_.Now();
  e.actor_user_id = who.user_id.value_or(0);
  e.kind = "me_too";
  e.state = r->state;
  e.text =
      who.user_id ? "A resident (signed in) reported this too" : "A resident reported this too";
  e.internal = true;  // staff see it in the history; the public page shows the count
  auto added = store_.AddSupporter(id, who, e.at, e);
  if (!added.ok()) return std::move(added).error();
  return People(id);
}

Result<std::int64_t> MeToo::People(RequestId id) {
  auto n = store_.CountSupporters(id);
  if (!n.ok()) return std::move(n).error();
  return *n + 1;
}

Result<bool> MeToo::Has(RequestId id, const Supporter& who) {
  return store_.IsSupporter(id, who.key);
}

}  // namespace civic311
