// Replaying Boston's 2015 311 records into Demo City, so that the demo opens lived-in
// (docs/demo.md): a few thousand requests over the last 90 days in every state, with their
// timelines, and photos on those whose reporter sent one.
//
// Input: config/demo-requests.csv.gz (scripts/demo-data/extract_requests.py): per record the
// service, its opening and closing times relative to the newest record, the outcome, the place
// and the channel. Times are shifted so that the newest record opened at `now`; a record closed
// after `now` is still open. Open records get a state by their age (a day old: submitted;
// older: acknowledged, in progress, scheduled, waiting…), closed ones their outcome (fixed,
// duplicate, …), a few fixed ones were reopened, a few cancelled. Each request is written with
// its timeline events in one transaction (WorkflowStore::CreateRequest), without webhook
// messages (history is not news).
//
// Thread-safety: runs on the caller's thread plus `threads` helpers of its own (so that the
// store's group commit batches them); the ports must be safe from many threads.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/demo/demo_data.hpp"
#include "app/media_service.hpp"
#include "app/workflow_ports.hpp"
#include "domain/city.hpp"

namespace civic311 {

struct DemoRecord {
  std::string service_code;
  long long opened = 0;             // seconds relative to the newest record (<= 0)
  std::optional<long long> closed;  // likewise; nullopt while open
  std::string outcome;              // fixed | duplicate | no_further_action | referred |
                                    // not_responsible | open
  double lat = 0, lon = 0;
  std::string address;
  Channel channel = Channel::kPhone;
  bool photo = false;
};

Result<std::vector<DemoRecord>> ParseDemoRequests(std::string_view csv_text);

struct ReplayStats {
  int requests = 0;
  int open = 0;
  int with_photos = 0;
  int skipped = 0;  // unknown service or outside the city
};

// A demo photo for a service (a JPEG); variant picks one of a few looks.
using DemoPhotoMaker = std::function<std::string(const Service& service, int variant)>;

// media/make_photo may be null/empty: no photos.
Result<ReplayStats> ReplayDemoRequests(const City& city, const std::vector<DemoRecord>& records,
                                       WorkflowStore& store, MediaService* media,
                                       const DemoPhotoMaker& make_photo, Timestamp now,
                                       int threads = 8);

}  // namespace civic311
