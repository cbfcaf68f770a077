// civic311 serve --db FILE --listen HOST:PORT
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

#include "adapters/assets/assets.hpp"
#include "adapters/assets/message_catalog.hpp"
#include "adapters/assets/template_engine.hpp"
#include "adapters/markdown/cmark_renderer.hpp"
#include "adapters/media/media_routes.hpp"
#include "adapters/notify/alert_routes.hpp"
#include "adapters/notify/stop_routes.hpp"
#include "adapters/notify/survey_routes.hpp"
#include "adapters/open311/routes.hpp"
#include "adapters/open311/update_routes.hpp"
#include "adapters/staff_api/routes.hpp"
#include "adapters/storage/sqlite/change_feed.hpp"
#include "adapters/storage/sqlite/config_version_store.hpp"
#include "adapters/storage/sqlite/console_store.hpp"
#include "adapters/storage/sqlite/crew_store.hpp"
#include "adapters/storage/sqlite/dashboard_store.hpp"
#include "adapters/storage/sqlite/gazetteer_store.hpp"
#include "adapters/storage/sqlite/knowledge_store.hpp"
#include "adapters/storage/sqlite/portal_store.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"
#include "adapters/web/admin/admin.hpp"
#include "adapters/web/portal/portal.hpp"
#include "adapters/web/staff/console.hpp"
#include "app/api_key_service.hpp"
#include "app/auth_service.hpp"
#include "app/caller_lookup.hpp"
#include "app/config_follower.hpp"
#include "app/crew_service.hpp"
#include "app/dashboard_service.hpp"
#include "app/dashboard_zone.hpp"
#include "app/escalation_service.hpp"
#include "app/live_feed.hpp"
#include "app/me_too.hpp"
#include "app/request_service.hpp"
#include "app/workflow_service.hpp"
#include "base/log.hpp"
#include "http/server.hpp"
#include "main/cli.hpp"
#include "main/commands.hpp"
#include "main/notify.hpp"
#include "main/ops_routes.hpp"
#include "main/portal_backend.hpp"

namespace civic311 {
namespace {

bool ParseListen(const std::string& s, std::string* host, std::uint16_t* port) {
  size_t colon = s.rfind(':');
  if (colon == std::string::npos || colon + 1 >= s.size()) return false;
  std::string h = s.substr(0, colon);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h.empty()) return false;
  unsigned long p = 0;
  for (char c : s.substr(colon + 1)) {
    if (c < '0' || c > '9') return false;
    p = p * 10 + static_cast<unsigned long>(c - '0');
    if (p > 65535) return false;
  }
  *host = h;
  *port = static_cast<std::uint16_t>(p);
  return true;
}

bool ParsePositive(const std::string& s, long max, long* out) {
  if (s.empty() || s.size() > 12) return false;
  long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (v <= 0 || v > max) return false;
  *out = v;
  return true;
}

}  // namespace

int RunServe(int argc, char** argv, int first) {
  std::vector<cli::FlagSpec> specs = {
      {"db", true, false, "the database file (made by civic311 init)"},
      {"listen", true, false, "HOST:PORT to listen on (default 127.0.0.1:8311; port 0 = any)"},
      {"io-threads", true, false, "network threads (default: one per core)"},
      {"workers", true, false, "handler threads that may wait on the database (default 64)"},
      {"trusted-proxy", true, true, "honour X-Forwarded-For/-Proto from this proxy address"},
      {"read-timeout", true, false, "seconds a client has to send a whole request (default 30)"},
      {"max-body", true, false, "largest request body in bytes (default 1048576)"},
      {"log-level", true, false, "debug, info, warn or error (default info)"},
      {"web-dir", true, false,
       "a directory whose files shadow the built-in web/ files (templates, words, CSS)"},
      {"media-dir", true, false, "where photos and videos are kept (default <db>.media)"},
  };
  for (cli::FlagSpec& f : NotifyFlagSpecs()) specs.push_back(std::move(f));
  std::string err;
  auto args = cli::Args::Parse(argc, argv, first, specs, &err);
  if (!args) return Fail("serve", err + " (see civic311 serve --help)", 2);
  if (args->help()) {
    std::fputs(cli::Usage("civic311 serve --db FILE --listen HOST:PORT",
                          "Serves the resident portal (/), the Open311 GeoReport v2 API "
                          "(/open311/v2/), the staff API\n(/api/v1/), /healthz and /metrics until "
                          "SIGTERM or SIGINT; then finishes in-flight requests "
                          "and exits 0.",
                          specs)
                   .c_str(),
               stdout);
    return 0;
  }
  if (!args->Has("db")) return Fail("serve", "--db FILE is required", 2);

  http::ServerOptions opts;
  if (!ParseListen(args->Get("listen", "127.0.0.1:8311"), &opts.host, &opts.port))
    return Fail("serve", "--listen wants HOST:PORT, e.g. 127.0.0.1:8311 or [::1]:8311", 2);
  long v = 0;
  if (args->Has("io-threads")) {
    if (!ParsePositive(args->Get("io-threads"), 256, &v))
      return Fail("serve", "--io-threads wants a number from 1 to 256", 2);
    opts.io_threads = static_cast<int>(v);
  }
  if (args->Has("workers")) {
    if (!ParsePositive(args->Get("workers"), 4096, &v))
      return Fail("serve", "--workers wants a number from 1 to 4096", 2);
    opts.worker_threads = static_cast<int>(v);
  }
  if (args->Has("read-timeout")) {
    if (!ParsePositive(args->Get("read-timeout"), 3600, &v))
      return Fail("serve", "--read-timeout wants seconds from 1 to 3600", 2);
    opts.read_timeout = std::chrono::seconds(v);
  }
  if (args->Has("max-body")) {
    if (!ParsePositive(args->Get("max-body"), 1L << 30, &v))
      return Fail("serve", "--max-body wants bytes from 1 to 1073741824", 2);
    opts.max_body_bytes = static_cast<std::size_t>(v);
  }
  opts.trusted_proxies = args->GetAll("trusted-proxy");
  const std::string level = args->Get("log-level", "info");
  if (level == "debug")
    SetLogLevel(LogLevel::kDebug);
  else if (level == "info")
    SetLogLevel(LogLevel::kInfo);
  else if (level == "warn")
    SetLogLevel(LogLevel::kWarn);
  else if (level == "error")
    SetLogLevel(LogLevel::kError);
  else
    return Fail("serve", "--log-level wants debug, info, warn or error", 2);

  const std::string db = args->Get("db");
  MetricsRegistry metrics;
  SqliteStore::Options store_opts;
  store_opts.path = db;
  store_opts.metrics = &metrics;
  // The memory budget (docs/performance.md): 4 readers x 4 MiB + the writer's 16 MiB of page
  // cache, next to one Argon2id hash of 64 MiB (below), keep the process under 200 MB.
  store_opts.reader_cache_kib = 4096;
  store_opts.writer_cache_kib = 16384;
  auto opened = SqliteStore::Open(store_opts);
  if (!opened.ok())
    return Fail("serve", "cannot open database " + db + ": " + Describe(opened.error()));
  std::unique_ptr<SqliteStore> store = std::move(opened).value();
  SystemClock clock;
  // The version first, then the document: a version stored in between is newer than the label,
  // and the follower (below) publishes it again, never an older one.
  SqliteConfigVersions config_versions(*store, &clock);
  auto started_version = config_versions.CurrentConfigVersion();
  if (!started_version.ok()) return Fail("serve", Describe(started_version.error()));
  auto city = LoadStoredCity(*store, db);
  if (!city.ok()) return Fail("serve", Describe(city.error()));

  // Staff workflow: users, timeline, work orders and audit share the store's writer thread.
  SqliteWorkflowStore workflow_store(*store, &clock);
  // The discovery changeset: the stored catalogue version (moves only when the services do).
  auto catalogue_version = store->CatalogueVersion();
  if (!catalogue_version.ok()) return Fail("serve", Describe(catalogue_version.error()));
  // The live city: admins replace it without a restart (docs/architecture.md, "The
  // configuration snapshot"); every request takes one snapshot of it.
  auto live_city = std::make_shared<LiveCity>(*city, *started_version);
  auto service = std::make_shared<RequestService>(CitySource(live_city), *store, *store, clock,
                                                  &workflow_store, *catalogue_version);
  auto router = std::make_shared<http::Router>();
  // Geocoder, knowledge base and media for the portal (docs/portal-backend.md).
  auto backend =
      MakePortalBackend(*store, CitySource(live_city), db, args->Get("media-dir"), clock);
  if (!backend.ok()) return Fail("serve", Describe(backend.error()));
  service->set_geocoder((*backend)->geocoder.get());
  AllowUploads(**city, opts);
  AddMediaRoutes(*router, *(*backend)->media);
  AddOpen311Routes(*router, service, (*backend)->media.get());
  auto workflow = std::make_shared<WorkflowService>(CitySource(live_city), *store, workflow_store,
                                                    workflow_store, workflow_store, clock);
  // The crew register work orders name (migration 0023, docs/console.md "Crews").
  SqliteCrewStore crew_store(*store);
  workflow->SetCrews(&crew_store);
  CrewService crews(CitySource(live_city), crew_store, workflow_store, clock);
  // One Argon2id hash at a time (64 MiB): with two, a sign-in storm took the process to 205 MB
  // (bench/run.sh, docs/performance.md "Memory budget"); the others wait in the queue of 32.
  AuthOptions auth_options;
  auth_options.max_concurrent_hashes = 1;
  auto auth = std::make_shared<AuthService>(workflow_store, workflow_store, clock, auth_options);
  // Residents registering from the portal and "me too" (migration 0011, docs/portal.md).
  SqlitePortalStore portal_store(*store);
  auth->set_registrations(&portal_store);
  MeToo me_too(*service, portal_store);
  AddStaffApiRoutes(*router, {workflow, auth, &portal_store, &crews});
  AddOpen311UpdateRoutes(*router, workflow, service);
  AddOpsRoutes(*router, OpsDeps{store.get(), &metrics, *city});
  // The resident portal: pages from web/ (compiled in; --web-dir shadows files).
  auto web_assets = std::make_shared<const assets::Assets>(args->Get("web-dir", ""));
  auto messages = assets::MessageCatalog::Load(*web_assets);
  if (!messages.ok()) return Fail("serve", Describe(messages.error()));
  auto portal = std::make_shared<PortalDeps>();
  portal->city = *city;
  portal->live_city = live_city;
  portal->requests = service;
  portal->workflow = workflow;
  portal->auth = auth;
  portal->assets = web_assets;
  portal->templates = std::make_shared<const assets::TemplateEngine>(*web_assets);
  portal->messages = std::make_shared<const assets::MessageCatalog>(std::move(messages).value());
  // The back-end pieces (docs/portal-backend.md): gazetteer, knowledge base, Markdown, media.
  portal->geocoder = (*backend)->geocoder.get();
  portal->knowledge = (*backend)->knowledge.get();
  portal->markdown = (*backend)->markdown.get();
  portal->media = (*backend)->media.get();
  portal->me_too = &me_too;
  AddPortalRoutes(*router, portal);
  // The staff console on the same web room; the desk answers from the stored knowledge base.
  auto console = std::make_shared<ConsoleDeps>();
  console->web = portal;
  console->users = &workflow_store;
  console->audit = &workflow_store;
  // The desk's caller look-up and the queue's saved filters (migration 0017).
  SqliteConsoleStore console_store(*store);
  CallerLookup caller_lookup(*workflow, console_store);
  console->callers = &caller_lookup;
  console->saved_filters = &console_store;
  console->knowledge = (*backend)->knowledge.get();
  // The managers' dashboard: figures answered in SQL from the dashboard tables (migration 0015).
  SqliteDashboardStore dashboard_store(*store);
  DashboardService dashboard(dashboard_store, clock, CitySource(live_city));
  // Its days are the city's (docs/console.md, "The city's days"): recounted when the zone changed.
  DashboardZoneKeeper dashboard_zone(dashboard_store);
  {
    const auto start = std::chrono::steady_clock::now();
    auto z = dashboard_zone.UseCity(*live_city->Current());
    if (!z.ok()) {
      Log(LogLevel::kError, "dashboard: counting the city's days failed",
          {{"error", z.error().detail}});
      return Fail("serve", Describe(z.error()));
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    if (*z)
      Log(LogLevel::kInfo, "dashboard: day counts recounted for the city's time zone",
          {{"zone", live_city->Current()->calendar->spec().timezone},
           {"seconds", std::to_string(took.count())}});
  }
  dashboard_zone.Follow(*live_city);
  console->dashboard = &dashboard;
  // Live console: one thread tails the committed timeline and fans changes out to the open
  // pages (docs/console.md, "Live").
  SqliteChangeFeed change_feed(*store);
  LiveBroadcaster live(change_feed);
  if (Status st = live.Start(); !st.ok()) return Fail("serve", Describe(st.error()));
  console->live = &live;
  console->crews = &crews;
  AddConsoleRoutes(*router, console);
  // The admin screens: configuration versions, validated like the file, live at once.
  auto admin = std::make_shared<AdminDeps>();
  admin->console = console;
  ConfigAdmin::Deps config_deps = ConfigAdminDeps(config_versions, clock, live_city);
  config_deps.catalogue_moved = [service](Timestamp t) { service->set_catalogue_version(t); };
  // An admin's save is refused (the mistake next to the field) when this server could not read
  // a webhook's secret: it would be left out of delivery without a word.
  config_deps.load = [load = config_deps.load](std::string_view toml, std::string_view source) {
    auto loaded = load(toml, source);
    if (!loaded.ok()) return loaded;
    WebhookTargetsRead read = ReadWebhookTargetsLenient(**loaded, source);
    if (read.problems.empty()) return loaded;
    Error e = Error::InvalidArgument("a webhook's signing secret cannot be read");
    for (FieldError& problem : read.problems) {
      e.detail += problem.field + ": " + problem.message + "\n";
      e.fields.push_back(std::move(problem));
    }
    return Result<std::shared_ptr<const City>>(std::move(e));
  };
  admin->config = std::make_shared<ConfigAdmin>(std::move(config_deps));
  ApiKeyService api_keys(*store, clock);  // the admin screens' API keys (as civic311 api-key)
  admin->keys = &api_keys;
  admin->crews = &crews;
  AddAdminRoutes(*router, admin);
  // Notifications: worker threads deliver the outbox (never on network threads).
  const std::string listen_url =
      "http://" + (opts.host.find(':') != std::string::npos ? "[" + opts.host + "]" : opts.host) +
      ":" + std::to_string(opts.port);
  auto notify_settings = ReadNotifySettings(*args, listen_url);
  if (!notify_settings.ok()) return Fail("serve", notify_settings.error().message, 2);
  auto notify = StartNotify(live_city, *store, clock, metrics, *notify_settings);
  if (!notify.ok()) return Fail("serve", Describe(notify.error()));
  const notify::StopRouteDeps notify_pages{(*notify)->engine.get(),
                                           (*notify)->catalog.get(),
                                           &(*notify)->renderer->links(),
                                           (*notify)->outbox.get(),
                                           &clock,
                                           (*notify)->renderer->branding()->city_name,
                                           (*city)->branding.primary_color,
                                           (*notify)->renderer.get()};
  admin->outbox = (*notify)->outbox.get();  // parked messages and retry on the admin screens
  notify::AddStopRoutes(*router, notify_pages);
  notify::AddSurveyRoutes(*router, notify_pages, workflow);
  // Follows by e-mail and area alerts (before serving: the portal reads portal->alerts).
  portal->alerts =
      std::make_shared<AlertService>(*(*notify)->alert_store, *store, CitySource(live_city), clock);
  notify::AddAlertLinkRoutes(*router, notify_pages, portal->alerts.get());
  // Escalations: a background thread sweeps every minute (docs/workflow.md, "Escalations").
  EscalationService escalations(CitySource(live_city), workflow_store, clock);
  EscalationSweeper escalation_sweeper(
      escalations, std::chrono::minutes(1),
      &metrics.GetCounter("civic311_escalations_recorded_total", "",
                          "SLA escalations recorded by this instance's sweeps"));
  opts.error_renderer = [portal](int status, const std::string& message, const http::Request& req) {
    return RenderTransportError(status, message, req, PinCity(portal).get());
  };
  opts.handle_signals = true;  // before the URL line: a signal right after it must not be lost

  http::Server server(opts, router, metrics);
  // The upload limit follows the city's [media] (the media service reads it per upload).
  live_city->OnChange([&server, max_body = opts.max_body_bytes](const City& next) {
    server.SetMaxUploadBytes(std::max(max_body, next.media.max_upload_bytes));
  });
  // Versions stored by another process on this database (another serve's admin, `civic311
  // config import`): published here within a second.
  ConfigFollower::Options follow;
  follow.published = [service, &store = *store](const ConfigVersion&) {
    auto moved = store.CatalogueVersion();
    if (moved.ok() && moved->has_value()) service->set_catalogue_version(**moved);
  };
  ConfigFollower follower(config_versions, ConfigAdminDeps(config_versions, clock, nullptr).load,
                          live_city, std::move(follow));
  follower.Start();
  auto port = server.Start();
  if (!port.ok()) return Fail("serve", Describe(port.error()));
  std::string shown_host =
      opts.host.find(':') != std::string::npos ? "[" + opts.host + "]" : opts.host;
  Log(LogLevel::kInfo, "listening",
      {{"url", "http://" + shown_host + ":" + std::to_string(*port)},
       {"db", db},
       {"city", (*city)->name}});
  std::printf("civic311 listening on http://%s:%u\n", shown_host.c_str(), *port);
  std::fflush(stdout);
  server.WaitForSignal();
  follower.Stop();            // no publication after this: the listeners' objects may now go
  live.Stop();                // the streams have ended with the server
  escalation_sweeper.Stop();  // waits for a sweep in progress
  (*notify)->Stop();          // lets the deliveries in flight finish (bounded by their deadlines)
  Log(LogLevel::kInfo, "stopped", {});
  FlushLog();
  return 0;
}

}  // namespace civic311
