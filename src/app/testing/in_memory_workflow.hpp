// TEST DOUBLE — never link into the server. In-memory UserStore, WorkflowStore and AuditStore
// for the app and staff API unit tests. ApplyChange checks and bumps the version of the request
// held by an InMemoryRequestStore, under one mutex. Thread-safety: one mutex per store.
#pragma once

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <tuple>

#include "app/testing/in_memory_stores.hpp"
#include "app/workflow_ports.hpp"
#include "domain/search_text.hpp"

namespace civic311::testing {

class InMemoryWorkflow final : public UserStore, public WorkflowStore, public AuditStore {
 public:
  explicit InMemoryWorkflow(InMemoryRequestStore& requests) : requests_(requests) {}

  // UserStore
  Result<User> CreateUser(User u) override {
    std::lock_guard lock(mu_);
    for (const auto& [id, x] : users_)
      if (x.email == u.email) return Error::Conflict("a user with this e-mail already exists");
    u.id = static_cast<UserId>(users_.size()) + 1;
    users_[u.id] = u;
    return u;
  }
  Result<std::optional<User>> GetUser(UserId id) override {
    std::lock_guard lock(mu_);
    auto it = users_.find(id);
    return it == users_.end() ? std::optional<User>() : std::optional<User>(it->second);
  }
  Result<std::optional<User>> FindUserByEmail(std::string_view email) override {
    std::lock_guard lock(mu_);
    for (const auto& [id, u] : users_)
      if (u.email == email) return std::optional<User>(u);
    return std::optional<User>();
  }
  Result<std::vector<User>> ListUsers() override {
    std::lock_guard lock(mu_);
    std::vector<User> out;
    for (const auto& [id, u] : users_) out.push_back(u);
    return out;
  }
  Status SetUserDisabled(std::string_view email, bool disabled) override {
    std::lock_guard lock(mu_);
    for (auto& [id, u] : users_)
      if (u.email == email) return u.disabled = disabled, OkStatus();
    return Error::NotFound("no such user");
  }
  Status SetUserAccess(UserId id, Role role, const std::vector<std::string>& departments) override {
    std::lock_guard lock(mu_);
    if (!users_.count(id)) return Error::NotFound("no such user");
    users_[id].role = role;
    users_[id].departments = departments;
    return OkStatus();
  }
  Status SetPasswordHash(UserId id, std::string_view hash) override {
    std::lock_guard lock(mu_);
    users_[id].password_hash = std::string(hash);
    return OkStatus();
  }
  Status SetProfile(UserId id, std::string_view name, bool hide) override {
    std::lock_guard lock(mu_);
    if (!users_.count(id)) return Error::NotFound("no such user");
    users_[id].display_name = std::string(name);
    users_[id].hide_name = hide;
    return OkStatus();
  }
  Status SetTotpSecret(UserId id, std::string_view s) override {
    std::lock_guard lock(mu_);
    users_[id].totp_secret = std::string(s);
    users_[id].totp_last_step.reset();
    return OkStatus();
  }
  Status RecordTotpStep(UserId id, std::int64_t step) override {
    std::lock_guard lock(mu_);
    auto& last = users_[id].totp_last_step;
    if (last && *last >= step) return Error::Conflict("this code was already used");
    last = step;
    return OkStatus();
  }
  Status CreateSession(const Session& s) override {
    std::lock_guard lock(mu_);
    sessions_[s.token_hash] = s;
    return OkStatus();
  }
  Result<std::optional<Session>> FindSession(std::string_view h, Timestamp now) override {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(std::string(h));
    if (it == sessions_.end() || it->second.expires_at <= now) return std::optional<Session>();
    return std::optional<Session>(it->second);
  }
  Status DeleteSession(std::string_view h) override {
    std::lock_guard lock(mu_);
    sessions_.erase(std::string(h));
    return OkStatus();
  }
  Status DeleteSessionsOfUser(UserId id) override {
    std::lock_guard lock(mu_);
    std::erase_if(sessions_, [id](const auto& kv) { return kv.second.user_id == id; });
    return OkStatus();
  }
  Status CreatePasswordReset(std::string_view h, UserId id, Timestamp expires,
                             const OutboxMessage* mail) override {
    if (mail != nullptr) {
      std::lock_guard lock(mu_);
      outbox.push_back(*mail);
    }
    std::lock_guard lock(mu_);
    resets_[std::string(h)] = {id, expires};
    return OkStatus();
  }
  Result<std::optional<UserId>> FindPasswordReset(std::string_view h, Timestamp now) override {
    std::lock_guard lock(mu_);
    auto it = resets_.find(std::string(h));
    if (it == resets_.end() || it->second.second <= now) return std::optional<UserId>();
    return std::optional<UserId>(it->second.first);
  }
  Result<std::optional<UserId>> ConsumePasswordReset(std::string_view h, Timestamp now) override {
    std::lock_guard lock(mu_);
    auto it = resets_.find(std::string(h));
    if (it == resets_.end() || it->second.second <= now) return std::optional<UserId>();
    UserId id = it->second.first;
    std::erase_if(resets_, [id](const auto& kv) { return kv.second.first == id; });
    return std::optional<UserId>(id);
  }
  Status RecordLoginAttempt(std::string_view email, Timestamp at, bool success) override {
    std::lock_guard lock(mu_);
    attempts_.push_back({std::string(email), at, success});
    return OkStatus();
  }
  Result<int> CountFailedLogins(std::string_view email, Timestamp since) override {
    std::lock_guard lock(mu_);
    for (const auto& a : attempts_)
      if (a.email == email && a.success && a.at + std::chrono::seconds(1) > since)
        since = a.at + std::chrono::seconds(1);
    int n = 0;
    for (const auto& a : attempts_) n += a.email == email && a.at >= since && !a.success;
    return n;
  }

  // WorkflowStore
  // Same meaning as the SQLite store (StaffListQuery; text: domain/search_text.hpp, ASCII case
  // folding only).
  Result<std::vector<StaffListItem>> ListStaffRequests(const StaffListQuery& q) override {
    std::lock_guard lock(mu_);
    std::vector<StaffListItem> out;
    if (q.limit <= 0) return out;
    auto all = MatchingLocked(q);
    if (!all.ok()) return std::move(all).error();
    auto key = [&q](const StaffListItem& i) {
      const ServiceRequest& r = i.request;
      const std::int64_t at = r.requested_at.time_since_epoch().count();
      using Key = std::tuple<std::string, std::int64_t, std::int64_t>;
      switch (q.sort) {
        case StaffSort::kOldest:
          return Key("", at, r.id);
        case StaffSort::kDue:
          return Key(r.expected_at ? "0" : "1",
                     r.expected_at ? r.expected_at->time_since_epoch().count() : 0, r.id);
        case StaffSort::kState:
          return Key(StateName(r.state), -at, -r.id);
        case StaffSort::kService:
          return Key(r.service_name, -at, -r.id);
        case StaffSort::kNewest:
          break;
      }
      return Key("", -at, -r.id);
    };
    std::stable_sort(all->begin(), all->end(),
                     [&](const auto& x, const auto& y) { return key(x) < key(y); });
    for (std::size_t i = static_cast<std::size_t>(std::max(q.offset, 0));
         i < all->size() && static_cast<int>(out.size()) < q.limit; ++i)
      out.push_back(std::move((*all)[i]));
    return out;
  }
  // Exact counts; capped when they exceed the cap (a lower bound is allowed, exact is too).
  Result<StateCounts> CountStaffRequests(const StaffListQuery& q) override {
    std::lock_guard lock(mu_);
    auto all = MatchingLocked(q);
    if (!all.ok()) return std::move(all).error();
    std::map<RequestState, std::int64_t> counts;
    for (const StaffListItem& i : *all) ++counts[i.request.state];
    StateCounts out;
    out.by_state.assign(counts.begin(), counts.end());
    out.capped = q.count_cap > 0 && static_cast<std::int64_t>(all->size()) > q.count_cap;
    return out;
  }
  // Every request q's filters match, newest first (mu_ held).
  Result<std::vector<StaffListItem>> MatchingLocked(const StaffListQuery& q) {
    std::vector<StaffListItem> out;
    RequestQuery rq;  // the filters RequestStore::List knows, newest first
    rq.service_codes = q.service_codes;
    rq.states = q.states;
    rq.bbox = q.bbox;
    rq.include_internal = q.include_internal;
    rq.limit = 1 << 30;
    auto all = requests_.List(rq);
    if (!all.ok()) return std::move(all).error();
    const SearchText search = ParseSearchText(q.text);
    auto has = [](const std::vector<std::string>& v, const std::string& x) {
      return std::find(v.begin(), v.end(), x) != v.end();
    };
    for (ServiceRequest& r : *all) {
      RequestWorkflow w = workflow_.count(r.id) ? workflow_.at(r.id) : RequestWorkflow{};
      if (!q.departments.empty() && !has(q.departments, r.department_code)) continue;
      if (q.assignee_user_id && w.assignee_user_id != q.assignee_user_id) continue;
      if (q.unassigned && w.assignee_user_id) continue;
      if (!q.channels.empty() &&
          std::find(q.channels.begin(), q.channels.end(), r.channel) == q.channels.end())
        continue;
      if (q.requested_from && r.requested_at < *q.requested_from) continue;
      if (q.requested_to && r.requested_at >= *q.requested_to) continue;
      if (q.overdue_at && !(IsOpen(r.state) && r.expected_at && *r.expected_at < *q.overdue_at &&
                            !w.clock_paused_at))
        continue;
      if (!q.text.empty() &&
          !MatchesSearch(search, r.id, {r.description, r.address, r.service_name}))
        continue;
      if (!q.scope_anywhere && !has(q.scope_departments, r.department_code) &&
          !(q.scope_reporter_user_id && w.reporter_user_id == q.scope_reporter_user_id))
        continue;
      r.contact = Contact{};
      out.push_back(StaffListItem{std::move(r), w});
    }
    return out;
  }
  Result<ServiceRequest> ApplyChange(RequestChange& c) override {
    std::lock_guard lock(mu_);
    auto current = requests_.Get(c.request.id);
    if (!current.ok()) return std::move(current).error();
    if (!current->has_value()) return Error::NotFound("no such service request");
    if ((*current)->version != c.request.version) return Error::Conflict("stale version");
    ServiceRequest r = **current;
    r.state = c.request.state;
    r.department_code = c.request.department_code;
    r.status_notes = c.request.status_notes;
    r.parent_id = c.request.parent_id;
    r.expected_at = c.request.expected_at;
    r.updated_at = c.request.updated_at;
    r.emergency = c.request.emergency;
    r.version += 1;
    requests_.Put(r);
    workflow_[r.id] = c.workflow;
    for (auto& e : c.events) {
      e.request_id = r.id;
      e.id = static_cast<std::int64_t>(events_.size()) + 1;
      events_.push_back(e);
    }
    for (const auto& a : c.audit) audit_.push_back(a);
    for (const auto& m : c.outbox) outbox.push_back(m);
    if (c.make_outbox)
      for (auto& m : c.make_outbox(r, c.events)) outbox.push_back(std::move(m));
    if (c.move_followers_to) {
      for (UserId u : followers_[r.id]) followers_[*c.move_followers_to].insert(u);
      if (c.workflow.reporter_user_id)
        followers_[*c.move_followers_to].insert(*c.workflow.reporter_user_id);
    }
    return r;
  }
  Result<RequestWorkflow> GetWorkflow(RequestId id) override {
    std::lock_guard lock(mu_);
    return workflow_[id];
  }
  Status SetWorkflow(RequestId id, const RequestWorkflow& w) override {
    std::lock_guard lock(mu_);
    workflow_[id] = w;
    return OkStatus();
  }
  Result<std::vector<TimelineEvent>> ListEvents(RequestId id, bool include_internal) override {
    std::lock_guard lock(mu_);
    std::vector<TimelineEvent> out;
    for (const auto& e : events_)
      if (e.request_id == id && (include_internal || !e.internal)) out.push_back(e);
    return out;
  }
  Result<std::vector<PublicUpdate>> ListPublicUpdates(Timestamp from, Timestamp to,
                                                      int limit) override {
    std::lock_guard lock(mu_);
    std::vector<PublicUpdate> out;
    for (const auto& e : events_) {
      if (e.internal || e.at < from || e.at > to) continue;
      // Like the SQL store: never an event of an internal request.
      if (auto r = requests_.Get(e.request_id); !r.ok() || !r->has_value() || (*r)->internal)
        continue;
      if (static_cast<int>(out.size()) >= limit) break;
      out.push_back({e.id, e.request_id, e.state, e.at, e.text, e.media_url});
    }
    return out;
  }
  Result<WorkOrder> CreateWorkOrder(WorkOrder w, const MakeWorkOrderRecords& records) override {
    std::lock_guard lock(mu_);
    w.id = static_cast<std::int64_t>(orders_.size()) + 1;
    w.version = 1;
    orders_[w.id] = w;
    WriteWorkOrderRecords(w, records);
    return w;
  }
  Status UpdateWorkOrder(const WorkOrder& w, const MakeWorkOrderRecords& records) override {
    std::lock_guard lock(mu_);
    auto it = orders_.find(w.id);
    if (it == orders_.end()) return Error::NotFound("no such work order");
    if (it->second.version != w.version) return Error::Conflict("the work order has changed");
    it->second = w;
    it->second.version = w.version + 1;
    WriteWorkOrderRecords(w, records);
    return OkStatus();
  }
  // As the SQL store: events on the order's request, in its current state. Holds mu_.
  void WriteWorkOrderRecords(const WorkOrder& w, const MakeWorkOrderRecords& records) {
    if (!records) return;
    WorkOrderRecords rec = records(w);
    if (w.request_id) {
      auto r = requests_.Get(*w.request_id);
      for (TimelineEvent& e : rec.events) {
        e.request_id = *w.request_id;
        if (r.ok() && r->has_value()) e.state = (*r)->state;
        e.id = static_cast<std::int64_t>(events_.size()) + 1;
        events_.push_back(e);
      }
    }
    for (const auto& a : rec.audit) audit_.push_back(a);
  }
  Result<std::optional<WorkOrder>> GetWorkOrder(std::int64_t id) override {
    std::lock_guard lock(mu_);
    auto it = orders_.find(id);
    return it == orders_.end() ? std::optional<WorkOrder>() : std::optional<WorkOrder>(it->second);
  }
  Result<std::vector<WorkOrder>> ListWorkOrders(RequestId id) override {
    std::lock_guard lock(mu_);
    std::vector<WorkOrder> out;
    for (const auto& [oid, w] : orders_)
      if (w.request_id == id) out.push_back(w);
    return out;
  }
  Result<ServiceRequest> CreateRequest(ServiceRequest r, RequestChange& c) override {
    std::lock_guard lock(mu_);
    if (fail_next_create) {  // failure injection: nothing of the creation is written
      fail_next_create = false;
      return Error::Unavailable("injected failure");
    }
    auto created = requests_.Create(std::move(r));
    if (!created.ok()) return created;
    workflow_[created->id] = c.workflow;
    for (auto& e : c.events) {
      e.request_id = created->id;
      e.id = static_cast<std::int64_t>(events_.size()) + 1;
      events_.push_back(e);
    }
    for (auto& a : c.audit) {
      a.request_id = created->id;
      audit_.push_back(a);
    }
    for (const auto& m : c.outbox) outbox.push_back(m);
    if (c.make_outbox)
      for (auto& m : c.make_outbox(*created, c.events)) outbox.push_back(std::move(m));
    if (c.raised_from) raised_from_[*c.raised_from].push_back(created->id);
    return created;
  }
  Status AddFollower(RequestId id, UserId u) override {
    std::lock_guard lock(mu_);
    followers_[id].insert(u);
    return OkStatus();
  }
  Status RemoveFollower(RequestId id, UserId u) override {
    std::lock_guard lock(mu_);
    followers_[id].erase(u);
    return OkStatus();
  }
  Result<std::vector<RequestId>> ListRaisedFrom(RequestId source) override {
    std::lock_guard lock(mu_);
    auto it = raised_from_.find(source);
    return it == raised_from_.end() ? std::vector<RequestId>{} : it->second;
  }
  Result<std::vector<UserId>> ListFollowers(RequestId id) override {
    std::lock_guard lock(mu_);
    return std::vector<UserId>(followers_[id].begin(), followers_[id].end());
  }
  Result<std::vector<SlaCandidate>> ListSlaCandidates(Timestamp horizon, Timestamp from_at,
                                                      RequestId after_id, int limit) override {
    std::lock_guard lock(mu_);
    RequestQuery all;
    all.include_internal = true;
    all.limit = 1'000'000;
    auto rows = requests_.List(all);
    if (!rows.ok()) return std::move(rows).error();
    std::vector<SlaCandidate> out;
    for (const ServiceRequest& r : *rows) {
      const RequestWorkflow& w = workflow_[r.id];
      if (!IsOpen(r.state) || !r.expected_at || w.clock_paused_at) continue;
      if (*r.expected_at > horizon || *r.expected_at < from_at) continue;
      if (*r.expected_at == from_at && r.id <= after_id) continue;
      SlaCandidate c{r.id,       r.service_code, r.department_code, r.state,
                     r.internal, *r.expected_at, w.sla_cycle,       {}};
      for (const auto& [key, rec] : escalations_)
        if (std::get<0>(key) == r.id && std::get<1>(key) == w.sla_cycle)
          c.recorded_rules.push_back(std::get<2>(key));
      out.push_back(std::move(c));
    }
    std::sort(out.begin(), out.end(), [](const SlaCandidate& a, const SlaCandidate& b) {
      return a.expected_at != b.expected_at ? a.expected_at < b.expected_at : a.id < b.id;
    });
    if (static_cast<int>(out.size()) > limit) out.resize(static_cast<std::size_t>(limit));
    return out;
  }
  Result<bool> RecordEscalation(EscalationRecord& e) override {
    std::lock_guard lock(mu_);
    auto r = requests_.Get(e.request_id);
    if (!r.ok()) return std::move(r).error();
    const RequestWorkflow& w = workflow_[e.request_id];
    if (!r->has_value() || !IsOpen((*r)->state) || !(*r)->expected_at ||
        *(*r)->expected_at > e.due_by || w.clock_paused_at || w.sla_cycle != e.sla_cycle)
      return false;
    if (!escalations_.emplace(std::make_tuple(e.request_id, e.sla_cycle, e.rule), e.notify).second)
      return false;
    e.event.request_id = e.request_id;
    e.event.state = (*r)->state;
    e.event.id = static_cast<std::int64_t>(events_.size()) + 1;
    events_.push_back(e.event);
    audit_.push_back(e.audit);
    for (const auto& m : e.outbox) outbox.push_back(m);
    if (e.make_outbox)
      for (const auto& m : e.make_outbox(e.event)) outbox.push_back(m);
    return true;
  }

  // Survey answers, duplicates, staff alerts.
  Status RecordSurveyAnswer(const SurveyAnswer& a, const std::vector<OutboxMessage>& out) override {
    std::lock_guard lock(mu_);
    answers_.push_back(a);
    for (const auto& m : out) outbox.push_back(m);
    return OkStatus();
  }
  Result<std::optional<SurveyAnswer>> LatestSurveyAnswer(RequestId id, Timestamp since) override {
    std::lock_guard lock(mu_);
    for (auto it = answers_.rbegin(); it != answers_.rend(); ++it)
      if (it->request_id == id && it->answered_at >= since) return std::optional(*it);
    return std::optional<SurveyAnswer>();
  }
  Result<std::vector<ServiceRequest>> ListDuplicatesOf(RequestId parent) override {
    RequestQuery q;
    q.include_internal = true;
    q.limit = 1 << 20;
    auto all = requests_.List(q);
    if (!all.ok()) return std::move(all).error();
    std::vector<ServiceRequest> out;
    for (const auto& r : *all)
      if (r.parent_id == parent && r.state == RequestState::kDuplicate) out.push_back(r);
    return out;
  }
  Result<StaffAlertPrefs> GetStaffAlerts(UserId id) override {
    std::lock_guard lock(mu_);
    return alerts_[id];
  }
  Status SetStaffAlerts(UserId id, QueueAlerts queue, std::string_view lang,
                        Timestamp now) override {
    std::lock_guard lock(mu_);
    if (!users_.count(id)) return Error::NotFound("no such user");
    StaffAlertPrefs& p = alerts_[id];
    if (!(p.queue == QueueAlerts::kDigest && queue == QueueAlerts::kDigest)) p.digest_since = now;
    p.queue = queue;
    p.lang = std::string(lang);
    return OkStatus();
  }
  Result<std::vector<AlertRecipient>> ListQueueAlertRecipients(std::string_view department,
                                                               QueueAlerts queue) override {
    std::lock_guard lock(mu_);
    std::vector<AlertRecipient> out;
    for (const auto& [id, p] : alerts_) {
      const User& u = users_[id];
      if (p.queue == queue && !u.disabled && u.role != Role::kResident &&
          u.ToActor().InDepartment(department))
        out.push_back(AlertRecipient{id, u.email, p.lang});
    }
    return out;
  }
  Result<std::string> AlertLang(UserId id) override {
    std::lock_guard lock(mu_);
    return alerts_[id].lang;
  }
  Result<std::vector<DigestDue>> ListDueDigests(Timestamp started_by, int limit) override {
    std::lock_guard lock(mu_);
    std::vector<DigestDue> out;
    for (const auto& [id, p] : alerts_) {
      const User& u = users_[id];
      if (p.queue == QueueAlerts::kDigest && p.digest_since <= started_by && !u.disabled &&
          static_cast<int>(out.size()) < limit)
        out.push_back(
            DigestDue{AlertRecipient{id, u.email, p.lang}, u.departments, p.digest_since});
    }
    return out;
  }
  Result<std::vector<ServiceRequest>> ListFiledBetween(const std::vector<std::string>& deps,
                                                       Timestamp after, Timestamp upto,
                                                       int limit) override {
    RequestQuery q;
    q.include_internal = true;
    q.limit = 1 << 20;
    auto all = requests_.List(q);
    if (!all.ok()) return std::move(all).error();
    std::vector<ServiceRequest> out;
    const auto in_deps = [&](const ServiceRequest& r) {
      return std::find(deps.begin(), deps.end(), r.department_code) != deps.end();
    };
    const auto moved_in = [&](const ServiceRequest& r) {
      for (const auto& e : events_)
        if (e.request_id == r.id && e.kind == "transfer" && e.at > after && e.at <= upto)
          return true;
      return false;
    };
    for (bool filed : {true, false})
      for (auto r : *all)
        if (in_deps(r) && static_cast<int>(out.size()) < limit &&
            (filed ? r.requested_at > after && r.requested_at <= upto
                   : r.requested_at <= after && moved_in(r))) {
          r.contact = Contact{};
          out.push_back(std::move(r));
        }
    return out;
  }
  Result<bool> RecordDigest(UserId id, Timestamp since, Timestamp until,
                            const std::vector<OutboxMessage>& mail) override {
    std::lock_guard lock(mu_);
    StaffAlertPrefs& p = alerts_[id];
    if (p.queue != QueueAlerts::kDigest || p.digest_since != since) return false;
    p.digest_since = until;
    for (const auto& m : mail) outbox.push_back(m);
    return true;
  }

  // AuditStore
  Status AppendAudit(const AuditEntry& e) override {
    std::lock_guard lock(mu_);
    audit_.push_back(e);
    return OkStatus();
  }
  Result<std::vector<AuditEntry>> ListAudit(std::string_view dept, int limit) override {
    std::lock_guard lock(mu_);
    std::vector<AuditEntry> out;
    for (auto it = audit_.rbegin(); it != audit_.rend() && static_cast<int>(out.size()) < limit;
         ++it)
      if (dept.empty() || it->department_code == dept) out.push_back(*it);
    return out;
  }

  std::vector<OutboxMessage> outbox;  // test inspection
  bool fail_next_create = false;      // failure injection for CreateRequest

 private:
  struct Attempt {
    std::string email;
    Timestamp at;
    bool success;
  };
  InMemoryRequestStore& requests_;
  std::mutex mu_;
  std::map<UserId, User> users_;
  std::map<std::string, Session> sessions_;
  std::map<std::string, std::pair<UserId, Timestamp>> resets_;
  std::vector<Attempt> attempts_;
  std::map<RequestId, RequestWorkflow> workflow_;
  std::vector<TimelineEvent> events_;
  std::vector<AuditEntry> audit_;
  std::map<std::int64_t, WorkOrder> orders_;
  std::map<RequestId, std::set<UserId>> followers_;
  std::map<RequestId, std::vector<RequestId>> raised_from_;  // source -> internal requests
  std::vector<SurveyAnswer> answers_;
  std::map<UserId, StaffAlertPrefs> alerts_;
  // (request, sla_cycle, rule) -> notify
  std::map<std::tuple<RequestId, int, std::string>, std::string> escalations_;
};

}  // namespace civic311::testing
