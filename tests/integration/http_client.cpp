#include "http_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "base/percent_encode.hpp"

namespace civic311::it {
namespace {

int MillisUntil(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<long long>(0, left.count()));
}

// Waits for `events` on fd; "" when ready, else the error.
std::string PollFor(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, MillisUntil(deadline));
    if (n > 0) return "";
    if (n == 0) return "timeout";
    if (errno != EINTR) return std::string("poll: ") + std::strerror(errno);
  }
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return std::string(s);
}

// Parses "HTTP/1.1 200 OK\r\nName: value\r\n…" (without the final blank line).
bool ParseHead(std::string_view head, HttpResponse& r) {
  size_t eol = head.find("\r\n");
  std::string_view status_line = head.substr(0, eol);
  if (status_line.substr(0, 5) != "HTTP/" || status_line.size() < 12) return false;
  r.status = std::atoi(std::string(status_line.substr(9, 3)).c_str());
  r.keep_alive = status_line.substr(0, 8) != "HTTP/1.0";
  while (eol != std::string_view::npos) {
    size_t start = eol + 2;
    eol = head.find("\r\n", start);
    std::string_view line = head.substr(start, eol == std::string_view::npos ? eol : eol - start);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    r.headers.emplace_back(Lower(std::string(line.substr(0, colon))), Trim(line.substr(colon + 1)));
  }
  std::string conn = Lower(r.Header("connection"));
  if (conn == "close") r.keep_alive = false;
  if (conn == "keep-alive") r.keep_alive = true;
  return r.status >= 100 && r.status < 600;
}

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return "";
}

std::string HttpResponse::Describe() const {
  if (status == 0) return "error: " + error;
  return "status " + std::to_string(status) + ": " + body.substr(0, 500);
}

std::string UrlEncode(std::string_view s) { return PercentEncode(s); }

std::string FormEncode(const Params& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += UrlEncode(k) + "=" + UrlEncode(v);
  }
  return out;
}

Socket& Socket::operator=(Socket&& o) noexcept {
  if (this != &o) {
    Close();
    fd_ = std::exchange(o.fd_, -1);
  }
  return *this;
}

void Socket::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::string Socket::Connect(std::uint16_t port, std::chrono::milliseconds timeout) {
  Close();
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return std::string("socket: ") + std::strerror(errno);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 && errno != EINPROGRESS) {
    std::string err = std::string("connect: ") + std::strerror(errno);
    ::close(fd);
    return err;
  }
  if (std::string err = PollFor(fd, POLLOUT, Clock::now() + timeout); !err.empty()) {
    ::close(fd);
    return "connect: " + err;
  }
  int so_error = 0;
  socklen_t len = sizeof so_error;
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
  if (so_error != 0) {
    ::close(fd);
    return std::string("connect: ") + std::strerror(so_error);
  }
  fd_ = fd;
  return "";
}

bool Socket::SendAll(std::string_view data, Clock::time_point deadline, std::string* error) {
  while (!data.empty()) {
    ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (std::string err = PollFor(fd_, POLLOUT, deadline); !err.empty()) {
        if (error) *error = "send: " + err;
        return false;
      }
      continue;
    }
    if (error) *error = std::string("send: ") + std::strerror(errno);
    return false;
  }
  return true;
}

long Socket::Receive(std::string& into, Clock::time_point deadline, std::string* error) {
  char buf[16384];
  for (;;) {
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n >= 0) {
      into.append(buf, static_cast<size_t>(n));
      return static_cast<long>(n);
    }
    if (errno == EAGAIN || errno == EINTR) {
      if (std::string err = PollFor(fd_, POLLIN, deadline); !err.empty()) {
        if (error) *error = "recv: " + err;
        return -1;
      }
      continue;
    }
    if (error) *error = std::string("recv: ") + std::strerror(errno);
    return -1;
  }
}

HttpResponse Socket::ReadResponse(std::string& buffer, Clock::time_point deadline) {
  HttpResponse r;
  auto fail = [&](std::string why) {
    r.status = 0;
    r.error = std::move(why);
    r.keep_alive = false;
    return r;
  };
  size_t head_end;
  while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    std::string err;
    long n = Receive(buffer, deadline, &err);
    if (n < 0) return fail(err);
    if (n == 0) return fail(buffer.empty() ? "closed before response" : "closed inside headers");
  }
  if (!ParseHead(std::string_view(buffer).substr(0, head_end), r)) {
    return fail("bad response head: " + buffer.substr(0, 200));
  }
  buffer.erase(0, head_end + 4);
  bool no_body = r.status == 204 || r.status == 304 || r.status / 100 == 1;
  std::string length = r.Header("content-length");
  if (no_body) return r;
  if (!length.empty()) {
    size_t want = std::stoul(length);
    while (buffer.size() < want) {
      std::string err;
      long n = Receive(buffer, deadline, &err);
      if (n <= 0) return fail(n == 0 ? "closed inside body" : err);
    }
    r.body = buffer.substr(0, want);
    buffer.erase(0, want);
    return r;
  }
  if (Lower(r.Header("transfer-encoding")).find("chunked") != std::string::npos) {
    for (;;) {
      size_t eol;
      while ((eol = buffer.find("\r\n")) == std::string::npos) {
        std::string err;
        long n = Receive(buffer, deadline, &err);
        if (n <= 0) return fail(n == 0 ? "closed inside chunk size" : err);
      }
      size_t size = std::stoul(buffer.substr(0, eol), nullptr, 16);
      while (buffer.size() < eol + 2 + size + 2) {
        std::string err;
        long n = Receive(buffer, deadline, &err);
        if (n <= 0) return fail(n == 0 ? "closed inside chunk" : err);
      }
      r.body.append(buffer, eol + 2, size);
      buffer.erase(0, eol + 2 + size + 2);
      if (size == 0) return r;  // (trailers are not used by the server)
    }
  }
  // Neither: the body runs until the server closes the connection.
  for (;;) {
    std::string err;
    long n = Receive(buffer, deadline, &err);
    if (n < 0) return fail(err);
    if (n == 0) break;
  }
  r.body = std::move(buffer);
  buffer.clear();
  r.keep_alive = false;
  return r;
}

bool Socket::WaitForClose(Clock::time_point deadline, std::string* got) {
  std::string sink;
  for (;;) {
    std::string err;
    long n = Receive(got ? *got : sink, deadline, &err);
    if (n == 0) return true;
    if (n < 0) return err.find("timeout") == std::string::npos;  // reset also counts as closed
    sink.clear();
  }
}

HttpResponse HttpClient::Get(std::string_view target, const Params& headers) {
  return Send("GET", target, headers, "");
}

HttpResponse HttpClient::PostForm(std::string_view target, const Params& form,
                                  const Params& headers) {
  Params h = headers;
  h.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  return Send("POST", target, h, FormEncode(form));
}

HttpResponse HttpClient::Send(std::string_view method, std::string_view target,
                              const Params& headers, std::string_view body) {
  std::string req;
  req.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  req += "Host: 127.0.0.1:" + std::to_string(port_) + "\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT") {
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n";
  req.append(body);

  // One retry, only when a reused keep-alive connection turns out to be closed before any byte
  // of the answer arrived (the server may close idle connections at any time).
  for (int attempt = 0;; ++attempt) {
    bool reused = socket_.connected();
    auto deadline = Clock::now() + timeout_;
    if (!reused) {
      buffer_.clear();
      if (std::string err = socket_.Connect(port_, timeout_); !err.empty()) {
        HttpResponse r;
        r.error = err;
        return r;
      }
    }
    std::string err;
    if (!socket_.SendAll(req, deadline, &err)) {
      socket_.Close();
      if (reused && attempt == 0) continue;
      HttpResponse r;
      r.error = err;
      return r;
    }
    HttpResponse r = socket_.ReadResponse(buffer_, deadline);
    if (r.status == 0 && reused && attempt == 0 && r.error == "closed before response") {
      socket_.Close();
      continue;
    }
    if (!r.keep_alive || r.status == 0) socket_.Close();
    return r;
  }
}

HttpResponse SendRaw(std::uint16_t port, std::string_view bytes,
                     std::chrono::milliseconds timeout) {
  Socket s;
  HttpResponse r;
  if (std::string err = s.Connect(port, timeout); !err.empty()) {
    r.error = err;
    return r;
  }
  auto deadline = Clock::now() + timeout;
  std::string err;
  if (!s.SendAll(bytes, deadline, &err)) {
    // The server may answer and close before reading everything: still try to read the answer.
    std::string buffer;
    HttpResponse early = s.ReadResponse(buffer, deadline);
    if (early.status != 0) return early;
    r.error = err;
    return r;
  }
  std::string buffer;
  return s.ReadResponse(buffer, deadline);
}

}  // namespace civic311::it
