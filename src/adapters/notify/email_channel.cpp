#include "adapters/notify/email_channel.hpp"

#include <curl/curl.h>

#include <cstring>
#include <ctime>

namespace civic311::notify {
namespace {

std::string Base64(std::string_view in, bool wrap) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t line = 0;
  for (size_t i = 0; i < in.size(); i += 3) {
    const unsigned b0 = static_cast<unsigned char>(in[i]);
    const unsigned b1 = i + 1 < in.size() ? static_cast<unsigned char>(in[i + 1]) : 0;
    const unsigned b2 = i + 2 < in.size() ? static_cast<unsigned char>(in[i + 2]) : 0;
    out += t[b0 >> 2];
    out += t[((b0 & 3) << 4) | (b1 >> 4)];
    out += i + 1 < in.size() ? t[((b1 & 15) << 2) | (b2 >> 6)] : '=';
    out += i + 2 < in.size() ? t[b2 & 63] : '=';
    if (wrap && (line += 4) >= 76) {
      out += "\r\n";
      line = 0;
    }
  }
  if (wrap && line != 0) out += "\r\n";
  return out;
}

// RFC 2047 for a header holding non-ASCII text; CR/LF never reach a header.
std::string HeaderText(std::string_view s) {
  std::string clean;
  bool ascii = true;
  for (char c : s) {
    if (c == '\r' || c == '\n') c = ' ';
    if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
    clean += c;
  }
  if (ascii) return clean;
  return "=?UTF-8?B?" + Base64(clean, false) + "?=";
}

std::string RfcDate(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

struct Upload {
  const std::string* data;
  size_t at = 0;
};

size_t Read(char* buf, size_t size, size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  const size_t left = u->data->size() - u->at;
  const size_t len = std::min(left, size * n);
  std::memcpy(buf, u->data->data() + u->at, len);
  u->at += len;
  return len;
}

}  // namespace

std::string AddressOf(std::string_view mailbox) {
  const size_t lt = mailbox.rfind('<');
  const size_t gt = mailbox.rfind('>');
  if (lt != std::string_view::npos && gt != std::string_view::npos && gt > lt)
    return std::string(mailbox.substr(lt + 1, gt - lt - 1));
  while (!mailbox.empty() && mailbox.front() == ' ') mailbox.remove_prefix(1);
  while (!mailbox.empty() && mailbox.back() == ' ') mailbox.remove_suffix(1);
  return std::string(mailbox);
}

std::string BuildMime(const RenderedEmail& mail, const std::string& from, const std::string& to,
                      const std::string& message_id, const std::string& reply_to,
                      std::chrono::system_clock::time_point date) {
  // The boundary derives from the Message-ID: stable, and never inside base64 text.
  const std::string boundary = "=_civic311_" + Base64(message_id, false).substr(0, 24);
  std::string out;
  out += "From: " + HeaderText(from) + "\r\n";
  out += "To: <" + HeaderText(to) + ">\r\n";
  if (!reply_to.empty()) out += "Reply-To: " + HeaderText(reply_to) + "\r\n";
  out += "Subject: " + HeaderText(mail.subject) + "\r\n";
  out += "Date: " + RfcDate(date) + "\r\n";
  out += "Message-ID: " + message_id + "\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  if (!mail.stop_url.empty()) {
    out += "List-Unsubscribe: <" + mail.stop_url + ">\r\n";
    out += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  }
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\n";
  out += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  out += Base64(mail.text, true);
  out += "--" + boundary + "\r\n";
  out += "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  out += Base64(mail.html, true);
  out += "--" + boundary + "--\r\n";
  return out;
}

EmailChannel::EmailChannel(EmailOptions options, const MessageRenderer& renderer)
    : options_(std::move(options)), renderer_(renderer) {
  from_address_ = AddressOf(options_.from);
  const size_t at = from_address_.rfind('@');
  domain_ = at == std::string::npos ? "civic311.invalid" : from_address_.substr(at + 1);
  InitCurl();
}

SendResult EmailChannel::Send(const OutboxItem& m) {
  if (m.recipient.empty()) return SendResult::Rejected("no recipient");
  auto rendered = renderer_.Email(m);
  if (!rendered.ok()) return SendResult::Rejected("render: " + rendered.error().detail);
  const std::string message_id = "<" + m.StableKey() + "@" + domain_ + ">";
  const std::string mime =
      BuildMime(*rendered, options_.from, m.recipient, message_id, renderer_.branding()->reply_to,
                std::chrono::system_clock::now());
  CURL* h = pool_.Take();
  if (h == nullptr) return SendResult::Retry("curl_easy_init failed");
  curl_easy_reset(h);
  char err[CURL_ERROR_SIZE] = {0};
  Upload upload{&mime};
  const std::string from = "<" + from_address_ + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + m.recipient + ">").c_str());
  curl_easy_setopt(h, CURLOPT_URL, options_.smtp_url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));  // STARTTLS if offered
  if (!options_.password.empty()) curl_easy_setopt(h, CURLOPT_PASSWORD, options_.password.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, Read);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mime.size()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, options_.timeout_s);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  const CURLcode rc = curl_easy_perform(h);
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  curl_slist_free_all(rcpt);
  pool_.Put(h, rc != CURLE_OK);
  if (rc == CURLE_OK) return SendResult::Delivered();
  std::string why = "SMTP";
  if (code != 0) why += " " + std::to_string(code);
  why += ": ";
  why += err[0] != '\0' ? err : curl_easy_strerror(rc);
  // 55x: the mailbox or the message is refused for good (RFC 5321 §4.2.3). 500-504 are syntax
  // errors — a confused or cut session as often as a real refusal — and 4xx are temporary.
  if (code >= 550 && code <= 559) return SendResult::Rejected(why);
  return SendResult::Retry(why);
}

}  // namespace civic311::notify
