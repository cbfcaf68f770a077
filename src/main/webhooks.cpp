#include "main/webhooks.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "base/log.hpp"

namespace civic311 {
namespace {

constexpr size_t kMinSecretBytes = 16;

Result<std::string> ReadSecret(const WebhookEndpoint& e) {
  const std::string where = "webhook \"" + e.name + "\": ";
  std::string secret;
  if (!e.secret_env.empty()) {
    const char* v = std::getenv(e.secret_env.c_str());
    if (v == nullptr || *v == '\0')
      return Error::InvalidArgument(where + "environment variable " + e.secret_env +
                                    " (secret_env) is not set or empty");
    secret = v;
  } else {
    std::ifstream in(e.secret_file, std::ios::binary);
    if (!in) return Error::InvalidArgument(where + "cannot read secret_file " + e.secret_file);
    std::ostringstream text;
    text << in.rdbuf();
    secret = text.str();
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r' ||
                               secret.back() == ' ' || secret.back() == '\t'))
      secret.pop_back();
    struct stat st {};
    if (stat(e.secret_file.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
      Log(LogLevel::kWarn, "webhook secret file is readable by others; chmod 600 it",
          {{"webhook", e.name}, {"file", e.secret_file}});
  }
  if (secret.size() < kMinSecretBytes)
    return Error::InvalidArgument(where +
                                  "the signing secret is shorter than 16 bytes; use a "
                                  "random one, e.g. openssl rand -hex 32");
  return secret;
}

}  // namespace

WebhookTargetsRead ReadWebhookTargetsLenient(const City& city, std::string_view source) {
  WebhookTargetsRead out;
  for (std::size_t i = 0; i < city.webhooks.size(); ++i) {
    const WebhookEndpoint& e = city.webhooks[i];
    if (!e.enabled) continue;
    auto secret = ReadSecret(e);
    if (!secret.ok()) {
      const char* key = e.secret_env.empty() ? "secret_file" : "secret_env";
      out.problems.push_back({std::string(source) + " webhooks[" + std::to_string(i) + "]." + key,
                              secret.error().message});
      continue;
    }
    out.targets.push_back(WebhookTarget{e, std::move(secret).value()});
  }
  return out;
}

Result<std::vector<WebhookTarget>> ReadWebhookTargets(const City& city) {
  std::vector<WebhookTarget> targets;
  std::string problems;
  for (const WebhookEndpoint& e : city.webhooks) {
    if (!e.enabled) continue;  // its undelivered rows wait (no claim route), nothing new is sent
    auto secret = ReadSecret(e);
    if (!secret.ok()) {
      problems += (problems.empty() ? "" : "\n") + secret.error().message;
      continue;
    }
    targets.push_back(WebhookTarget{e, std::move(secret).value()});
  }
  if (!problems.empty()) return Error::InvalidArgument(problems);
  return targets;
}

}  // namespace civic311
