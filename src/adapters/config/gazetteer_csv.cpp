#include "adapters/config/gazetteer_csv.hpp"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

#include "adapters/config/csv.hpp"
#include "domain/text.hpp"

namespace civic311 {
namespace {

bool ParseDouble(std::string_view s, double* out) {
  s = TrimAscii(s);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

}  // namespace

Result<std::vector<GazetteerEntry>> ParseGazetteerCsv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 BOM
  if (!IsValidUtf8(text)) return Error::InvalidArgument("the file is not UTF-8 text");
  std::size_t pos = 0;
  int line = 1;
  std::vector<std::string> header;
  C311_TRY(ReadCsvRecord(text, &pos, &line, &header));
  static constexpr std::string_view kColumns[] = {"kind",     "number", "street", "cross_street",
                                                  "postcode", "area",   "lat",    "lon"};
  std::map<std::string, std::size_t, std::less<>> col;
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string name(TrimAscii(header[i]));
    if (std::find(std::begin(kColumns), std::end(kColumns), name) == std::end(kColumns)) {
      return Error::InvalidArgument("line 1: unknown column '" + name +
                                    "' (columns: kind, number, street, cross_street, postcode, "
                                    "area, lat, lon)");
    }
    if (!col.emplace(name, i).second)
      return Error::InvalidArgument("line 1: column '" + name + "' twice");
  }
  for (std::string_view required : {"kind", "street", "lat", "lon"}) {
    if (!col.contains(required))
      return Error::InvalidArgument("line 1: the header has no '" + std::string(required) +
                                    "' column");
  }
  std::vector<GazetteerEntry> out;
  std::vector<std::string> f;
  while (pos < text.size()) {
    const int at = line;
    C311_TRY(ReadCsvRecord(text, &pos, &line, &f));
    if (f.size() == 1 && TrimAscii(f[0]).empty()) continue;  // blank line
    if (f.size() != header.size()) {
      return Error::InvalidArgument("line " + std::to_string(at) + ": " + std::to_string(f.size()) +
                                    " fields, the header has " + std::to_string(header.size()));
    }
    auto get = [&](std::string_view name) -> std::string {
      auto it = col.find(name);
      return it == col.end() ? std::string() : std::string(TrimAscii(f[it->second]));
    };
    auto bad = [&](const std::string& why) {
      return Error::InvalidArgument("line " + std::to_string(at) + ": " + why);
    };
    GazetteerEntry e;
    std::string kind = get("kind");
    if (kind == "address") {
      e.kind = PlaceKind::kAddress;
    } else if (kind == "street") {
      e.kind = PlaceKind::kStreet;
    } else if (kind == "intersection") {
      e.kind = PlaceKind::kIntersection;
    } else {
      return bad("kind must be address, street or intersection, not '" + kind + "'");
    }
    e.number = get("number");
    e.street = get("street");
    e.cross_street = get("cross_street");
    e.postcode = get("postcode");
    e.area = get("area");
    if (!ParseDouble(get("lat"), &e.lat)) return bad("lat is not a number");
    if (!ParseDouble(get("lon"), &e.lon)) return bad("lon is not a number");
    if (e.street.empty()) return bad("street is empty");
    if (e.kind == PlaceKind::kAddress &&
        (e.number.empty() || e.number[0] < '0' || e.number[0] > '9'))
      return bad("an address needs a number starting with a digit");
    if (e.kind == PlaceKind::kIntersection && e.cross_street.empty())
      return bad("an intersection needs a cross_street");
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::string> MaybeGunzip(std::string_view data, std::size_t max_bytes) {
  if (data.size() < 2 || static_cast<unsigned char>(data[0]) != 0x1f ||
      static_cast<unsigned char>(data[1]) != 0x8b) {
    return std::string(data);
  }
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return Error::Internal("inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[1 << 16];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(buf, sizeof(buf) - zs.avail_out);
    if (out.size() > max_bytes) break;
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) break;  // truncated input
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return Error::InvalidArgument("the gzip data is corrupt or too large");
  return out;
}

Result<std::vector<GazetteerEntry>> ReadGazetteerFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::InvalidArgument("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto text = MaybeGunzip(ss.str());
  if (!text.ok()) return std::move(text).error();
  auto entries = ParseGazetteerCsv(*text);
  if (!entries.ok()) {
    Error e = std::move(entries).error();
    e.message = path + ": " + e.message;
    return e;
  }
  return entries;
}

}  // namespace civic311
