#include "app/alert_fanout.hpp"

#include <map>

#include "app/alert_messages.hpp"
#include "app/alert_service.hpp"
#include "base/log.hpp"

namespace civic311 {
namespace {

constexpr int kDigestBatch = 100;

const AreaIndex& Areas(const City& city) {
  static const AreaIndex kNone;
  return city.areas ? *city.areas : kNone;
}

}  // namespace

AlertFanout::AlertFanout(AlertStore& store, CitySource city, const Clock& clock,
                         AlertFanoutOptions options)
    : store_(store), city_(std::move(city)), clock_(clock), options_(options) {
  if (options_.metrics != nullptr) {
    messages_ = &options_.metrics->GetCounter(
        "civic311_alert_messages_total", "",
        "Follower and area-alert e-mails written by the fan-out (digests included).");
  }
}

AlertFanout::~AlertFanout() { Stop(); }

void AlertFanout::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Loop(); });
}

void AlertFanout::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AlertFanout::Loop() {
  if (options_.on_thread_start) options_.on_thread_start();
  auto last_digest = std::chrono::steady_clock::time_point{};
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    auto read = RunOnce();
    if (!read.ok()) Log(LogLevel::kError, "alert fan-out failed", {{"error", read.error().detail}});
    if (std::chrono::steady_clock::now() - last_digest >= options_.digest_interval) {
      last_digest = std::chrono::steady_clock::now();
      auto sent = SendDueDigests(clock_.Now());
      if (!sent.ok())
        Log(LogLevel::kError, "alert digests failed", {{"error", sent.error().detail}});
    }
    const bool full = read.ok() && *read >= options_.batch;
    std::unique_lock lock(mu_);
    if (!full) cv_.wait_for(lock, options_.poll_interval, [this] { return stopping_; });
  }
}

Status AlertFanout::RefreshBoxes(const std::shared_ptr<const City>& city) {
  if (city == boxes_for_) return OkStatus();
  auto moved = store_.RefreshAreaBoxes([&](std::string_view area) {
    AreaAlert probe;
    probe.area = std::string(area);
    return MakeAlertShape(probe, Areas(*city)).ok() ? std::optional(probe.box) : std::nullopt;
  });
  if (!moved.ok()) return std::move(moved).error();
  if (*moved > 0)
    Log(LogLevel::kInfo, "area alert boxes redrawn", {{"count", std::to_string(*moved)}});
  boxes_for_ = city;
  return OkStatus();
}

Result<int> AlertFanout::RunOnce() {
  // One snapshot for the whole batch (docs/architecture.md, "The configuration snapshot").
  const std::shared_ptr<const City> city = city_.Current();
  C311_TRY(RefreshBoxes(city));
  auto batch = store_.ReadFanout(options_.batch);
  if (!batch.ok()) return std::move(batch).error();
  if (batch->to <= batch->from) return 0;
  std::vector<OutboxMessage> messages;
  std::vector<std::pair<std::int64_t, RequestId>> digest;
  std::map<RequestId, std::vector<FollowerAddress>> followers;  // per request, once per batch
  for (const FanoutItem& item : batch->items) {
    const TimelineEvent& e = item.event;
    const ServiceRequest& r = item.request;
    if (r.internal) continue;
    if (e.kind == "created") {
      if (!r.lat || !r.lon) continue;
      auto alerts = store_.AlertsCovering(*r.lat, *r.lon);
      if (!alerts.ok()) return std::move(alerts).error();
      for (const AreaAlert& a : *alerts) {
        if (!a.confirmed_at || !AlertMatches(a, r, Areas(*city))) continue;
        if (a.mode == AlertMode::kImmediate) messages.push_back(AlertNewMessage(a, e, r));
        if (a.mode == AlertMode::kDigest) digest.emplace_back(a.id, r.id);
      }
      continue;
    }
    if (e.internal) continue;
    auto it = followers.find(r.id);
    if (it == followers.end()) {
      auto list = store_.FollowerAddresses(r.id);
      if (!list.ok()) return std::move(list).error();
      it = followers.emplace(r.id, std::move(*list)).first;
    }
    for (const FollowerAddress& f : it->second) {
      if (auto m = FollowUpdateMessage(e, r, f.address, f.lang)) messages.push_back(std::move(*m));
    }
  }
  auto committed = store_.CommitFanout(batch->from, batch->to, messages, digest);
  if (!committed.ok()) return std::move(committed).error();
  if (!*committed) return 0;  // another worker wrote this batch
  if (messages_ != nullptr) messages_->Inc(messages.size());
  return static_cast<int>(batch->to - batch->from);
}

Result<int> AlertFanout::SendDueDigests(Timestamp due_by) {
  auto due = store_.DueDigests(due_by, kDigestBatch);
  const Timestamp now = clock_.Now();
  if (!due.ok()) return std::move(due).error();
  int sent = 0;
  const Timestamp next = NextDigestAt(now, city_.Current()->calendar.get());
  for (std::int64_t id : *due) {
    auto n = store_.TakeDigest(
        id, next,
        [&](const AreaAlert& a,
            const std::vector<ServiceRequest>& requests) -> std::optional<OutboxMessage> {
          if (requests.empty()) return std::nullopt;
          return AlertDigestMessage(a, requests, now);
        });
    if (!n.ok()) return std::move(n).error();
    if (*n > 0) ++sent;
  }
  if (messages_ != nullptr) messages_->Inc(static_cast<std::uint64_t>(sent));
  return sent;
}

}  // namespace civic311
