// Harness for black-box tests against the real `civic311` binary (CIVIC311_BINARY) with a real
// SQLite file in a temporary directory.
//
//   Instance city;                 // temp dir; `civic311 init --demo`; an API key
//   city.Start();                  // `civic311 serve --listen 127.0.0.1:0`, waits for its URL
//   HttpClient c = city.Client();
//   c.PostForm("/open311/v2/requests.json", city.NewRequestForm("a pothole"));
//   city.server().Kill9();  city.Start();   // restart on the same database
//
// Helpers throw std::runtime_error when the binary misbehaves (GoogleTest reports an exception
// as a test failure). Every child process is killed with SIGKILL and reaped when its owner is
// destroyed, and also dies with the test process itself (PR_SET_PDEATHSIG), so a failing or
// crashing test never leaves a server behind. Start child processes from the test's main
// thread: the death signal fires when the spawning *thread* exits.
//
// Thread-safety: an Instance and its ChildProcess belong to the test's main thread, except that
// port(), api_key(), NewRequestForm() and Client() may be called from any thread once started.
#pragma once

#include <sys/types.h>

#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "http_client.hpp"

namespace civic311::it {

using namespace std::chrono_literals;

// A process with stdout and stderr captured in memory by a reader thread.
class ChildProcess {
 public:
  // Starts argv[0] (a path) with the given arguments. Throws if fork/exec set-up fails.
  explicit ChildProcess(std::vector<std::string> argv);
  ~ChildProcess();  // SIGKILL if still running, then reap
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  std::string Stdout() const;
  std::string Stderr() const;
  // Waits until stdout contains `needle`; returns the first line containing it, or nullopt on
  // timeout or when the process exits first.
  std::optional<std::string> WaitForStdoutLine(const std::string& needle,
                                               std::chrono::milliseconds timeout);
  // Waits until stderr contains `needle`; false on timeout.
  bool WaitForStderr(const std::string& needle, std::chrono::milliseconds timeout);

  void Signal(int sig);
  void Kill9() { Signal(9); }
  // Exit status once exited: the exit code, or 128 + signal number. nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  bool Running();

 private:
  void ReadLoop(int out_fd, int err_fd);

  pid_t pid_ = -1;
  std::optional<int> status_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::string out_, err_;
  bool eof_ = false;
  std::thread reader_;
};

struct CommandResult {
  int exit_code = -1;  // 128 + signal if killed; -1 on timeout
  std::string out;
  std::string err;
  std::string Describe() const;  // for assertion messages
};

// Runs the civic311 binary with `args` to completion (killed after `timeout`).
CommandResult RunCivic311(const std::vector<std::string>& args,
                          std::chrono::milliseconds timeout = 120s);
std::string Civic311Binary();

// A fresh directory under $TMPDIR, removed on destruction (kept if CIVIC311_KEEP_TMP is set).
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A running `civic311 serve`.
class Server {
 public:
  // Spawns `civic311 serve --db db --listen 127.0.0.1:0 extra…` and waits for its URL line.
  Server(const std::filesystem::path& db, const std::vector<std::string>& extra_args);
  std::uint16_t port() const { return port_; }
  ChildProcess& process() { return *process_; }
  void Kill9();
  // SIGTERM, then the exit status (nullopt if it did not exit within `timeout`).
  std::optional<int> Terminate(std::chrono::milliseconds timeout = 60s);
  HttpClient Client() const { return HttpClient(port_); }

 private:
  std::unique_ptr<ChildProcess> process_;
  std::uint16_t port_ = 0;
};

// A service from services.json, as much as the tests need.
struct ServiceInfo {
  std::string code;
  std::string name;
  std::string type;  // realtime | batch | blackbox
  bool metadata = false;
  std::string raw_json;  // the whole entry
};

// One deployment: a temp dir, a demo database, an API key, and (once started) a server.
class Instance {
 public:
  // Creates the directory, runs `init --demo` and `api-key create`. Throws on failure.
  Instance();
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  const std::filesystem::path& dir() const { return dir_.path(); }
  std::filesystem::path db() const { return dir() / "civic311.db"; }
  const std::string& api_key() const { return api_key_; }

  // Starts (or, if one runs, kills with SIGKILL and restarts) the server on db().
  Server& Start(const std::vector<std::string>& extra_args = {});
  Server& server();
  bool started() const { return server_ != nullptr; }
  std::uint16_t port() const;
  HttpClient Client() const { return HttpClient(port()); }

  // The demo catalogue (fetched once from the running server).
  const std::vector<ServiceInfo>& Services();
  // A realtime, non-emergency service without attributes: what the tests post to.
  const std::string& PlainServiceCode();
  // Form fields of a valid POST requests.json for PlainServiceCode() (call Services() first
  // from the main thread; then safe from any thread).
  Params NewRequestForm(const std::string& description) const;

 private:
  TempDir dir_;
  std::string api_key_;
  std::unique_ptr<Server> server_;
  std::vector<ServiceInfo> services_;
  std::string plain_service_;
};

// A point inside the demo city's bounds (posts outside the city are rejected).
struct LatLon {
  double lat, lon;
};
LatLon DemoLocation();

// service_request_id of the first element of a POST requests.json answer ("" if none).
std::string ParseSubmittedId(const std::string& body);
// The first element of a JSON list answer (e.g. GET requests/{id}.json); an empty object if the
// body is not a list of objects (or not valid JSON, including invalid UTF-8).
boost::json::object FirstObject(const std::string& body);
// A field as text: strings as-is, numbers and booleans rendered, absent or null as "".
std::string Text(const boost::json::object& object, std::string_view name);

// Expects GET /healthz to answer 200 (a GoogleTest expectation, with `context` in the message).
void ExpectHealthy(std::uint16_t port, const std::string& context);

}  // namespace civic311::it
