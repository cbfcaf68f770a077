// Notifications for `civic311 serve` and `civic311 worker` (docs/notifications.md): the flags
// both commands take (each also read from an environment variable), the channels they make
// live, and the one delivery worker (lanes: e-mail/SMS, dispatch, webhooks) on the store's
// outbox. A channel that is not configured keeps its messages undelivered and visible
// in `civic311 outbox list`; nothing is dropped.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "adapters/assets/assets.hpp"
#include "adapters/assets/message_catalog.hpp"
#include "adapters/assets/template_engine.hpp"
#include "adapters/notify/email_channel.hpp"
#include "adapters/notify/http_channels.hpp"
#include "adapters/notify/renderer.hpp"
#include "adapters/storage/sqlite/alert_store.hpp"
#include "adapters/storage/sqlite/notify_outbox_store.hpp"
#include "adapters/storage/sqlite/portal_store.hpp"
#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"
#include "adapters/webhook/http_transport.hpp"
#include "app/alert_fanout.hpp"
#include "app/notification_worker.hpp"
#include "app/staff_alerts.hpp"
#include "base/metrics.hpp"
#include "domain/city.hpp"
#include "domain/live_city.hpp"
#include "main/cli.hpp"
#include "main/webhooks.hpp"

namespace civic311 {

// --public-url, --smtp, --smtp-password-file, --mail-from, --sms-gateway, --sms-from,
// --dispatch-url.
std::vector<cli::FlagSpec> NotifyFlagSpecs();

struct NotifySettings {
  std::string public_url;  // no trailing '/'
  std::string smtp_url, smtp_password, mail_from;
  std::string sms_gateway, sms_from, sms_auth;
  std::string dispatch_url, dispatch_secret;
  std::string web_dir;  // --web-dir: shadows message templates and words too (empty: built in)
};

// Flags first, then the environment; `default_public_url` when neither names one.
// kInvalidArgument for a bad URL or an unreadable password file.
Result<NotifySettings> ReadNotifySettings(const cli::Args& args,
                                          const std::string& default_public_url);

struct RunningNotify {
  // Declaration order = reverse destruction order: the workers stop first.
  std::unique_ptr<assets::Assets> assets;
  std::unique_ptr<assets::TemplateEngine> engine;
  std::unique_ptr<assets::MessageCatalog> catalog;
  std::unique_ptr<SqliteNotifyOutbox> outbox;
  std::unique_ptr<notify::MessageRenderer> renderer;
  std::unique_ptr<HttpWebhookTransport> webhook_transport;
  WebhookChannel* webhooks = nullptr;  // one of `channels`: its endpoints follow the city
  std::vector<std::unique_ptr<NotifyChannel>> channels;
  std::unique_ptr<SqliteWorkflowStore> workflow;  // the staff digests' store
  std::unique_ptr<StaffDigestService> digests;
  std::unique_ptr<SqlitePortalStore> registrations;  // purged with the outbox (a week)
  // Follows and area alerts (unconfirmed ones purged with the outbox after a week).
  std::unique_ptr<SqliteAlertStore> alert_store;
  std::unique_ptr<NotificationWorker> worker;
  // The fan-out writes the follows' and alerts' e-mails off the commit path.
  std::unique_ptr<AlertFanout> fanout;
  std::string live;  // "email, sms" … for the start-up line

  void Stop() {
    if (fanout) fanout->Stop();
    if (worker) worker->Stop();
  }
};

// Makes the live channels and starts the workers (and the follow/alert fan-out). Logs one line
// naming the live channels.
// `city`: the live city. The flags' channels (SMTP, SMS gateway, dispatch) are set at start-up;
// what comes from the city configuration follows each published version without a restart:
// the webhook endpoints and their secrets (an endpoint whose secret cannot be read then is left
// out and logged; its deliveries wait), the branding of every message (the city's name), the
// fan-out's areas. Every publisher of `city` (the server, the ConfigFollower) must stop before
// the result is destroyed: the result's listener on `city` uses it.
Result<std::unique_ptr<RunningNotify>> StartNotify(std::shared_ptr<LiveCity> city,
                                                   SqliteStore& store, const Clock& clock,
                                                   MetricsRegistry& metrics,
                                                   const NotifySettings& settings);

}  // namespace civic311
