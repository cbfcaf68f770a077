#include "adapters/storage/sqlite/request_rows.hpp"

#include <chrono>

#include "adapters/storage/sqlite/attributes_json.hpp"

namespace civic311::sqlite {
namespace {

std::int64_t Unix(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp FromUnix(std::int64_t s) { return Timestamp(std::chrono::seconds(s)); }

// Column positions in SelectRequests().
enum Col {
  kId,
  kToken,
  kServiceCode,
  kServiceName,
  kState,
  kDescription,
  kLat,
  kLon,
  kAddress,
  kAddressId,
  kZipcode,
  kMediaUrl,
  kAttributes,
  kDepartmentCode,
  kStatusNotes,
  kChannel,
  kEmergency,
  kInternal,
  kParentId,
  kRequestedAt,
  kUpdatedAt,
  kExpectedAt,
  kVersion,
  kEmail,
  kPhone,
  kFirstName,
  kLastName,
  kDeviceId,
  kAccountId,
  kLocale,
  kLang,
  kLocationApproximate,
};

constexpr char kInsertRequest[] =
    "INSERT INTO service_requests (token, service_code, service_name, state, description, lat, "
    "lon, address, address_id, zipcode, media_url, attributes, department_code, status_notes, "
    "channel, emergency, internal, parent_id, requested_at, updated_at, expected_at, version, "
    "locale, location_approximate) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
    "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)";

constexpr char kInsertContact[] =
    "INSERT INTO request_contacts (request_id, email, phone, first_name, last_name, device_id, "
    "account_id, lang) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

Error Corrupt(const Statement& row, std::string what) {
  return Error::Internal("service_requests row " + std::to_string(row.Int64(kId)) + ": " + what);
}

}  // namespace

std::string SelectRequests(std::string_view hint) {
  std::string sql =
      "SELECT r.id, r.token, r.service_code, r.service_name, r.state, r.description, r.lat, "
      "r.lon, r.address, r.address_id, r.zipcode, r.media_url, r.attributes, r.department_code, "
      "r.status_notes, r.channel, r.emergency, r.internal, r.parent_id, r.requested_at, "
      "r.updated_at, r.expected_at, r.version, c.email, c.phone, c.first_name, c.last_name, "
      "c.device_id, c.account_id, r.locale, c.lang, r.location_approximate FROM service_requests "
      "r ";
  if (!hint.empty()) {
    sql += hint;
    sql += ' ';
  }
  sql += "LEFT JOIN request_contacts c ON c.request_id = r.id ";
  return sql;
}

Status AppendRequests(Statement& st, std::vector<ServiceRequest>* out, Contacts contacts) {
  while (true) {
    auto row = st.Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return OkStatus();
    auto r = ReadRequest(st);
    if (!r.ok()) return std::move(r).error();
    if (contacts == Contacts::kDrop) r->contact = Contact{};
    out->push_back(std::move(*r));
  }
}

Result<ServiceRequest> ReadRequest(const Statement& row) {
  ServiceRequest r;
  r.id = row.Int64(kId);
  r.token = row.String(kToken);
  r.service_code = row.String(kServiceCode);
  r.service_name = row.String(kServiceName);
  auto state = ParseState(row.Text(kState));
  if (!state) return Corrupt(row, "unknown state '" + row.String(kState) + "'");
  r.state = *state;
  r.description = row.String(kDescription);
  if (!row.IsNull(kLat)) r.lat = row.Double(kLat);
  if (!row.IsNull(kLon)) r.lon = row.Double(kLon);
  r.address = row.String(kAddress);
  r.address_id = row.String(kAddressId);
  r.zipcode = row.String(kZipcode);
  r.media_url = row.String(kMediaUrl);
  auto attributes = DecodeAttributes(row.Text(kAttributes));
  if (!attributes) return Corrupt(row, "attributes are not a JSON object of string arrays");
  r.attributes = std::move(*attributes);
  r.department_code = row.String(kDepartmentCode);
  r.status_notes = row.String(kStatusNotes);
  auto channel = ParseChannel(row.Text(kChannel));
  if (!channel) return Corrupt(row, "unknown channel '" + row.String(kChannel) + "'");
  r.channel = *channel;
  r.emergency = row.Int64(kEmergency) != 0;
  r.internal = row.Int64(kInternal) != 0;
  if (!row.IsNull(kParentId)) r.parent_id = row.Int64(kParentId);
  r.requested_at = FromUnix(row.Int64(kRequestedAt));
  r.updated_at = FromUnix(row.Int64(kUpdatedAt));
  if (!row.IsNull(kExpectedAt)) r.expected_at = FromUnix(row.Int64(kExpectedAt));
  r.version = row.Int64(kVersion);
  // Absent contact row: every Text() is empty, which is what an empty Contact is.
  r.contact.email = row.String(kEmail);
  r.contact.phone = row.String(kPhone);
  r.contact.first_name = row.String(kFirstName);
  r.contact.last_name = row.String(kLastName);
  r.contact.device_id = row.String(kDeviceId);
  r.contact.account_id = row.String(kAccountId);
  r.locale = row.String(kLocale);
  r.contact.lang = row.String(kLang);
  r.location_approximate = row.Int64(kLocationApproximate) != 0;
  // One language per request: the portal records `locale`, Open311 and notifications the
  // contact's `lang`; either stands for the other when it is missing.
  if (r.contact.lang.empty()) r.contact.lang = r.locale;
  if (r.locale.empty()) r.locale = r.contact.lang;
  return r;
}

Result<RequestId> InsertRequest(Db& db, const ServiceRequest& r) {
  if (!r.token.empty()) {
    // Checked rather than inferred from the UNIQUE error's text; we are the only writer inside
    // this transaction, so the answer cannot change before the insert.
    auto dup = db.Prepare("SELECT 1 FROM service_requests WHERE token = ?1");
    if (!dup.ok()) return std::move(dup).error();
    auto found = dup->Bind(1, r.token).Step();
    if (!found.ok()) return std::move(found).error();
    if (*found) return Error::Conflict("a request with this token already exists");
  }
  auto ins = db.Prepare(kInsertRequest);
  if (!ins.ok()) return std::move(ins).error();
  std::optional<std::int64_t> expected_at;
  if (r.expected_at) expected_at = Unix(*r.expected_at);
  ins->BindTextOrNull(1, r.token)
      .Bind(2, r.service_code)
      .Bind(3, r.service_name)
      .Bind(4, StateName(r.state))
      .Bind(5, r.description)
      .Bind(6, r.lat)
      .Bind(7, r.lon)
      .Bind(8, r.address)
      .Bind(9, r.address_id)
      .Bind(10, r.zipcode)
      .Bind(11, r.media_url)
      .Bind(12, EncodeAttributes(r.attributes))
      .Bind(13, r.department_code)
      .Bind(14, r.status_notes)
      .Bind(15, ChannelName(r.channel))
      .Bind(16, r.emergency)
      .Bind(17, r.internal)
      .Bind(18, r.parent_id)
      .Bind(19, Unix(r.requested_at))
      .Bind(20, Unix(r.updated_at))
      .Bind(21, expected_at)
      .Bind(22, r.version)
      .Bind(23, r.locale)
      .Bind(24, std::int64_t{r.location_approximate ? 1 : 0});
  Status s = ins->Run();
  if (!s.ok()) {
    Error e = std::move(s).error();
    if (e.code == ErrorCode::kConflict) e.message = "the request conflicts with existing data";
    return e;
  }
  RequestId id = db.LastInsertRowId();
  if (!r.contact.empty()) {
    auto c = db.Prepare(kInsertContact);
    if (!c.ok()) return std::move(c).error();
    C311_TRY(c->Bind(1, id)
                 .Bind(2, r.contact.email)
                 .Bind(3, r.contact.phone)
                 .Bind(4, r.contact.first_name)
                 .Bind(5, r.contact.last_name)
                 .Bind(6, r.contact.device_id)
                 .Bind(7, r.contact.account_id)
                 .Bind(8, r.contact.lang)
                 .Run());
  }
  return id;
}

}  // namespace civic311::sqlite
