#include "app/notification_worker.hpp"

#include <memory>
#include <random>

#include "app/webhook_worker.hpp"
#include "base/log.hpp"

namespace civic311 {
namespace {

constexpr int kPurgeBatch = 500;
constexpr int kLanes = 2;

}  // namespace

NotificationWorker::NotificationWorker(std::vector<NotifyChannel*> channels, NotifyOutbox& outbox,
                                       const Clock& clock, NotificationWorkerOptions options)
    : channels_(std::move(channels)), outbox_(outbox), clock_(clock), options_(std::move(options)) {
  for (NotifyChannel* c : channels_) kinds_.emplace_back(c->kind());
  if (!options_.jitter) {
    auto rng = std::make_shared<std::mt19937_64>(std::random_device{}());
    auto mu = std::make_shared<std::mutex>();
    options_.jitter = [rng, mu] {
      std::lock_guard lock(*mu);
      return std::uniform_real_distribution<double>(0.0, 1.0)(*rng);
    };
  }
  if (MetricsRegistry* m = options_.metrics) {
    const char* help = "Messages (e-mail, SMS, dispatch) by outcome.";
    delivered_ = &m->GetCounter("civic311_notify_messages_total", R"(result="delivered")", help);
    failed_ = &m->GetCounter("civic311_notify_messages_total", R"(result="failed")", help);
    parked_ = &m->GetCounter("civic311_notify_messages_total", R"(result="parked")", help);
  }
}

NotificationWorker::~NotificationWorker() { Stop(); }

void NotificationWorker::Start() {
  if (!threads_.empty()) return;
  for (int lane = 0; lane < kLanes; ++lane) threads_.emplace_back([this, lane] { Loop(lane); });
}

void NotificationWorker::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void NotificationWorker::Loop(int lane) {
  const auto interval = lane == 1 ? options_.urgent_poll_interval : options_.poll_interval;
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    auto handled = RunOnce(lane);
    const bool full = handled.ok() && *handled >= options_.batch;
    std::unique_lock lock(mu_);
    if (!full) cv_.wait_for(lock, interval, [this] { return stopping_; });
  }
}

NotifyChannel* NotificationWorker::Find(std::string_view kind) const {
  for (NotifyChannel* c : channels_)
    if (c->kind() == kind) return c;
  return nullptr;
}

Result<int> NotificationWorker::RunOnce(int lane) {
  Timestamp now = clock_.Now();
  if (lane == 0 && (!last_purge_ || now - *last_purge_ >= options_.purge_interval)) {
    last_purge_ = now;
    auto purged =
        outbox_.Purge(now - options_.keep_delivered, now - options_.keep_parked, kPurgeBatch);
    if (!purged.ok())
      Log(LogLevel::kError, "outbox purge failed", {{"error", purged.error().detail}});
    else if (*purged == kPurgeBatch)
      last_purge_.reset();  // more to go: again next round
  }
  if (lane == 0 && options_.periodic &&
      (!last_periodic_ || now - *last_periodic_ >= options_.periodic_interval)) {
    last_periodic_ = now;
    options_.periodic();
  }
  if (kinds_.empty()) return 0;
  auto claimed = outbox_.Claim(lane, now, options_.lease, kinds_, options_.batch);
  if (!claimed.ok()) {
    Log(LogLevel::kError, "outbox claim failed", {{"error", claimed.error().detail}});
    return std::move(claimed).error();
  }
  std::vector<std::int64_t> delivered, stopped;
  const Timestamp claimed_at = now;
  auto record = [&] {
    if (delivered.empty()) return;
    Status s = outbox_.MarkDelivered(delivered, clock_.Now());
    if (!s.ok()) Log(LogLevel::kError, "deliveries not recorded", {{"error", s.error().detail}});
    delivered.clear();
  };
  for (const OutboxItem& m : *claimed) {
    if (clock_.Now() - claimed_at >= options_.lease / 2) break;  // the rest: after the lease
    NotifyChannel* channel = Find(m.kind);
    if (channel == nullptr) continue;  // cannot happen: Claim takes configured kinds only
    if (!m.recipient.empty() && m.kind != "dispatch") {
      auto is_stopped = outbox_.IsStopped(m.recipient, m.request_id.value_or(0));
      if (is_stopped.ok() && *is_stopped) {
        stopped.push_back(m.id);
        continue;
      }
    }
    SendResult r = channel->Send(m);
    now = clock_.Now();
    if (r.outcome == SendResult::Outcome::kDelivered) {
      delivered.push_back(m.id);
      if (delivered_ != nullptr) delivered_->Inc();
      if (static_cast<int>(delivered.size()) >= options_.record_every) record();
      continue;
    }
    const bool give_up =
        r.outcome == SendResult::Outcome::kRejected || now - m.created_at >= channel->budget();
    Log(LogLevel::kWarn, give_up ? "message parked" : "message delivery failed",
        {{"id", std::to_string(m.id)},
         {"kind", m.kind},
         {"attempt", std::to_string(m.attempt)},
         {"error", r.error}});
    Status s = OkStatus();
    if (give_up) {
      if (parked_ != nullptr) parked_->Inc();
      s = outbox_.Park(m.id, m.attempt, r.error, now);
    } else {
      if (failed_ != nullptr) failed_->Inc();
      const auto delay = WebhookWorker::Backoff(m.attempt, options_.jitter(),
                                                channel->first_retry(), channel->max_retry());
      s = outbox_.MarkFailed(m.id, m.attempt, r.error, now + delay);
    }
    if (!s.ok())
      Log(LogLevel::kError, "message outcome not recorded",
          {{"id", std::to_string(m.id)}, {"error", s.error().detail}});
  }
  record();
  if (!stopped.empty()) (void)outbox_.MarkDelivered(stopped, clock_.Now(), "stopped by recipient");
  return static_cast<int>(claimed->size());
}

}  // namespace civic311
