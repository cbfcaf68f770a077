#include "app/webhook_worker.hpp"

#include <algorithm>
#include <map>
#include <random>

#include "app/request_events.hpp"
#include "base/crypto.hpp"
#include "base/log.hpp"

namespace civic311 {
namespace {

// The "event" member of an outbox payload. Payloads are written by app/request_events.cpp (a
// flat JSON object whose event name needs no escaping), so a scan is enough; older rows carry
// the action name there, which WebhookEventName maps.
std::string EventOf(std::string_view payload) {
  constexpr std::string_view kKey = "\"event\":\"";
  const size_t at = payload.find(kKey);
  if (at == std::string_view::npos) return "state_changed";
  const size_t from = at + kKey.size();
  const size_t end = payload.find('"', from);
  if (end == std::string_view::npos) return "state_changed";
  const std::string_view name = payload.substr(from, end - from);
  for (std::string_view known : kWebhookEvents)
    if (known == name) return std::string(name);
  return std::string(WebhookEventName(name));
}

bool Acknowledged(int status) { return status >= 200 && status <= 299; }

constexpr int kPurgeBatch = 500;  // rows per purge or no-endpoint fan-out transaction

}  // namespace

WebhookWorker::WebhookWorker(std::vector<WebhookTarget> targets, WebhookOutbox& outbox,
                             WebhookTransport& transport, const Clock& clock,
                             WebhookWorkerOptions options)
    : targets_(std::move(targets)),
      outbox_(outbox),
      transport_(transport),
      clock_(clock),
      options_(std::move(options)) {
  for (const WebhookTarget& t : targets_) names_.push_back(t.endpoint.name);
  if (!options_.jitter) {
    auto rng = std::make_shared<std::mt19937_64>(std::random_device{}());
    auto mu = std::make_shared<std::mutex>();
    options_.jitter = [rng, mu] {
      std::lock_guard lock(*mu);
      return std::uniform_real_distribution<double>(0.0, 1.0)(*rng);
    };
  }
  if (MetricsRegistry* m = options_.metrics) {
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
                "Webhook outbox messages not yet fanned out to endpoints.",
                [g] { return static_cast<double>(g->undispatched.load()); });
    acknowledged_ = &m->GetCounter("civic311_webhook_attempts_total", R"(result="acknowledged")",
                                   "Webhook POSTs by outcome.");
    failed_ = &m->GetCounter("civic311_webhook_attempts_total", R"(result="failed")",
                             "Webhook POSTs by outcome.");
  }
}

WebhookWorker::~WebhookWorker() { Stop(); }

void WebhookWorker::Start() {
  // Also with no endpoints: messages are then marked as sent to nobody and purged in time, so
  // the outbox does not grow without bound (an endpoint configured later gets events from then).
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Loop(); });
}

void WebhookWorker::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WebhookWorker::Loop() {
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    auto posted = RunOnce();
    const bool full = posted.ok() && *posted >= options_.batch;
    // Without endpoints there is nothing to hurry for: a round every 10 s at most.
    const auto interval = targets_.empty() ? std::max<std::chrono::milliseconds>(
                                                 options_.poll_interval, std::chrono::seconds(10))
                                           : options_.poll_interval;
    std::unique_lock lock(mu_);
    if (!full) cv_.wait_for(lock, interval, [this] { return stopping_; });
  }
}

std::chrono::seconds WebhookWorker::Backoff(int attempt, double jitter, std::chrono::seconds first,
                                            std::chrono::seconds max) {
  std::int64_t d = std::max<std::int64_t>(1, first.count());
  for (int i = 1; i < attempt && d < max.count(); ++i) d *= 2;
  d = std::min<std::int64_t>(d, std::max<std::int64_t>(1, max.count()));
  jitter = std::clamp(jitter, 0.0, 1.0);
  const auto half = d / 2;
  return std::chrono::seconds(
      std::max<std::int64_t>(1, half + static_cast<std::int64_t>((d - half) * jitter)));
}

std::string WebhookWorker::Signature(std::string_view secret, std::string_view timestamp,
                                     std::string_view body) {
  std::string message;
  message.reserve(timestamp.size() + 1 + body.size());
  message.append(timestamp).append(".").append(body);
  return "sha256=" + HmacSha256Hex(secret, message);
}

std::string WebhookWorker::Body(const WebhookDelivery& d) {
  std::string out = "{\"delivery_id\":\"" + std::to_string(d.id) + "\",\"webhook\":\"";
  AppendJsonEscaped(out, d.endpoint);
  out += '"';
  std::string_view rest = d.payload;
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n')) rest.remove_prefix(1);
  if (rest.starts_with('{')) {
    rest.remove_prefix(1);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n')) rest.remove_prefix(1);
    if (!rest.starts_with('}')) out += ',';
    out.append(rest);
  } else {
    out += '}';  // not an object (never written so): send the ids only
  }
  return out;
}

const WebhookTarget* WebhookWorker::Find(std::string_view name) const {
  for (const WebhookTarget& t : targets_)
    if (t.endpoint.name == name) return &t;
  return nullptr;
}

std::vector<std::pair<std::string, std::string>> WebhookWorker::Route(
    std::string_view payload) const {
  const std::string event = EventOf(payload);
  std::vector<std::pair<std::string, std::string>> out;
  for (const WebhookTarget& t : targets_)
    if (t.endpoint.Wants(event)) out.emplace_back(t.endpoint.name, event);
  return out;
}

void WebhookWorker::RefreshStats() {
  auto stats = outbox_.Stats(clock_.Now());
  if (!stats.ok()) return;
  gauges_->pending = stats->pending;
  gauges_->failing = stats->failing;
  gauges_->undispatched = stats->undispatched;
  gauges_->oldest = stats->oldest_pending_seconds;
}

Result<int> WebhookWorker::RunOnce() {
  const Timestamp now = clock_.Now();
  if (!last_purge_ || now - *last_purge_ >= options_.purge_interval) {
    last_purge_ = now;
    auto purged = outbox_.Purge(now - options_.retention, kPurgeBatch);
    if (!purged.ok()) {
      Log(LogLevel::kError, "webhook outbox purge failed", {{"error", purged.error().detail}});
    } else if (*purged == kPurgeBatch) {
      last_purge_.reset();  // more to go: again next round
    }
  }
  // With no endpoints, messages are fanned out to nobody (and purged later) in large batches.
  const int fan_limit = targets_.empty() ? kPurgeBatch : options_.batch;
  auto fanned = outbox_.FanOut([this](std::string_view p) { return Route(p); }, now, fan_limit);
  if (!fanned.ok()) {
    Log(LogLevel::kError, "webhook fan-out failed", {{"error", fanned.error().detail}});
    return std::move(fanned).error();
  }
  if (targets_.empty()) return 0;
  auto claimed = outbox_.Claim(clock_.Now(), options_.lease, names_, options_.batch);
  if (!claimed.ok()) {
    Log(LogLevel::kError, "webhook claim failed", {{"error", claimed.error().detail}});
    return std::move(claimed).error();
  }
  int posted = 0;
  // An endpoint that just failed is not tried again this round: its other deliveries go back,
  // due when the failed one is retried, so one dead endpoint costs one timeout per round.
  std::map<std::string, Timestamp, std::less<>> failed_until;
  for (const WebhookDelivery& d : *claimed) {
    if (auto it = failed_until.find(d.endpoint); it != failed_until.end()) {
      (void)outbox_.Release(d.id, d.attempt, it->second);
      continue;
    }
    const WebhookTarget* target = Find(d.endpoint);
    if (target == nullptr) continue;  // cannot happen: Claim takes only configured endpoints
    WebhookPost post;
    post.url = target->endpoint.url;
    post.body = Body(d);
    const std::string timestamp = std::to_string(clock_.Now().time_since_epoch().count());
    post.headers = {
        {"Content-Type", "application/json"},
        {"User-Agent", "civic311-webhook/1"},
        {"X-Civic311-Event", d.event},
        {"X-Civic311-Delivery", std::to_string(d.id)},
        {"X-Civic311-Attempt", std::to_string(d.attempt)},
        {"X-Civic311-Timestamp", timestamp},
        {"X-Civic311-Signature", Signature(target->secret, timestamp, post.body)},
    };
    WebhookResponse answer = transport_.Post(post);
    ++posted;
    if (Acknowledged(answer.status)) {
      if (acknowledged_ != nullptr) acknowledged_->Inc();
      Status s = outbox_.MarkDelivered(d.id, clock_.Now());
      if (!s.ok())
        Log(LogLevel::kError, "webhook acknowledgement not recorded",
            {{"delivery", std::to_string(d.id)}, {"error", s.error().detail}});
      continue;
    }
    if (failed_ != nullptr) failed_->Inc();
    std::string error = answer.status != 0 ? "HTTP " + std::to_string(answer.status)
                                           : (answer.error.empty() ? "no response" : answer.error);
    const Timestamp retry_at = clock_.Now() + Backoff(d.attempt, options_.jitter(),
                                                      options_.first_retry, options_.max_retry);
    failed_until[d.endpoint] = retry_at;
    Log(LogLevel::kWarn, "webhook delivery failed",
        {{"endpoint", d.endpoint},
         {"delivery", std::to_string(d.id)},
         {"attempt", std::to_string(d.attempt)},
         {"error", error}});
    Status s = outbox_.MarkFailed(d.id, d.attempt, error, retry_at);
    if (!s.ok())
      Log(LogLevel::kError, "webhook failure not recorded",
          {{"delivery", std::to_string(d.id)}, {"error", s.error().detail}});
  }
  RefreshStats();
  return posted;
}

}  // namespace civic311
