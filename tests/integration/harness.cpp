#include "harness.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace civic311::it {
namespace {

[[noreturn]] void Fail(const std::string& what) { throw std::runtime_error(what); }

// Inside the demo city's bounds (config/demo-city.toml surrounds Boston; this is City Hall).
// Override with CIVIC311_DEMO_LATLON="lat,lon" if the demo city moves.
constexpr double kDemoLat = 42.3601;
constexpr double kDemoLon = -71.0589;

std::string LastLine(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text.substr(text.rfind('\n') + 1);  // npos + 1 == 0: the whole text
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// ChildProcess

ChildProcess::ChildProcess(std::vector<std::string> argv) {
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0) Fail(std::string("pipe: ") + std::strerror(errno));
  if (::pipe2(err, O_CLOEXEC) != 0) Fail(std::string("pipe: ") + std::strerror(errno));
  // Everything the child needs is prepared before fork: between fork and exec only
  // async-signal-safe calls are allowed (the test process has many threads).
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0) Fail(std::string("fork: ") + std::strerror(errno));
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
    ::setpgid(0, 0);  // a terminal's ^C goes to the test, which then kills us
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::execv(args[0], args.data());
    const char msg[] = "exec failed\n";
    [[maybe_unused]] auto n = ::write(2, msg, sizeof msg - 1);
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(err[1]);
  reader_ = std::thread([this, o = out[0], e = err[0]] { ReadLoop(o, e); });
}

ChildProcess::~ChildProcess() {
  if (Running()) {
    Signal(SIGKILL);
    Wait(30s);
  }
  if (reader_.joinable()) reader_.join();
}

void ChildProcess::ReadLoop(int out_fd, int err_fd) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    int n = ::poll(fds, 2, -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        std::lock_guard lock(mu_);
        (i == 0 ? out_ : err_).append(buf, static_cast<size_t>(got));
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
    cv_.notify_all();
  }
  std::lock_guard lock(mu_);
  eof_ = true;
  cv_.notify_all();
}

std::string ChildProcess::Stdout() const {
  std::lock_guard lock(mu_);
  return out_;
}

std::string ChildProcess::Stderr() const {
  std::lock_guard lock(mu_);
  return err_;
}

std::optional<std::string> ChildProcess::WaitForStdoutLine(const std::string& needle,
                                                           std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  std::optional<std::string> line;
  cv_.wait_for(lock, timeout, [&] {
    size_t at = out_.find(needle);
    if (at != std::string::npos) {
      size_t end = out_.find('\n', at);
      if (end == std::string::npos && !eof_) return false;  // wait for the whole line
      size_t start = out_.rfind('\n', at);
      start = start == std::string::npos ? 0 : start + 1;
      line = out_.substr(start, end == std::string::npos ? end : end - start);
      return true;
    }
    return eof_;
  });
  return line;
}

bool ChildProcess::WaitForStderr(const std::string& needle, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return err_.find(needle) != std::string::npos; });
}

void ChildProcess::Signal(int sig) {
  if (!status_) ::kill(pid_, sig);
}

std::optional<int> ChildProcess::Wait(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (!status_) {
    int st = 0;
    pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == pid_) {
      status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      break;
    }
    if (r < 0 && errno == ECHILD) {  // reaped elsewhere: nothing left to wait for
      status_ = -1;
      break;
    }
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(10ms);
  }
  if (reader_.joinable()) reader_.join();  // the pipes close with the process
  return status_;
}

bool ChildProcess::Running() { return !status_ && !Wait(0ms); }

// ---------------------------------------------------------------------------------------------
// Commands

std::string Civic311Binary() {
  if (const char* env = std::getenv("CIVIC311_BINARY")) return env;
  return CIVIC311_BINARY;
}

std::string CommandResult::Describe() const {
  return "exit " + std::to_string(exit_code) + "\nstdout: " + out + "\nstderr: " + err;
}

CommandResult RunCivic311(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  std::vector<std::string> argv{Civic311Binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess p(argv);
  CommandResult r;
  auto status = p.Wait(timeout);
  if (!status) p.Kill9();
  if (!status) p.Wait(30s);
  r.exit_code = status.value_or(-1);
  r.out = p.Stdout();
  r.err = p.Stderr();
  return r;
}

// ---------------------------------------------------------------------------------------------
// TempDir

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/civic311-it-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) Fail(std::string("mkdtemp: ") + std::strerror(errno));
  path_ = tmpl;
}

TempDir::~TempDir() {
  if (std::getenv("CIVIC311_KEEP_TMP")) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

// ---------------------------------------------------------------------------------------------
// Server

Server::Server(const std::filesystem::path& db, const std::vector<std::string>& extra_args) {
  std::vector<std::string> argv{Civic311Binary(), "serve",    "--db",
                                db.string(),      "--listen", "127.0.0.1:0"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  process_ = std::make_unique<ChildProcess>(argv);
  auto line = process_->WaitForStdoutLine("http://127.0.0.1:", 30s);
  if (!line) {
    process_->Kill9();
    process_->Wait(30s);
    Fail("civic311 serve printed no URL line within 30 s\nstdout: " + process_->Stdout() +
         "\nstderr: " + process_->Stderr());
  }
  size_t at = line->find("http://127.0.0.1:") + std::strlen("http://127.0.0.1:");
  port_ = static_cast<std::uint16_t>(std::atoi(line->c_str() + at));
  if (port_ == 0) Fail("cannot parse the port from: " + *line);
}

void Server::Kill9() {
  process_->Kill9();
  process_->Wait(30s);
}

std::optional<int> Server::Terminate(std::chrono::milliseconds timeout) {
  process_->Signal(SIGTERM);
  return process_->Wait(timeout);
}

// ---------------------------------------------------------------------------------------------
// Instance

Instance::Instance() {
  CommandResult init = RunCivic311({"init", "--db", db().string(), "--demo"});
  if (init.exit_code != 0) Fail("civic311 init --demo failed: " + init.Describe());
  CommandResult key = RunCivic311({"api-key", "create", "--db", db().string(), "--name", "it"});
  if (key.exit_code != 0) Fail("civic311 api-key create failed: " + key.Describe());
  api_key_ = LastLine(key.out);
  if (api_key_.empty() || api_key_.find(' ') != std::string::npos) {
    Fail("api-key create: the last stdout line is not a key: " + key.Describe());
  }
}

Server& Instance::Start(const std::vector<std::string>& extra_args) {
  if (server_) server_->Kill9();
  server_.reset();
  server_ = std::make_unique<Server>(db(), extra_args);
  return *server_;
}

Server& Instance::server() {
  if (!server_) Fail("Instance::server(): not started");
  return *server_;
}

std::uint16_t Instance::port() const {
  if (!server_) Fail("Instance::port(): not started");
  return server_->port();
}

const std::vector<ServiceInfo>& Instance::Services() {
  if (!services_.empty()) return services_;
  HttpResponse r = Client().Get("/open311/v2/services.json");
  if (r.status != 200) Fail("GET services.json: " + r.Describe());
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r.body, ec);
  if (ec || !v.is_array()) Fail("services.json is not a JSON list: " + r.body.substr(0, 300));
  for (const auto& e : v.as_array()) {
    if (!e.is_object()) continue;
    const auto& o = e.as_object();
    ServiceInfo s;
    s.code = Text(o, "service_code");
    s.name = Text(o, "service_name");
    s.type = Text(o, "type");
    s.metadata = Text(o, "metadata") == "true";
    s.raw_json = boost::json::serialize(o);
    services_.push_back(std::move(s));
  }
  if (services_.empty()) Fail("services.json lists no services: " + r.body.substr(0, 300));
  return services_;
}

const std::string& Instance::PlainServiceCode() {
  if (!plain_service_.empty()) return plain_service_;
  for (const auto& s : Services()) {
    std::string lower = s.raw_json;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (s.type == "realtime" && !s.metadata && lower.find("emergency") == std::string::npos &&
        lower.find("911") == std::string::npos) {
      plain_service_ = s.code;
      return plain_service_;
    }
  }
  Fail("the demo city has no realtime, non-emergency service without attributes");
}

Params Instance::NewRequestForm(const std::string& description) const {
  if (plain_service_.empty()) Fail("call PlainServiceCode() before NewRequestForm()");
  LatLon at = DemoLocation();
  return {{"api_key", api_key_},
          {"service_code", plain_service_},
          {"lat", std::to_string(at.lat)},
          {"long", std::to_string(at.lon)},
          {"address_string", "1 Main St"},
          {"description", description},
          {"email", "resident@example.org"}};
}

LatLon DemoLocation() {
  if (const char* env = std::getenv("CIVIC311_DEMO_LATLON")) {
    LatLon p{};
    if (std::sscanf(env, "%lf,%lf", &p.lat, &p.lon) == 2) return p;
  }
  return {kDemoLat, kDemoLon};
}

// ---------------------------------------------------------------------------------------------
// JSON helpers

boost::json::object FirstObject(const std::string& body) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_array() || v.as_array().empty() || !v.as_array()[0].is_object()) return {};
  return v.as_array()[0].as_object();
}

std::string Text(const boost::json::object& object, std::string_view name) {
  auto it = object.find(name);
  if (it == object.end() || it->value().is_null()) return "";
  const auto& v = it->value();
  if (v.is_string()) return std::string(v.as_string());
  return boost::json::serialize(v);
}

std::string ParseSubmittedId(const std::string& body) {
  return Text(FirstObject(body), "service_request_id");
}

void ExpectHealthy(std::uint16_t port, const std::string& context) {
  HttpResponse r = HttpClient(port, 20s).Get("/healthz");
  EXPECT_EQ(r.status, 200) << "GET /healthz after " << context << ": " << r.Describe();
}

}  // namespace civic311::it
