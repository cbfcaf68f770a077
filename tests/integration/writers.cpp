#include "writers.hpp"

#include <set>

namespace civic311::it {

Writers::Writers(Instance& instance, int threads, std::string tag)
    : instance_(instance), port_(instance.port()), tag_(std::move(tag)) {
  instance.PlainServiceCode();  // fetch the catalogue once, before the workers need it
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this, i] { Run(i); });
}

void Writers::Stop() {
  stop_ = true;
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void Writers::Run(int index) {
  HttpClient client(port_, 20s);
  for (long seq = 0; !stop_; ++seq) {
    std::string description =
        tag_ + " writer " + std::to_string(index) + " #" + std::to_string(seq) + " pothole";
    HttpResponse r =
        client.PostForm("/open311/v2/requests.json", instance_.NewRequestForm(description));
    std::string id = r.ok() ? ParseSubmittedId(r.body) : "";
    if (!id.empty()) {
      std::lock_guard lock(mu_);
      acked_.push_back({id, description});
      ++acked_count_;
      continue;
    }
    ++failed_count_;
    {
      std::lock_guard lock(mu_);
      std::string what = r.ok() ? "2xx without an id: " + r.body.substr(0, 200) : r.Describe();
      if (failures_.size() < 5) failures_.push_back(what);
    }
    client.Close();
    std::this_thread::sleep_for(20ms);  // the server may be gone: don't spin
  }
}

std::vector<Acked> Writers::acked() const {
  std::lock_guard lock(mu_);
  return acked_;
}

std::vector<std::string> Writers::sample_failures() const {
  std::lock_guard lock(mu_);
  return failures_;
}

std::vector<std::string> FindMissing(std::uint16_t port, const std::vector<Acked>& acked,
                                     int threads) {
  std::vector<std::string> problems;
  std::mutex mu;
  std::set<std::string> seen;
  for (const auto& a : acked) {
    if (!seen.insert(a.id).second) problems.push_back("id " + a.id + " acknowledged twice");
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      HttpClient client(port, 30s);
      for (std::size_t i = next++; i < acked.size(); i = next++) {
        const Acked& a = acked[i];
        HttpResponse r = client.Get("/open311/v2/requests/" + UrlEncode(a.id) + ".json");
        std::string problem;
        if (r.status != 200) {
          problem = "GET requests/" + a.id + ".json: " + r.Describe();
        } else {
          auto o = FirstObject(r.body);
          if (Text(o, "service_request_id") != a.id || Text(o, "description") != a.description) {
            problem = "request " + a.id + " differs: sent \"" + a.description + "\", got " +
                      r.body.substr(0, 300);
          }
        }
        if (!problem.empty()) {
          std::lock_guard lock(mu);
          problems.push_back(std::move(problem));
        }
      }
    });
  }
  for (auto& t : pool) t.join();
  return problems;
}

std::string Summarize(const std::vector<std::string>& problems) {
  std::string out = std::to_string(problems.size()) + " problem(s):";
  for (std::size_t i = 0; i < problems.size() && i < 10; ++i) out += "\n  " + problems[i];
  return out;
}

}  // namespace civic311::it
