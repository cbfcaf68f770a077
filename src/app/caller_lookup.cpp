// CallerLookup (caller_lookup.hpp).
#include "app/caller_lookup.hpp"

#include <algorithm>
#include <cctype>

namespace civic311 {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<ContactQuery> ParseContactQuery(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  if (text.empty() || text.size() > 254) return std::nullopt;
  ContactQuery q;
  if (text.find('@') != std::string_view::npos) {
    if (text.find_first_of(" \t") != std::string_view::npos) return std::nullopt;
    q.kind = ContactQuery::Kind::kEmail;
    q.values = {Lower(text)};
    return q;
  }
  if (std::all_of(text.begin(), text.end(), [](char c) {
        return IsDigit(c) || c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '+';
      })) {
    std::string digits;
    for (char c : text)
      if (IsDigit(c)) digits += c;
    // Fewer than 7 digits is a tracking number or a house number, not a phone.
    if (digits.size() < 7 || digits.size() > 15) return std::nullopt;
    q.kind = ContactQuery::Kind::kPhone;
    q.values = {digits};
    if (digits.size() == 10) q.values.push_back("1" + digits);
    if (digits.size() == 11 && digits.front() == '1') q.values.push_back(digits.substr(1));
    return q;
  }
  // A name: words of letters (any script), apostrophes, dashes and dots; no digits.
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ' || c == '\t') {
      if (!word.empty()) words.push_back(Lower(word));
      word.clear();
    } else if (IsDigit(c) || c == '@' || c == '#' || c == ',' || c == ';') {
      return std::nullopt;
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(Lower(word));
  if (words.empty()) return std::nullopt;
  q.kind = ContactQuery::Kind::kName;
  q.values = words.size() == 1 ? words : std::vector<std::string>{words.front(), words.back()};
  return q;
}

bool CallerLookup::MayLookUp(const Actor& actor) {
  if (actor.anonymous || actor.role == Role::kResident) return false;
  return !ScopeOf(actor, Operation::kViewContact).Empty();
}

Result<std::vector<RequestDetail>> CallerLookup::Find(const Actor& actor, std::string_view text,
                                                      int limit) {
  if (actor.anonymous) return Error::Unauthenticated("sign in first");
  // A resident's scope is their own requests: looking others up by contact is staff work.
  if (!MayLookUp(actor)) {
    return Error::PermissionDenied(std::string(RoleName(actor.role)) +
                                   "s may not look callers up by their contact details");
  }
  auto q = ParseContactQuery(text);
  if (!q) {
    return Error::InvalidField("find", "give an e-mail address, a phone number or a name");
  }
  const RequestScope scope = ScopeOf(actor, Operation::kViewContact);
  q->anywhere = scope.anywhere;
  q->departments = scope.departments;
  q->include_internal = scope.internal;
  q->limit = std::clamp(limit, 1, 50);
  auto ids = callers_.FindRequestsByContact(*q);
  if (!ids.ok()) return std::move(ids).error();
  std::vector<RequestDetail> out;
  for (RequestId id : *ids) {
    // GetDetail decides once more and audits the contact view exactly as the request desk does.
    auto detail = workflow_.GetDetail(actor, id);
    if (!detail.ok()) {
      if (detail.error().code == ErrorCode::kNotFound ||
          detail.error().code == ErrorCode::kPermissionDenied)
        continue;
      return std::move(detail).error();
    }
    if (!detail->contact_visible) continue;
    out.push_back(std::move(detail).value());
  }
  return out;
}

}  // namespace civic311
