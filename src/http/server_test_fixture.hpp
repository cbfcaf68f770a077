// The server tests' fixture: a Router with small test handlers, short timeouts and small limits,
// a server on 127.0.0.1 port 0. Test-only (header-only so it stays out of the library).
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>

#include "http/server.hpp"
#include "http/test_client.hpp"

namespace civic311::http::testing {

inline std::string Pairs(const std::vector<std::pair<std::string, std::string>>& ps) {
  std::string out;
  for (const auto& [k, v] : ps) out += k + "=" + v + ";";
  return out;
}

// Polls `cond` for up to 10 s.
template <typename Cond>
bool Eventually(Cond cond) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return cond();
}

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() : router_(std::make_shared<Router>()) {
    router_->Add(Method::kGet, "/hello", [](const Request&) {
      Response r;
      r.content_type = "text/plain";
      r.body = "hello";
      return r;
    });
    auto echo = [](const Request& req) {
      Response r;
      r.content_type = "text/plain";
      r.body = "q:" + Pairs(req.query) + " f:" + Pairs(req.form);
      return r;
    };
    router_->Add(Method::kGet, "/echo", echo);
    router_->Add(Method::kPost, "/echo", echo);
    router_->Add(Method::kGet, "/items/{id}.{format}", [](const Request& req) {
      Response r;
      r.body = req.path_params[0] + "," + req.path_params[1];
      return r;
    });
    router_->Add(Method::kGet, "/boom", [](const Request&) -> Response {
      throw std::runtime_error("secret database detail");
    });
    router_->Add(Method::kGet, "/whoami", [](const Request& req) {
      Response r;
      r.body = req.client_ip + "|" + (req.secure ? "https" : "http") + "|" + req.request_id;
      return r;
    });
    router_->Add(Method::kGet, "/slow", [this](const Request&) {
      slow_started_.fetch_add(1);
      Eventually([this] { return release_.load(); });
      Response r;
      r.body = "slow done";
      return r;
    });
  }

  ~ServerTest() override {
    release_ = true;
    if (server_) server_->Stop();
  }

  static ServerOptions Options() {
    ServerOptions o;
    o.port = 0;
    o.io_threads = 2;
    o.worker_threads = 4;
    o.read_timeout = std::chrono::seconds(1);
    o.write_timeout = std::chrono::seconds(2);
    o.idle_timeout = std::chrono::seconds(2);
    o.drain_timeout = std::chrono::seconds(5);
    o.max_header_bytes = 4096;
    o.max_body_bytes = 1024;
    return o;
  }

  void StartServer(ServerOptions o = Options()) {
    server_ = std::make_unique<Server>(std::move(o), router_, metrics_);
    auto port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.error().message;
    port_ = *port;
  }

  std::optional<testing::TestResponse> Fetch(std::string_view request, bool head = false) {
    TestClient c(port_);
    return c.RoundTrip(request, head);
  }

  std::shared_ptr<Router> router_;
  MetricsRegistry metrics_;
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
  std::atomic<int> slow_started_{0};
  std::atomic<bool> release_{false};
};

}  // namespace civic311::http::testing
