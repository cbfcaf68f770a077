// Small libcurl helpers shared by the channels: a pool of easy handles (connections are kept
// alive per handle, so one SMTP session carries many messages), an HTTP POST, and the global
// init. Thread-safety: the pool is safe from any thread; a handle is used by one thread at once.
#pragma once

#include <mutex>
#include <string>
#include <utility>
#include <vector>

typedef void CURL;

namespace civic311::notify {

// curl_global_init once per process (call before starting threads).
void InitCurl();

class CurlPool {
 public:
  CurlPool() = default;
  ~CurlPool();
  CurlPool(const CurlPool&) = delete;
  CurlPool& operator=(const CurlPool&) = delete;

  // A handle to use and give back with Put (reset of per-transfer options is the user's job).
  CURL* Take();
  // Back to the pool; `broken`: the connection misbehaved, close it.
  void Put(CURL* h, bool broken = false);

 private:
  std::mutex mu_;
  std::vector<CURL*> free_;
};

struct HttpAnswer {
  long status = 0;    // HTTP status; 0: no answer (error says why)
  std::string error;  // libcurl's readable reason
  std::string body;   // first 4 KiB of the answer
};

// POSTs `body` with `headers` ("Name: value"); `user_pwd` "user:secret" for basic auth (may be
// empty). Deadline: 10 s connect, `timeout_s` in all.
HttpAnswer HttpPost(CurlPool& pool, const std::string& url, const std::vector<std::string>& headers,
                    const std::string& body, const std::string& user_pwd, long timeout_s);

// application/x-www-form-urlencoded of (name, value) pairs.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace civic311::notify
