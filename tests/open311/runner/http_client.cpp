#include "http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace open311_suite {
namespace {

using Clock = std::chrono::steady_clock;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

int RemainingMs(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<long long>(0, left.count()));
}

bool Dechunk(const std::string& in, std::string* out) {
  std::size_t pos = 0;
  while (true) {
    std::size_t eol = in.find("\r\n", pos);
    if (eol == std::string::npos) return false;
    std::size_t size = std::strtoul(in.substr(pos, eol - pos).c_str(), nullptr, 16);
    pos = eol + 2;
    if (size == 0) return true;
    if (pos + size > in.size()) return false;
    out->append(in, pos, size);
    pos += size + 2;
  }
}

}  // namespace

std::vector<std::string> HttpResponse::Values(std::string name) const {
  name = Lower(name);
  std::vector<std::string> out;
  for (const auto& [k, v] : headers)
    if (k == name) out.push_back(v);
  return out;
}

HttpResponse Exchange(std::uint16_t port, const std::string& raw,
                      std::chrono::milliseconds timeout) {
  HttpResponse r;
  const auto deadline = Clock::now() + timeout;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    r.error = std::string("socket: ") + std::strerror(errno);
    return r;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    r.error = std::string("connect: ") + std::strerror(errno);
    ::close(fd);
    return r;
  }
  std::size_t sent = 0;
  while (sent < raw.size()) {
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, RemainingMs(deadline)) <= 0) {
      r.error = "timeout while sending";
      ::close(fd);
      return r;
    }
    ssize_t n = ::send(fd, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      r.error = std::string("send: ") + std::strerror(errno);
      ::close(fd);
      return r;
    }
    sent += static_cast<std::size_t>(n);
  }
  std::string in;
  char buf[65536];
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, RemainingMs(deadline)) <= 0) {
      r.error = "timeout while reading (got " + std::to_string(in.size()) + " bytes)";
      ::close(fd);
      return r;
    }
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0) {
      r.error = std::string("recv: ") + std::strerror(errno);
      ::close(fd);
      return r;
    }
    if (n == 0) break;
    in.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);

  std::size_t head_end = in.find("\r\n\r\n");
  if (head_end == std::string::npos || in.compare(0, 9, "HTTP/1.1 ") != 0) {
    r.error = "not an HTTP/1.1 response: " + in.substr(0, 80);
    return r;
  }
  r.status = std::atoi(in.c_str() + 9);
  std::size_t line = in.find("\r\n") + 2;
  while (line < head_end) {
    std::size_t eol = in.find("\r\n", line);
    std::string h = in.substr(line, eol - line);
    std::size_t colon = h.find(':');
    if (colon != std::string::npos) {
      std::string value = h.substr(colon + 1);
      value.erase(0, value.find_first_not_of(" \t"));
      value.erase(value.find_last_not_of(" \t") + 1);
      r.headers.emplace_back(Lower(h.substr(0, colon)), value);
    }
    line = eol + 2;
  }
  std::string body = in.substr(head_end + 4);
  auto te = r.Values("transfer-encoding");
  if (!te.empty() && Lower(te[0]) == "chunked") {
    if (!Dechunk(body, &r.body)) r.error = "bad chunked body";
  } else {
    auto cl = r.Values("content-length");
    if (!cl.empty()) {
      std::size_t n = std::strtoul(cl[0].c_str(), nullptr, 10);
      if (body.size() < n) r.error = "body shorter than Content-Length";
      body.resize(std::min(n, body.size()));
    }
    r.body = std::move(body);
  }
  return r;
}

}  // namespace open311_suite
