// The Watcher: one thread for every question a call waits for, instead of a thread per call. The
// calls are suspended (protocol::DeferredCall); each poll interval (and at once when the store
// announces events: PostgreSQL's NOTIFY) the watcher reads the store's change feed once, finishes the calls
// whose question was answered or withdrawn (from any process), reads a 2025 client's form answer (a cancelled
// form answers nothing: the call waits on), sends progress, and honours cancellation (the question is
// withdrawn) and the deadline (the call returns status pending).
//
// Waiting questions are capped per session and per server: a session (one client connection)
// rarely has more than a few questions open; the cap keeps one runaway client from filling the
// person's inbox and the watcher's rounds. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "sciorex/storage/event_feed.hpp"
#include "waiter.hpp"

namespace sciorex::protocol {
class DeferredCall;
}

namespace sciorex::interactions {

class Watcher {
 public:
  struct Waiting {
    std::shared_ptr<protocol::DeferredCall> call;
    std::string id;                     // the interaction
    std::string client;                 // who asked (clientInfo.name)
    std::optional<std::string> person;  // for whom (the request's person, issue 13)
    std::chrono::steady_clock::time_point start, deadline;
    bool form_out = false;  // a 2025 client's form (elicitation/create) is out
    FromElicitation from_elicitation;
    Respond respond;
  };

  // A place reserved for one waiting question of a session; given back unless handed to watch().
  class Slot {
   public:
    Slot(Slot&& other) noexcept : w_(other.w_), session_(other.session_) { other.w_ = nullptr; }
    Slot& operator=(Slot&&) = delete;
    ~Slot();

   private:
    friend class Watcher;
    Slot(Watcher* w, const void* session) : w_(w), session_(session) {}
    Watcher* w_;
    const void* session_;
  };

  explicit Watcher(Inbox& inbox);
  ~Watcher();  // withdraws the questions still waiting and answers their calls
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  // Throws protocol::ToolError when the session or the server has the most questions waiting.
  Slot reserve(const void* session);
  void watch(Slot slot, Waiting waiting);
  // Questions waiting now (reserved places included).
  std::size_t size() const;

 private:
  struct Entry {
    Waiting w;
    const void* session;
    bool fresh = true;  // not read from the store since it was added
    std::chrono::steady_clock::time_point next_progress;
  };

  void release(const void* session);
  void run();
  std::vector<std::string> changed_since(std::int64_t& cursor, bool& all);
  bool step(Entry& e, bool changed, std::chrono::steady_clock::time_point now);
  // Reads a 2025 client's form answer, if it came; true when it finished the call.
  bool read_form(Entry& e);
  void finish(Entry& e, const AskOutcome& outcome);

  Inbox& inbox_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<const void*, std::size_t> per_session_;
  std::size_t total_ = 0;
  std::vector<Entry> incoming_;  // handed over by watch(), taken by the thread
  std::vector<Entry> waiting_;   // the thread's own
  bool stopping_ = false;
  bool woken_ = false;  // the store announced events since the last round (PostgreSQL's NOTIFY)
  std::thread thread_;
  // Registered and dropped outside mu_: its calls come under the store's lock and take mu_.
  std::unique_ptr<storage::EventWakeup> wakeup_;
};

}  // namespace sciorex::interactions
