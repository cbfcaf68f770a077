#include "app/notification_worker.hpp"

#include <algorithm>
#include <map>
#include <random>

#include "app/dispatch_alerts.hpp"
#include "app/request_events.hpp"
#include "base/log.hpp"

namespace civic311 {
namespace {

constexpr int kPurgeBatch = 500;
constexpr int kAlertBatch = 20;

std::chrono::milliseconds IntervalOf(int lane, const NotificationWorkerOptions& o) {
  return lane == kUrgentLane ? o.urgent_poll_interval : o.poll_interval;
}

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
    const char* help = "Messages (e-mail, SMS, dispatch, webhook) by outcome.";
    delivered_ = &m->GetCounter("civic311_notify_messages_total", R"(result="delivered")", help);
    failed_ = &m->GetCounter("civic311_notify_messages_total", R"(result="failed")", help);
    parked_ = &m->GetCounter("civic311_notify_messages_total", R"(result="parked")", help);
    dispatch_alerts_ = &m->GetCounter("civic311_dispatch_unacknowledged_total", "",
                                      "Emergencies not acknowledged by dispatch in time "
                                      "(on-duty contacts alerted).");
    // The webhook metrics of docs/webhooks.md, kept for operators' dashboards.
    webhook_acknowledged_ = &m->GetCounter("civic311_webhook_attempts_total",
                                           R"(result="acknowledged")", "Webhook POSTs by outcome.");
    webhook_failed_ = &m->GetCounter("civic311_webhook_attempts_total", R"(result="failed")",
                                     "Webhook POSTs by outcome.");
    auto g = gauges_;
    m->AddGauge("civic311_webhook_deliveries_pending", "",
                "Webhook deliveries not yet acknowledged (including failing ones).",
                [g] { return static_cast<double>(g->pending.load()); });
    m->AddGauge("civic311_webhook_deliveries_failing", "",
                "Unacknowledged webhook deliveries whose last attempt failed.",
                [g] { return static_cast<double>(g->failing.load()); });
    m->AddGauge("civic311_webhook_oldest_pending_seconds", "",
                "Age of the oldest unacknowledged webhook delivery.",
                [g] { return static_cast<double>(g->oldest.load()); });
    m->AddGauge("civic311_webhook_messages_undispatched", "",
                "Webhook messages from before the one outbox not yet fanned out to endpoints.",
                [g] { return static_cast<double>(g->unrouted.load()); });
  }
}

NotificationWorker::~NotificationWorker() { Stop(); }

void NotificationWorker::Start() {
  if (!threads_.empty()) return;
  for (int lane = 0; lane < kLaneCount; ++lane) threads_.emplace_back([this, lane] { Loop(lane); });
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
  if (options_.on_thread_start) options_.on_thread_start(lane);
  const auto interval = IntervalOf(lane, options_);
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

std::chrono::seconds NotificationWorker::Backoff(int attempt, double jitter,
                                                 std::chrono::seconds first,
                                                 std::chrono::seconds max) {
  std::int64_t d = std::max<std::int64_t>(1, first.count());
  for (int i = 1; i < attempt && d < max.count(); ++i) d *= 2;
  d = std::min<std::int64_t>(d, std::max<std::int64_t>(1, max.count()));
  jitter = std::clamp(jitter, 0.0, 1.0);
  const auto half = d / 2;
  return std::chrono::seconds(
      std::max<std::int64_t>(1, half + static_cast<std::int64_t>((d - half) * jitter)));
}

std::vector<ClaimRoute> NotificationWorker::Routes() const {
  std::vector<ClaimRoute> routes;
  for (NotifyChannel* c : channels_) {
    std::vector<std::string> to = c->recipients();
    if (to.empty() && c->recipients_exhaustive()) continue;  // nobody to send to now
    routes.push_back(ClaimRoute{std::string(c->kind()), std::move(to)});
  }
  return routes;
}

NotifyChannel* NotificationWorker::Find(std::string_view kind) const {
  for (NotifyChannel* c : channels_)
    if (c->kind() == kind) return c;
  return nullptr;
}

void NotificationWorker::CheckDispatchAcknowledgements(Timestamp now) {
  auto late = outbox_.UnacknowledgedDispatch(now - options_.dispatch_ack_timeout, kAlertBatch);
  if (!late.ok()) {
    Log(LogLevel::kError, "dispatch acknowledgement check failed",
        {{"error", late.error().detail}});
    return;
  }
  for (const OutboxItem& d : *late) {
    std::vector<OutboxMessage> alerts = DispatchAlerts(d, options_.on_duty, now);
    Status s = outbox_.RecordDispatchAlert(d.id, alerts, now);
    if (!s.ok()) {
      Log(LogLevel::kError, "dispatch alert not recorded",
          {{"id", std::to_string(d.id)}, {"error", s.error().detail}});
      continue;
    }
    if (dispatch_alerts_ != nullptr) dispatch_alerts_->Inc();
    Log(LogLevel::kError, "emergency not acknowledged by dispatch; on-duty contacts alerted",
        {{"id", std::to_string(d.id)},
         {"request", d.request_id ? std::to_string(*d.request_id) : "-"},
         {"attempts", std::to_string(d.attempt)},
         {"error", d.last_error},
         {"alerts",
          alerts.empty() ? "none: [dispatch] on_duty is empty" : std::to_string(alerts.size())}});
  }
}

void NotificationWorker::RefreshWebhookGauges(Timestamp now) {
  if (options_.metrics == nullptr) return;
  auto stats = outbox_.Stats(now, "webhook");
  if (!stats.ok()) return;
  gauges_->pending = stats->pending + stats->parked;
  gauges_->failing = stats->failing;
  gauges_->unrouted = stats->unrouted;
  gauges_->oldest = stats->oldest_pending_seconds;
}

Result<int> NotificationWorker::RunOnce(int lane) {
  Timestamp now = clock_.Now();
  if (lane == kOrdinaryLane && (!last_purge_ || now - *last_purge_ >= options_.purge_interval)) {
    last_purge_ = now;
    auto purged =
        outbox_.Purge(now - options_.keep_delivered, now - options_.keep_parked, kPurgeBatch);
    if (!purged.ok())
      Log(LogLevel::kError, "outbox purge failed", {{"error", purged.error().detail}});
    else if (*purged == kPurgeBatch)
      last_purge_.reset();  // more to go: again next round
    for (const RetentionJob& job : options_.retention) {
      auto deleted = job.run(now, kPurgeBatch);
      if (!deleted.ok())
        Log(LogLevel::kError, "retention job failed",
            {{"job", job.name}, {"error", deleted.error().detail}});
      else if (*deleted == kPurgeBatch)
        last_purge_.reset();
    }
  }
  if (lane == 0 && options_.periodic &&
      (!last_periodic_ || now - *last_periodic_ >= options_.periodic_interval)) {
    last_periodic_ = now;
    options_.periodic();
  }
  if (lane == kUrgentLane) CheckDispatchAcknowledgements(now);
  if (lane == kWebhookLane && (!last_fan_out_ || now - *last_fan_out_ >= options_.purge_interval)) {
    // Webhook messages written before migration 0014 (one row for every endpoint): rare, so
    // looked for at start and hourly.
    last_fan_out_ = now;
    const std::vector<WebhookEndpoint> hooks =
        options_.current_webhooks ? options_.current_webhooks() : options_.webhooks;
    auto fanned = outbox_.FanOutUnrouted(
        [&hooks](std::string_view stored) {
          // Old rows may name the action ("resolve_fixed") rather than the webhook event.
          std::string event(WebhookEventName(stored));
          for (std::string_view known : kWebhookEvents)
            if (known == stored) event = std::string(stored);
          std::vector<std::string> names;
          for (const WebhookEndpoint& e : hooks)
            if (e.Wants(event)) names.push_back(e.name);
          return std::pair(event, names);
        },
        now, kPurgeBatch);
    if (!fanned.ok())
      Log(LogLevel::kError, "webhook fan-out failed", {{"error", fanned.error().detail}});
    else if (*fanned == kPurgeBatch)
      last_fan_out_.reset();
  }
  const std::vector<ClaimRoute> routes = Routes();
  if (routes.empty()) {
    if (lane == kWebhookLane) RefreshWebhookGauges(now);
    return 0;
  }
  auto claimed = outbox_.Claim(lane, now, options_.lease, routes, options_.batch);
  if (!claimed.ok()) {
    Log(LogLevel::kError, "outbox claim failed", {{"error", claimed.error().detail}});
    return std::move(claimed).error();
  }
  std::vector<std::int64_t> delivered, stopped;
  const Timestamp claimed_at = now;
  auto last_record = std::chrono::steady_clock::now();
  auto record = [&] {
    if (delivered.empty()) return;
    Status s = outbox_.MarkDelivered(delivered, clock_.Now());
    if (!s.ok()) Log(LogLevel::kError, "deliveries not recorded", {{"error", s.error().detail}});
    delivered.clear();
    last_record = std::chrono::steady_clock::now();
  };
  // Receivers that failed this round (fails_together channels): kind + recipient → retry at.
  std::map<std::string, Timestamp, std::less<>> down_until;
  for (const OutboxItem& m : *claimed) {
    if (clock_.Now() - claimed_at >= options_.lease / 2) break;  // the rest: after the lease
    NotifyChannel* channel = Find(m.kind);
    if (channel == nullptr) continue;  // cannot happen: Claim takes configured kinds only
    const std::string receiver = m.kind + '\x1f' + m.recipient;
    if (auto it = down_until.find(receiver); it != down_until.end()) {
      (void)outbox_.Release(m.id, m.attempt, it->second);
      continue;
    }
    if (!m.recipient.empty() && (m.kind == "email" || m.kind == "sms")) {
      auto is_stopped = outbox_.IsStopped(m.recipient, m.request_id.value_or(0));
      if (is_stopped.ok() && *is_stopped) {
        stopped.push_back(m.id);
        continue;
      }
    }
    SendResult r = channel->Send(m);
    now = clock_.Now();
    const bool webhook = m.kind == "webhook";
    if (r.outcome == SendResult::Outcome::kDelivered) {
      delivered.push_back(m.id);
      if (delivered_ != nullptr) delivered_->Inc();
      if (webhook && webhook_acknowledged_ != nullptr) webhook_acknowledged_->Inc();
      // Dispatch pushes and on-duty alerts are recorded at once: an acknowledgement must not
      // wait for a group (the acknowledgement check reads it).
      if (static_cast<int>(delivered.size()) >= options_.record_every || lane == kUrgentLane ||
          std::chrono::steady_clock::now() - last_record >= options_.record_after)
        record();
      continue;
    }
    if (webhook && webhook_failed_ != nullptr) webhook_failed_->Inc();
    const bool give_up =
        r.outcome == SendResult::Outcome::kRejected || now - m.created_at >= channel->budget();
    Log(LogLevel::kWarn, give_up ? "message parked" : "message delivery failed",
        {{"id", std::to_string(m.id)},
         {"kind", m.kind},
         {"recipient", webhook ? m.recipient : std::string()},
         {"attempt", std::to_string(m.attempt)},
         {"error", r.error}});
    Status s = OkStatus();
    if (give_up) {
      if (parked_ != nullptr) parked_->Inc();
      s = outbox_.Park(m.id, m.attempt, r.error, now);
    } else {
      if (failed_ != nullptr) failed_->Inc();
      const Timestamp retry_at =
          now + Backoff(m.attempt, options_.jitter(), channel->first_retry(), channel->max_retry());
      if (channel->fails_together()) down_until[receiver] = retry_at;
      s = outbox_.MarkFailed(m.id, m.attempt, r.error, retry_at);
    }
    if (!s.ok())
      Log(LogLevel::kError, "message outcome not recorded",
          {{"id", std::to_string(m.id)}, {"error", s.error().detail}});
  }
  record();
  if (!stopped.empty()) (void)outbox_.MarkDelivered(stopped, clock_.Now(), "stopped by recipient");
  if (lane == kWebhookLane) RefreshWebhookGauges(clock_.Now());
  return static_cast<int>(claimed->size());
}

}  // namespace civic311
