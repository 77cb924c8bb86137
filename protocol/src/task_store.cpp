// TaskStore: the state of every task of the tasks extension (see tasks.hpp for the contract).
#include <cstdio>
#include <ctime>

#include "dispatcher.hpp"
#include "tasks.hpp"

namespace sciorex::protocol::detail {

namespace {

const char* status_name(TaskStore::Status s) {
  switch (s) {
    case TaskStore::Status::working:
      return "working";
    case TaskStore::Status::input_required:
      return "input_required";
    case TaskStore::Status::completed:
      return "completed";
    case TaskStore::Status::failed:
      return "failed";
    case TaskStore::Status::cancelled:
      return "cancelled";
  }
  return "working";
}

bool terminal(TaskStore::Status s) {
  return s == TaskStore::Status::completed || s == TaskStore::Status::failed ||
         s == TaskStore::Status::cancelled;
}

// ISO 8601 in UTC with milliseconds: 2026-07-28T10:30:00.123Z.
std::string iso8601(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

// 128 random bits, hex: unguessable, since a task id is all a caller needs to read or steer a task.
std::string new_task_id() {
  static const char* const digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : random_bytes(16)) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

}  // namespace

TaskStore::TaskStore(Limits limits) : limits_(limits) {}

TaskStore::~TaskStore() { cancel_all(); }

std::size_t TaskStore::size() const {
  std::lock_guard lock(mu_);
  return tasks_.size();
}

std::optional<json> TaskStore::create(const std::shared_ptr<CallState>& round) {
  std::lock_guard lock(mu_);
  auto now = std::chrono::steady_clock::now();
  for (auto it = tasks_.begin(); it != tasks_.end();) {
    auto next = std::next(it);
    if (it->second.expires <= now) drop_locked(it);
    it = next;
  }
  if (tasks_.size() >= limits_.max_tasks) return std::nullopt;
  std::string id;
  do id = new_task_id();
  while (tasks_.count(id));
  Task t;
  t.id = id;
  t.created = t.updated = std::chrono::system_clock::now();
  t.expires = now + limits_.ttl;
  t.round = round;
  round->task_id = id;
  round->cancel = std::make_shared<CancelFlag>();
  json created = describe_locked(t, false);
  created["resultType"] = "task";
  tasks_.emplace(id, std::move(t));
  return created;
}

std::optional<json> TaskStore::get(const std::string& id) {
  std::lock_guard lock(mu_);
  Task* t = find_locked(id);
  if (!t) return std::nullopt;
  return describe_locked(*t, true);
}

void TaskStore::complete(const std::string& id, json result) {
  std::lock_guard lock(mu_);
  Task* t = find_locked(id);
  if (!t || t->status != Status::working) return;
  t->result = std::move(result);
  finish_locked(*t, Status::completed);
}

void TaskStore::fail(const std::string& id, json error) {
  std::lock_guard lock(mu_);
  Task* t = find_locked(id);
  if (!t || t->status != Status::working) return;
  t->status_message = error.value("message", std::string());
  t->error = std::move(error);
  finish_locked(*t, Status::failed);
}

void TaskStore::park(const std::string& id, json input_requests) {
  std::lock_guard lock(mu_);
  Task* t = find_locked(id);
  if (!t || t->status != Status::working) return;
  t->pending = std::move(input_requests);
  t->status = Status::input_required;
  t->updated = std::chrono::system_clock::now();
}

TaskStore::UpdateOutcome TaskStore::update(const std::string& id, const json& input_responses) {
  std::lock_guard lock(mu_);
  Task* t = find_locked(id);
  if (!t) return {};
  UpdateOutcome out{true, nullptr};
  if (t->status != Status::input_required) return out;  // nothing outstanding: all ignored
  for (auto& [key, answer] : input_responses.items()) {
    auto req = t->pending.find(key);
    if (req != t->pending.end() && !valid_input_response(req->value("method", std::string()), answer))
      throw errors::invalid_params("inputResponses." + key + " is not a valid " +
                                   req->value("method", std::string()) + " result");
  }
  for (auto& [key, answer] : input_responses.items()) {
    if (!t->pending.contains(key)) continue;
    t->answers[key] = answer;
    t->pending.erase(key);
  }
  t->updated = std::chrono::system_clock::now();
  if (t->pending.empty()) {
    t->status = Status::working;
    // No round runs while the task waits, so the CallState is ours to prepare.
    t->round->input_responses = t->answers;
    out.resume = t->round;
  }
  return out;
}

bool TaskStore::cancel(const std::string& id) {
  std::lock_guard lock(mu_);
  Task* t = find_locked(id);
  if (!t) return false;
  if (!terminal(t->status)) {
    if (t->round) t->round->cancel->cancel();
    t->status_message = "Cancelled by the client";
    finish_locked(*t, Status::cancelled);
  }
  return true;
}

void TaskStore::cancel_all() {
  std::lock_guard lock(mu_);
  for (auto& [_, t] : tasks_) {
    if (terminal(t.status)) continue;
    if (t.round) t.round->cancel->cancel();
    t.status_message = "Cancelled: the server is stopping";
    finish_locked(t, Status::cancelled);
  }
}

TaskStore::Task* TaskStore::find_locked(const std::string& id) {
  auto it = tasks_.find(id);
  if (it == tasks_.end()) return nullptr;
  if (it->second.expires <= std::chrono::steady_clock::now()) {
    drop_locked(it);
    return nullptr;
  }
  return &it->second;
}

void TaskStore::drop_locked(std::unordered_map<std::string, Task>::iterator it) {
  // A round still running holds its own reference to the CallState; it learns through the flag.
  if (it->second.round) it->second.round->cancel->cancel();
  tasks_.erase(it);
}

void TaskStore::finish_locked(Task& t, Status status) {
  t.status = status;
  t.updated = std::chrono::system_clock::now();
  t.pending = json::object();
  t.answers = json::object();
  t.round.reset();  // no more rounds: release the request's params and state
}

json TaskStore::describe_locked(const Task& t, bool detailed) const {
  json j = {{"taskId", t.id},
            {"status", status_name(t.status)},
            {"createdAt", iso8601(t.created)},
            {"lastUpdatedAt", iso8601(t.updated)},
            {"ttlMs", static_cast<long long>(limits_.ttl.count())},
            {"pollIntervalMs", static_cast<long long>(limits_.poll_interval.count())}};
  if (!detailed) return j;
  if (!t.status_message.empty()) j["statusMessage"] = t.status_message;
  if (t.status == Status::input_required) j["inputRequests"] = t.pending;
  if (t.status == Status::completed) j["result"] = t.result;
  if (t.status == Status::failed) j["error"] = t.error;
  return j;
}

}  // namespace sciorex::protocol::detail
