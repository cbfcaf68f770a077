#include "adapters/demo/demo_replay.hpp"

#include <atomic>
#include <charconv>
#include <map>
#include <mutex>
#include <thread>

#include "adapters/config/csv.hpp"
#include "app/request_events.hpp"
#include "base/crypto.hpp"
#include "domain/lifecycle.hpp"

namespace civic311 {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

// What residents write, per service (the Boston records carry no description).
const std::map<std::string_view, std::vector<std::string_view>>& Descriptions() {
  static const std::map<std::string_view, std::vector<std::string_view>> k = {
      {"POTHOLE",
       {"Deep pothole in the right lane, cars swerve around it.",
        "Pothole at the crosswalk, getting bigger after the rain.",
        "Several potholes along the curb, a cyclist nearly fell."}},
      {"STREETLIGHT",
       {"Street light out for three nights, the corner is very dark.",
        "Light flickers on and off all night.", "Lamp on during the day."}},
      {"SIDEWALK",
       {"Raised slab on the sidewalk, someone tripped.",
        "Broken sidewalk in front of the bus stop."}},
      {"GRAFFITI",
       {"Graffiti on the wall of the underpass.", "Tags on the mailbox and the bench."}},
      {"SNOW-STREET",
       {"Street not plowed since yesterday, cars stuck.",
        "Plow left a wall of snow across the crosswalk."}},
      {"SNOW-SIDEWALK", {"Sidewalk not shoveled, icy and dangerous."}},
      {"MISSED-TRASH",
       {"Trash was not picked up on our collection day.",
        "Barrels overflowing, missed again this week."}},
      {"MISSED-RECYCLING",
       {"Recycling cart not emptied.", "Need a new recycling cart, ours broke."}},
      {"BULK-PICKUP",
       {"Please pick up a sofa and a mattress (wrapped).",
        "Old washing machine and two chairs at the curb."}},
      {"ILLEGAL-DUMPING",
       {"Mattress and bags of trash dumped on the vacant lot.",
        "Needles on the ground near the playground."}},
      {"LITTER-BASKET", {"Litter basket overflowing at the corner."}},
      {"DEAD-ANIMAL", {"Dead raccoon in the street.", "Dead bird on the sidewalk."}},
      {"TRAFFIC-SIGNAL", {"Walk signal does not change.", "Traffic light stuck on red."}},
      {"ABANDONED-VEHICLE", {"Car with flat tyres has not moved in weeks."}},
      {"SIGN-REPAIR", {"Stop sign bent over.", "Street name sign missing."}},
      {"PARK-MAINTENANCE", {"Broken swing at the playground.", "Grass not mowed, benches dirty."}},
      {"TREE-DOWN", {"Large limb down across the sidewalk after the storm."}},
      {"TREE-PRUNING", {"Branches hanging low over the street, trucks hit them."}},
      {"NOISE", {"Construction noise before 7 am every day.", "Loud generator all night."}},
      {"RODENTS", {"Rats running around the trash barrels in the alley."}},
      {"DOG", {"Dog barking for hours every night."}},
      {"ANIMAL", {"Stray cat, looks injured.", "Lost dog wandering near the school."}},
      {"WATER-LEAK", {"Water bubbling up from the street.", "Water running down the gutter."}},
      {"CATCH-BASIN", {"Catch basin clogged, big puddle at the corner."}},
      {"HYDRANT", {"Hydrant leaking.", "Hydrant cap missing."}},
      {"POWER-LINE", {"Wire hanging low over the sidewalk."}},
      {"INFO", {"When is the next street sweeping on our street?"}},
  };
  return k;
}

struct Step {
  Action action;
  long long at;  // seconds relative to now (<= 0)
  std::string text;
};

std::string_view Note(std::string_view outcome) {
  if (outcome == "fixed") return "Fixed. Thank you for reporting it.";
  if (outcome == "duplicate") return "Already reported: we are working on the first report.";
  if (outcome == "no_further_action") return "Inspected: no action was needed.";
  if (outcome == "referred") return "Referred to the agency responsible.";
  if (outcome == "not_responsible") return "This is not the city's to fix; the owner was told.";
  return "";
}

std::optional<Action> Closing(std::string_view outcome) {
  if (outcome == "fixed") return Action::kResolveFixed;
  if (outcome == "duplicate") return Action::kCloseDuplicate;
  if (outcome == "no_further_action") return Action::kCloseNoFurtherAction;
  if (outcome == "referred") return Action::kCloseReferred;
  if (outcome == "not_responsible") return Action::kCloseNotResponsible;
  return std::nullopt;
}

// The steps of one record's life, oldest first, ending at or before now. `pick` (0..99) is a
// stable per-record number that spreads the open states and the rare cases.
std::vector<Step> Life(const DemoRecord& d, unsigned pick) {
  std::vector<Step> steps;
  const long long opened = d.opened;
  auto closing = Closing(d.outcome);
  if (closing && d.closed && *d.closed <= 0) {
    const long long closed = std::max(*d.closed, opened + 60);
    const long long span = closed - opened;
    steps.push_back({Action::kAcknowledge, opened + std::min<long long>(3600, span / 4), ""});
    if (*closing == Action::kResolveFixed && span > 7200)
      steps.push_back({Action::kStartWork, opened + span / 2, ""});
    if (pick < 2) {  // withdrawn by the reporter instead
      steps.push_back({Action::kCancel, closed, "Withdrawn by the reporter."});
      return steps;
    }
    steps.push_back({*closing, closed, std::string(Note(d.outcome))});
    if (*closing == Action::kResolveFixed && pick >= 96 && closed < -2 * 86400) {
      steps.push_back({Action::kReopen, closed + 86400, "It is broken again."});
    }
    return steps;
  }
  // Still open: how far it got depends on its age.
  const long long age = -opened;
  if (age < 86400) return steps;  // submitted
  steps.push_back({Action::kAcknowledge, opened + 3600, ""});
  if (age < 3 * 86400 || pick < 30) return steps;
  Action next = pick < 55   ? Action::kStartWork
                : pick < 75 ? Action::kSchedule
                : pick < 88 ? Action::kWaitThirdParty
                            : Action::kWaitResident;
  std::string text = next == Action::kSchedule         ? "A crew is scheduled."
                     : next == Action::kWaitThirdParty ? "Waiting for the utility company."
                     : next == Action::kWaitResident   ? "Could you tell us the exact spot?"
                                                       : "";
  steps.push_back({next, opened + 2 * 86400, text});
  return steps;
}

}  // namespace

Result<std::vector<DemoRecord>> ParseDemoRequests(std::string_view text) {
  std::vector<DemoRecord> out;
  std::size_t pos = 0;
  int line = 1;
  std::vector<std::string> f;
  C311_TRY(ReadCsvRecord(text, &pos, &line, &f));  // the header
  const std::vector<std::string> want = {"service", "opened",  "closed",  "outcome", "lat",
                                         "lon",     "address", "channel", "photo"};
  if (f != want) return Error::InvalidArgument("demo requests: unexpected header");
  while (pos < text.size()) {
    const int at = line;
    C311_TRY(ReadCsvRecord(text, &pos, &line, &f));
    if (f.size() != want.size())
      return Error::InvalidArgument("demo requests: line " + std::to_string(at) + " is short");
    DemoRecord d;
    d.service_code = f[0];
    auto num = [](const std::string& s, auto* v) {
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
      return ec == std::errc() && p == s.data() + s.size();
    };
    long long closed = 0;
    if (!num(f[1], &d.opened) || !num(f[4], &d.lat) || !num(f[5], &d.lon) ||
        (!f[2].empty() && !num(f[2], &closed))) {
      return Error::InvalidArgument("demo requests: line " + std::to_string(at) + " is malformed");
    }
    if (!f[2].empty()) d.closed = closed;
    d.outcome = f[3];
    d.address = f[6];
    d.channel = ParseChannel(f[7]).value_or(Channel::kPhone);
    d.photo = f[8] == "1";
    out.push_back(std::move(d));
  }
  return out;
}

Result<ReplayStats> ReplayDemoRequests(const City& city, const std::vector<DemoRecord>& records,
                                       WorkflowStore& store, MediaService* media,
                                       const DemoPhotoMaker& make_photo, Timestamp now,
                                       int threads) {
  ReplayStats stats;
  std::mutex mu;  // stats, first_error, photo cache
  std::optional<Error> first_error;
  std::map<std::pair<std::string, int>, std::optional<MediaItem>> photos;
  auto photo_for = [&](const Service& s, int variant) -> std::optional<MediaItem> {
    if (media == nullptr || !make_photo) return std::nullopt;
    {
      std::lock_guard lock(mu);
      auto it = photos.find({s.code, variant});
      if (it != photos.end()) return it->second;
    }
    auto accepted = media->Accept(make_photo(s, variant));
    std::optional<MediaItem> item;
    if (accepted.ok()) item = accepted->item;
    std::lock_guard lock(mu);
    return photos.emplace(std::pair{s.code, variant}, item).first->second;
  };

  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (;;) {
      const std::size_t i = next.fetch_add(1);
      if (i >= records.size()) break;
      const DemoRecord& d = records[i];
      const Service* s = city.FindService(d.service_code);
      const bool inside =
          city.bounds.Contains(d.lat, d.lon) && (!city.areas || city.areas->InCity({d.lon, d.lat}));
      if (s == nullptr || !inside) {
        std::lock_guard lock(mu);
        ++stats.skipped;
        continue;
      }
      const unsigned pick = static_cast<unsigned>((i * 2654435761u) % 100);
      ServiceRequest r;
      r.service_code = s->code;
      r.service_name = s->name;
      const auto& phrases = Descriptions();
      auto ph = phrases.find(s->code);
      r.description =
          ph != phrases.end() ? std::string(ph->second[i % ph->second.size()]) : s->name;
      r.lat = d.lat;
      r.lon = d.lon;
      r.address = d.address;
      r.department_code =
          s->emergency && city.dispatch_department ? *city.dispatch_department : s->department_code;
      r.emergency = s->emergency;
      r.channel = d.channel;
      r.requested_at = now + seconds(d.opened);
      if (city.calendar) r.expected_at = city.calendar->Due(r.requested_at, s->sla);
      r.token = RandomToken(16);

      RequestChange change;
      change.events.push_back(CreatedEvent(r, 0));
      change.events.back().at = r.requested_at;
      RequestState state = RequestState::kSubmitted;
      Timestamp last = r.requested_at;
      std::string notes;
      for (const Step& step : Life(d, pick)) {
        RequestState to = TargetState(step.action).value_or(state);
        if (!IsAllowedTransition(state, to)) continue;
        state = to;
        last = now + seconds(std::min(step.at, 0LL));
        TimelineEvent e;
        e.at = last;
        e.kind = std::string(ActionName(step.action));
        e.state = state;
        e.text = step.text;
        change.events.push_back(std::move(e));
        if (!step.text.empty()) notes = step.text;
      }
      r.state = state;
      r.updated_at = last;
      r.status_notes = notes;
      if (IsClosed(state)) change.workflow.closed_at = last;
      std::optional<MediaItem> photo;
      if (d.photo) photo = photo_for(*s, static_cast<int>(pick % 3));
      if (photo) change.media.push_back(*photo);
      auto created = store.CreateRequest(std::move(r), change);
      std::lock_guard lock(mu);
      if (!created.ok()) {
        if (!first_error) first_error = created.error();
        continue;
      }
      ++stats.requests;
      if (IsOpen(state)) ++stats.open;
      if (photo) ++stats.with_photos;
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < std::max(1, threads); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (first_error) return *first_error;
  return stats;
}

}  // namespace civic311
