#include "main/notify.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "app/alert_service.hpp"
#include "app/registration_retention.hpp"
#include "base/log.hpp"

namespace civic311 {
namespace {

std::string FlagOrEnv(const cli::Args& args, const char* flag, const char* env) {
  if (args.Has(flag)) return args.Get(flag);
  const char* v = std::getenv(env);
  return v != nullptr ? v : "";
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

bool HasScheme(const std::string& url, std::initializer_list<const char*> schemes) {
  for (const char* s : schemes)
    if (url.rfind(std::string(s) + "://", 0) == 0 && url.size() > std::string(s).size() + 3)
      return true;
  return false;
}

}  // namespace

std::vector<cli::FlagSpec> NotifyFlagSpecs() {
  return {
      {"public-url", true, false,
       "base of every link in a message [CIVIC311_PUBLIC_URL] (default http://LISTEN-ADDRESS)"},
      {"smtp", true, false,
       "smtp://[user@]host:port (STARTTLS when offered) or smtps://… [CIVIC311_SMTP_URL]"},
      {"smtp-password-file", true, false,
       "file holding the SMTP password (else CIVIC311_SMTP_PASSWORD)"},
      {"mail-from", true, false, "\"Name <address>\" of every e-mail [CIVIC311_MAIL_FROM]"},
      {"sms-gateway", true, false,
       "URL receiving a form POST To, From, Body [CIVIC311_SMS_GATEWAY]; basic auth from "
       "CIVIC311_SMS_AUTH"},
      {"sms-from", true, false, "the sender number of SMS [CIVIC311_SMS_FROM]"},
      {"dispatch-url", true, false,
       "where emergencies are pushed [CIVIC311_DISPATCH_URL]; signed with "
       "CIVIC311_DISPATCH_SECRET"},
  };
}

Result<NotifySettings> ReadNotifySettings(const cli::Args& args,
                                          const std::string& default_public_url) {
  NotifySettings s;
  s.public_url = FlagOrEnv(args, "public-url", "CIVIC311_PUBLIC_URL");
  if (s.public_url.empty()) s.public_url = default_public_url;
  while (!s.public_url.empty() && s.public_url.back() == '/') s.public_url.pop_back();
  if (!HasScheme(s.public_url, {"http", "https"}))
    return Error::InvalidArgument("--public-url wants an http:// or https:// URL");
  s.smtp_url = FlagOrEnv(args, "smtp", "CIVIC311_SMTP_URL");
  if (!s.smtp_url.empty() && !HasScheme(s.smtp_url, {"smtp", "smtps"}))
    return Error::InvalidArgument("--smtp wants smtp://host:port or smtps://host:port");
  if (args.Has("smtp-password-file")) {
    std::ifstream in(args.Get("smtp-password-file"), std::ios::binary);
    if (!in)
      return Error::InvalidArgument("cannot read --smtp-password-file " +
                                    args.Get("smtp-password-file"));
    std::ostringstream text;
    text << in.rdbuf();
    s.smtp_password = text.str();
    while (!s.smtp_password.empty() &&
           (s.smtp_password.back() == '\n' || s.smtp_password.back() == '\r'))
      s.smtp_password.pop_back();
  } else {
    s.smtp_password = Env("CIVIC311_SMTP_PASSWORD");
  }
  s.mail_from = FlagOrEnv(args, "mail-from", "CIVIC311_MAIL_FROM");
  if (!s.smtp_url.empty() && s.mail_from.find('@') == std::string::npos)
    return Error::InvalidArgument("--smtp needs --mail-from \"Name <address>\"");
  s.sms_gateway = FlagOrEnv(args, "sms-gateway", "CIVIC311_SMS_GATEWAY");
  if (!s.sms_gateway.empty() && !HasScheme(s.sms_gateway, {"http", "https"}))
    return Error::InvalidArgument("--sms-gateway wants an http:// or https:// URL");
  s.sms_from = FlagOrEnv(args, "sms-from", "CIVIC311_SMS_FROM");
  s.sms_auth = Env("CIVIC311_SMS_AUTH");
  s.dispatch_url = FlagOrEnv(args, "dispatch-url", "CIVIC311_DISPATCH_URL");
  if (!s.dispatch_url.empty() && !HasScheme(s.dispatch_url, {"http", "https"}))
    return Error::InvalidArgument("--dispatch-url wants an http:// or https:// URL");
  s.dispatch_secret = Env("CIVIC311_DISPATCH_SECRET");
  s.web_dir = args.Get("web-dir", "");
  return s;
}

Result<std::unique_ptr<RunningNotify>> StartNotify(std::shared_ptr<LiveCity> live_city,
                                                   SqliteStore& store, const Clock& clock,
                                                   MetricsRegistry& metrics,
                                                   const NotifySettings& settings) {
  // The flags' channels are set once, at start-up; what the city configures follows it (the
  // listener at the end).
  const std::shared_ptr<const City> snapshot = live_city->Current();
  const City& city = *snapshot;
  auto out = std::make_unique<RunningNotify>();
  // --web-dir shadows message templates and words exactly as it does pages.
  out->assets = std::make_unique<assets::Assets>(settings.web_dir);
  out->engine = std::make_unique<assets::TemplateEngine>(*out->assets);
  auto catalog = assets::MessageCatalog::Load(*out->assets);
  if (!catalog.ok()) return std::move(catalog).error();
  out->catalog = std::make_unique<assets::MessageCatalog>(std::move(*catalog));
  out->outbox = std::make_unique<SqliteNotifyOutbox>(store);
  auto key = out->outbox->LinkKey();
  if (!key.ok()) return std::move(key).error();
  notify::Branding branding = notify::BrandingOf(city, settings.public_url);
  out->renderer = std::make_unique<notify::MessageRenderer>(
      *out->engine, *out->catalog, std::move(branding),
      notify::Links(settings.public_url, std::move(*key)));
  std::vector<NotifyChannel*> live;
  if (!settings.smtp_url.empty()) {
    out->channels.push_back(std::make_unique<notify::EmailChannel>(
        notify::EmailOptions{settings.smtp_url, settings.smtp_password, settings.mail_from},
        *out->renderer));
  }
  if (!settings.sms_gateway.empty()) {
    out->channels.push_back(std::make_unique<notify::SmsChannel>(
        settings.sms_gateway, settings.sms_from, settings.sms_auth, *out->renderer));
  }
  if (!settings.dispatch_url.empty()) {
    out->channels.push_back(
        std::make_unique<notify::DispatchChannel>(settings.dispatch_url, settings.dispatch_secret));
  }
  for (const auto& c : out->channels) {
    live.push_back(c.get());
    if (!out->live.empty()) out->live += ", ";
    out->live += c->kind();
  }
  // At start-up a secret that cannot be read stops the process (one clear line); later versions
  // leave such an endpoint out. The channel exists without endpoints too, so that an admin's
  // first [[webhooks]] entry is delivered without a restart (no endpoint: it claims nothing).
  auto targets = ReadWebhookTargets(city);
  if (!targets.ok()) return std::move(targets).error();
  if (!targets->empty()) out->live += out->live.empty() ? "webhook" : ", webhook";
  out->webhook_transport = std::make_unique<HttpWebhookTransport>();
  auto webhook_channel =
      std::make_unique<WebhookChannel>(std::move(*targets), *out->webhook_transport, clock);
  out->webhooks = webhook_channel.get();
  out->channels.push_back(std::move(webhook_channel));
  live.push_back(out->webhooks);
  NotificationWorkerOptions options;
  options.metrics = &metrics;
  options.on_duty = city.on_duty;
  options.dispatch_ack_timeout = city.dispatch_ack_timeout;
  options.current_webhooks = [live_city] { return live_city->Current()->webhooks; };
  // Delivery never takes the CPU from intake: the ordinary and webhook lanes run at a lower
  // priority (nice 10; Linux applies it per thread); the urgent lane keeps the normal one, so
  // dispatch is not slowed (docs/performance.md, "Notifications").
  options.on_thread_start = [](int lane) {
    if (lane != kUrgentLane) (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
  };
  // A tuning knob (docs/notifications.md): how soon a crashed worker's claims come back.
  if (const char* lease = std::getenv("CIVIC311_NOTIFY_LEASE_SECONDS")) {
    const long s = std::atol(lease);
    if (s >= 2 && s <= 3600) options.lease = std::chrono::seconds(s);
  }
  // Staff digests (docs/notifications.md, "Staff alerts"): checked every minute by lane 0.
  // CIVIC311_DIGEST_PERIOD_SECONDS (tests, demos) shortens the day.
  std::chrono::seconds digest_period = std::chrono::hours(24);
  if (const char* p = std::getenv("CIVIC311_DIGEST_PERIOD_SECONDS")) {
    const long s = std::atol(p);
    if (s >= 1 && s <= 7 * 24 * 3600) digest_period = std::chrono::seconds(s);
  }
  out->workflow = std::make_unique<SqliteWorkflowStore>(store, &clock);
  out->digests = std::make_unique<StaffDigestService>(*out->workflow, clock, digest_period);
  options.periodic_interval =
      std::min<std::chrono::seconds>(std::chrono::minutes(1), digest_period);
  options.periodic = [digests = out->digests.get()] {
    auto written = digests->SendDue();
    if (!written.ok())
      Log(LogLevel::kError, "staff digests failed", {{"error", written.error().detail}});
    else if (*written > 0)
      Log(LogLevel::kInfo, "staff digests written", {{"count", std::to_string(*written)}});
  };
  // The portal's registrations leave with the outbox's old rows (docs/portal.md, "Accounts").
  out->registrations = std::make_unique<SqlitePortalStore>(store);
  options.retention.push_back(RegistrationRetention(*out->registrations));
  // Follows and alerts never confirmed go when their link expires (docs/notifications.md).
  out->alert_store = std::make_unique<SqliteAlertStore>(store);
  options.retention.push_back(AlertRetention(*out->alert_store));
  out->worker = std::make_unique<NotificationWorker>(std::move(live), *out->outbox, clock, options);
  out->worker->Start();
  AlertFanoutOptions fanout_options;
  fanout_options.metrics = &metrics;
  // Like the ordinary lane, the fan-out is delivery work: it never takes the CPU from intake.
  fanout_options.on_thread_start = [] {
    (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
  };
  // The fan-out takes a snapshot of the live city per batch: an admin's new areas count at once.
  out->fanout = std::make_unique<AlertFanout>(*out->alert_store, CitySource(live_city), clock,
                                              fanout_options);
  out->fanout->Start();
  // A new configuration version: the messages' branding and the webhook endpoints follow it.
  live_city->OnChange([renderer = out->renderer.get(), webhooks = out->webhooks,
                       public_url = settings.public_url](const City& next) {
    renderer->SetBranding(notify::BrandingOf(next, public_url));
    WebhookTargetsRead read = ReadWebhookTargetsLenient(next, "stored");
    for (const FieldError& problem : read.problems)
      Log(LogLevel::kError, "webhook endpoint left out: its secret cannot be read",
          {{"setting", problem.field}, {"error", problem.message}});
    Log(LogLevel::kInfo, "webhook endpoints follow the new configuration",
        {{"endpoints", std::to_string(read.targets.size())}});
    webhooks->SetTargets(std::move(read.targets));
  });
  Log(LogLevel::kInfo, "notification channels",
      {{"live", out->live.empty() ? "none (messages wait in the outbox)" : out->live},
       {"public_url", settings.public_url}});
  return out;
}

}  // namespace civic311
