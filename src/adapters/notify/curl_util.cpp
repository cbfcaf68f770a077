#include "adapters/notify/curl_util.hpp"

#include <curl/curl.h>

namespace civic311::notify {
namespace {

size_t Collect(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  const size_t bytes = size * n;
  if (out->size() < 4096) out->append(data, std::min(bytes, 4096 - out->size()));
  return bytes;
}

}  // namespace

void InitCurl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlPool::~CurlPool() {
  for (CURL* h : free_) curl_easy_cleanup(h);
}

CURL* CurlPool::Take() {
  {
    std::lock_guard lock(mu_);
    if (!free_.empty()) {
      CURL* h = free_.back();
      free_.pop_back();
      return h;
    }
  }
  InitCurl();
  return curl_easy_init();
}

void CurlPool::Put(CURL* h, bool broken) {
  if (h == nullptr) return;
  if (broken) {
    curl_easy_cleanup(h);
    return;
  }
  std::lock_guard lock(mu_);
  free_.push_back(h);
}

HttpAnswer HttpPost(CurlPool& pool, const std::string& url, const std::vector<std::string>& headers,
                    const std::string& body, const std::string& user_pwd, long timeout_s) {
  HttpAnswer out;
  CURL* h = pool.Take();
  if (h == nullptr) {
    out.error = "curl_easy_init failed";
    return out;
  }
  curl_easy_reset(h);
  curl_slist* list = nullptr;
  for (const std::string& hd : headers) list = curl_slist_append(list, hd.c_str());
  char err[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout_s);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &out.body);
  if (!user_pwd.empty()) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(h, CURLOPT_USERPWD, user_pwd.c_str());
  }
  const CURLcode rc = curl_easy_perform(h);
  if (rc == CURLE_OK) {
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
  } else {
    out.error = err[0] != '\0' ? err : curl_easy_strerror(rc);
  }
  curl_slist_free_all(list);
  pool.Put(h, rc != CURLE_OK);
  return out;
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    char* n = curl_easy_escape(nullptr, name.data(), static_cast<int>(name.size()));
    char* v = curl_easy_escape(nullptr, value.data(), static_cast<int>(value.size()));
    out += n;
    out += '=';
    out += v;
    curl_free(n);
    curl_free(v);
  }
  return out;
}

}  // namespace civic311::notify
