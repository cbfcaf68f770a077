#include "schema_validator.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <regex>
#include <vector>

namespace open311_suite {
namespace json = boost::json;
namespace {

bool IsListContainer(const std::string& name) {
  return name == "service_requests" || name == "services" || name == "attributes" ||
         name == "values";
}

json::value Convert(const XmlElement& e) {
  if (IsListContainer(e.name)) {
    json::array items;
    for (const auto& c : e.children) items.push_back(Convert(*c));
    return items;
  }
  if (e.children.empty()) return json::string(e.text);
  json::object o;
  for (const auto& c : e.children) o[c->name] = Convert(*c);
  return o;
}

bool WriteAll(int fd, const std::string& s) {
  std::size_t done = 0;
  while (done < s.size()) {
    ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

std::string SchemaFor(const std::string& method, const std::string& target, int status) {
  if (method != "GET" || status != 200) return "";
  const std::string path = target.substr(0, target.find('?'));
  static const std::regex kRequests(R"(/open311/v2/requests(/[^/]+)?\.(json|xml))");
  static const std::regex kServices(R"(/open311/v2/services\.(json|xml))");
  static const std::regex kDefinition(R"(/open311/v2/services/[^/]+\.(json|xml))");
  if (std::regex_match(path, kRequests)) return "requests";
  if (std::regex_match(path, kServices)) return "services";
  if (std::regex_match(path, kDefinition)) return "service-definition";
  return "";
}

std::string XmlAsJson(const XmlDocument& doc) {
  if (!doc.root) return "null";
  const XmlElement& root = *doc.root;
  if (IsListContainer(root.name)) return json::serialize(Convert(root));
  json::object o;  // a root object (service_definition): its children, the root dropped
  for (const auto& c : root.children) o[c->name] = Convert(*c);
  return json::serialize(o);
}

SchemaValidator::~SchemaValidator() {
  if (to_ >= 0) ::close(to_);  // end of input: the script exits
  if (from_ >= 0) ::close(from_);
  if (pid_ > 0) {
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      ::usleep(10'000);
    }
  }
}

std::string SchemaValidator::Start(const std::string& node, const std::string& script,
                                   const std::string& schema_dir) {
  if (node.empty()) return "no node binary found at configure time (run scripts/setup)";
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) {
    return std::string("pipe: ") + std::strerror(errno);
  }
  std::vector<std::string> argv = {node, script, schema_dir};
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  to_ = in[1];
  from_ = out[0];
  if (pid_ < 0) return std::string("fork: ") + std::strerror(errno);
  // The script says "ready" once the schemas compiled (or why not).
  std::string hello = Validate("", false, "");
  return hello == "ready" ? "" : "schema validator did not start: " + hello;
}

std::string SchemaValidator::Validate(const std::string& schema, bool xml,
                                      const std::string& json_text) {
  if (to_ < 0) return "the schema validator is not running";
  if (!schema.empty()) {
    std::string frame = schema + " " + (xml ? "xml" : "json") + " " +
                        std::to_string(json_text.size()) + "\n" + json_text;
    if (!WriteAll(to_, frame)) return "cannot write to the schema validator";
  }
  // One answer line per frame (and the "ready" line at start).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  char buf[4096];
  while (buffered_.find('\n') == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline) return "the schema validator timed out";
    pollfd p{from_, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    ssize_t n = ::read(from_, buf, sizeof buf);
    if (n <= 0) return "the schema validator exited (is node_modules installed? scripts/setup)";
    buffered_.append(buf, static_cast<std::size_t>(n));
  }
  const std::size_t nl = buffered_.find('\n');
  std::string line = buffered_.substr(0, nl);
  buffered_.erase(0, nl + 1);
  return line == "ok" ? "" : line;
}

}  // namespace open311_suite
