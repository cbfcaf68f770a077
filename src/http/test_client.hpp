// TestClient: a deliberately dumb HTTP/1.x client over a blocking POSIX socket, for the server
// tests. It sends exactly the bytes it is given (garbage, partial requests, pipelines) and parses
// responses by hand, with a poll() timeout on every read so a broken server fails a test instead
// of hanging it. Test-only: header-only so it stays out of the c311_http library.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace civic311::http::testing {

struct TestResponse {
  std::string version;  // "HTTP/1.1"
  int status = 0;
  std::multimap<std::string, std::string> headers;  // names lower-cased
  std::string body;

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  bool Has(const std::string& name) const { return headers.count(name) > 0; }
};

class TestClient {
 public:
  explicit TestClient(std::uint16_t port, const char* ip = "127.0.0.1") {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    ::inet_pton(AF_INET, ip, &addr.sin_addr);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~TestClient() {
    if (fd_ >= 0) ::close(fd_);
  }
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  bool connected() const { return connected_; }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Reads one response. `head`: the request was HEAD, so there is no body. nullopt on timeout,
  // EOF or a malformed response.
  std::optional<TestResponse> Read(bool head = false,
                                   std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill(deadline)) return std::nullopt;
    }
    TestResponse r;
    std::string_view head_text(buf_.data(), end);
    size_t eol = head_text.find("\r\n");
    std::string_view status_line = head_text.substr(0, eol);
    r.version = std::string(status_line.substr(0, status_line.find(' ')));
    if (status_line.size() < 12) return std::nullopt;
    r.status = std::atoi(std::string(status_line.substr(9, 3)).c_str());
    std::string_view rest = eol == std::string_view::npos ? "" : head_text.substr(eol + 2);
    while (!rest.empty()) {
      size_t e = rest.find("\r\n");
      std::string_view line = rest.substr(0, e);
      rest = e == std::string_view::npos ? "" : rest.substr(e + 2);
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) return std::nullopt;
      std::string name(line.substr(0, colon));
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      r.headers.emplace(std::move(name), std::string(value));
    }
    buf_.erase(0, end + 4);
    size_t length = 0;
    if (!head && r.status >= 200 && r.status != 204 && r.status != 304) {
      length = static_cast<size_t>(std::atoll(r.Header("content-length").c_str()));
    }
    while (buf_.size() < length) {
      if (!Fill(deadline)) return std::nullopt;
    }
    r.body = buf_.substr(0, length);
    buf_.erase(0, length);
    return r;
  }

  // True if the server closes the connection (EOF or reset) within `timeout`; discards data.
  bool WaitClosed(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      int r = FillOnce(deadline);
      if (r == 0) return true;  // EOF/reset
      if (r < 0) return false;  // timeout
      buf_.clear();
    }
  }

  // Reads until what is buffered after the last response contains `needle` (a streamed body).
  // False on timeout or EOF first.
  bool ReadUntil(std::string_view needle,
                 std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (buf_.find(needle) == std::string::npos) {
      if (!Fill(deadline)) return false;
    }
    return true;
  }

  // Send + Read.
  std::optional<TestResponse> RoundTrip(std::string_view request, bool head = false) {
    if (!Send(request)) return std::nullopt;
    return Read(head);
  }

  const std::string& buffered() const { return buf_; }

 private:
  // 1: got data, 0: EOF or error, -1: timeout.
  int FillOnce(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return -1;
    pollfd p{fd_, POLLIN, 0};
    int pr = ::poll(&p, 1, static_cast<int>(left.count()));
    if (pr == 0) return -1;
    if (pr < 0) return errno == EINTR ? 1 : 0;
    char tmp[16384];
    ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return 0;
    buf_.append(tmp, static_cast<size_t>(n));
    return 1;
  }
  bool Fill(std::chrono::steady_clock::time_point deadline) { return FillOnce(deadline) == 1; }

  int fd_ = -1;
  bool connected_ = false;
  std::string buf_;
};

// "GET /x HTTP/1.1\r\nHost: t\r\n<extra>\r\n"
inline std::string Get(std::string_view target, std::string_view extra_headers = "",
                       std::string_view method = "GET") {
  std::string r(method);
  r += " ";
  r += target;
  r += " HTTP/1.1\r\nHost: test\r\n";
  r += extra_headers;
  r += "\r\n";
  return r;
}

inline std::string Post(std::string_view target, std::string_view content_type,
                        std::string_view body, std::string_view method = "POST") {
  std::string r(method);
  r += " ";
  r += target;
  r += " HTTP/1.1\r\nHost: test\r\nContent-Type: ";
  r += content_type;
  r += "\r\nContent-Length: ";
  r += std::to_string(body.size());
  r += "\r\n\r\n";
  r += body;
  return r;
}

}  // namespace civic311::http::testing
