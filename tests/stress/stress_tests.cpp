// Many agents, one store (issue 5, Concurrency): four sciorex-tickets processes on one workspace,
// each driven over stdio by a client that keeps 48 requests in flight, 1,000 mixed writes each
// (create, change status along the allowed path, complete subtask, comment, add blocker) plus
// about 5% deliberate refusals.
// Afterwards the store must hold exactly what the clients were told: every acknowledged write,
// nothing else, no id handed out twice, and no error other than the refusals the test asks for.
//
// The clients run on threads of this test; they share a Ledger of acknowledged tickets so that
// comments and blockers cross process boundaries. A client never has two order-sensitive writes
// (status, subtask) for one ticket in flight at once, so the expected end state does not depend
// on the order in which a server's worker threads run them. Blockers always point from a later
// ticket to an earlier one, so no cycle can be refused by accident.
#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <iostream>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "sciorex/storage/database.hpp"
#include "sciorex/storage/ticket_repository.hpp"
#include "server_process.hpp"

namespace sciorex::stress {

namespace {

constexpr int kProcesses = 4;
constexpr int kWritesPerClient = 1000;
constexpr std::size_t kInFlight = 48;
constexpr int kSubtasks = 3;
// The status path the clients walk; an index into it is a ticket's step (0 = backlog).
const std::vector<std::string> kStatusPath = {"backlog", "planned", "in_progress", "in_review", "done"};

long long id_number(const std::string& id) { return std::stoll(id.substr(id.rfind('-') + 1)); }

// What the store must hold for one ticket, built from acknowledged writes only.
struct Expected {
  std::string title;
  int status_step = 0;
  int subtasks_done = 0;
  std::multiset<std::string> comments;
  std::set<std::string> blockers;
  std::map<std::string, int> history;  // "action by actor" -> entries
};

// Every acknowledged ticket, shared by the client threads. Thread-safe.
class Ledger {
 public:
  // False when the id was handed out before (to anyone).
  bool add_ticket(const std::string& id, const std::string& title, const std::string& actor) {
    std::lock_guard lock(mu_);
    if (tickets_.count(id)) return false;
    tickets_[id].title = title;
    tickets_[id].history["created by " + actor] = 1;
    ids_.push_back(id);
    return true;
  }
  std::optional<std::string> random_ticket(std::mt19937& rng) {
    std::lock_guard lock(mu_);
    if (ids_.empty()) return std::nullopt;
    return ids_[rng() % ids_.size()];
  }
  // Applies an acknowledged change to the ticket and counts its history entry.
  template <class F>
  void record(const std::string& id, const std::string& action, const std::string& actor, F&& change) {
    std::lock_guard lock(mu_);
    Expected& t = tickets_.at(id);
    change(t);
    ++t.history[action + " by " + actor];
  }
  const std::map<std::string, Expected>& tickets() const { return tickets_; }  // after the drivers end

 private:
  std::mutex mu_;
  std::map<std::string, Expected> tickets_;
  std::vector<std::string> ids_;
};

enum class Op { create, status, subtask, comment, blocker, bad_transition, self_block };

// One client: keeps kInFlight requests in flight until kWritesPerClient writes are answered, with
// some deliberate refusals (an invalid transition, a self-block) mixed in on top; those must be
// refused with their reason and leave no trace. Never throws; anything unexpected lands in
// `problems`.
class Driver {
 public:
  Driver(int index, McpClient& client, Ledger& ledger)
      : name_("stress-agent-" + std::to_string(index)),
        client_(client),
        ledger_(ledger),
        rng_(4242 + index) {}

  void run() {
    try {
      while (sent_ < kWritesPerClient || !pending_.empty()) {
        while (sent_ < kWritesPerClient && pending_.size() < kInFlight) issue();
        max_in_flight = std::max(max_in_flight, pending_.size());
        auto r = client_.next_response(60s);
        if (!r)
          throw std::runtime_error("the server's output ended with " + std::to_string(pending_.size()) +
                                   " requests unanswered");
        answer(*r);
      }
    } catch (const std::exception& e) {
      problems.push_back(name_ + ": " + e.what());
    }
  }

  const std::string& name() const { return name_; }
  int acknowledged = 0, refused_as_intended = 0;
  std::size_t max_in_flight = 0;
  std::map<std::string, int> by_tool;
  std::vector<std::string> problems;

 private:
  struct Own {
    std::string id;
    int status_step = 0, subtasks_done = 0;
    bool busy = false;               // a status or subtask write for it is in flight
    std::set<std::string> blockers;  // acknowledged or in flight
  };
  struct Pending {
    Op op;
    std::size_t own = 0;  // index into own_ (status, subtask, blocker, bad_transition)
    std::string ticket, detail;
  };

  // A random own ticket that is not busy and satisfies `ok`; nullopt if none.
  template <class F>
  std::optional<std::size_t> pick_own(F&& ok) {
    std::vector<std::size_t> c;
    for (std::size_t i = 0; i < own_.size(); ++i)
      if (!own_[i].busy && ok(own_[i])) c.push_back(i);
    if (c.empty()) return std::nullopt;
    return c[rng_() % c.size()];
  }

  void issue() {
    static const std::vector<std::pair<Op, int>> weights = {
        {Op::create, 15},  {Op::status, 25},        {Op::subtask, 20},  {Op::comment, 20},
        {Op::blocker, 15}, {Op::bad_transition, 3}, {Op::self_block, 2}};
    int roll = static_cast<int>(rng_() % 100);
    Op op = Op::create;
    for (auto [o, w] : weights) {
      if (roll < w) {
        op = o;
        break;
      }
      roll -= w;
    }
    if (op == Op::bad_transition || op == Op::self_block) {
      if (try_issue(op)) return;  // a refusal on top of the kWritesPerClient writes
      op = Op::create;
    }
    if (!try_issue(op)) try_issue(Op::create);
    ++sent_;
  }

  bool try_issue(Op op) {
    Pending p{op, 0, "", ""};
    json args;
    std::string tool;
    switch (op) {
      case Op::create: {
        p.detail = name_ + " ticket " + std::to_string(sent_);
        tool = "sciorex_create_ticket";
        json subtasks = json::array();
        for (int i = 1; i <= kSubtasks; ++i) subtasks.push_back("Step " + std::to_string(i));
        args = {{"title", p.detail}, {"subtasks", subtasks}, {"priority", rng_() % 2 ? "high" : "low"}};
        break;
      }
      case Op::status:
      case Op::bad_transition: {
        const bool bad = op == Op::bad_transition;
        auto i = pick_own(
            [&](const Own& o) { return bad || o.status_step + 1 < static_cast<int>(kStatusPath.size()); });
        if (!i) return false;
        p.own = *i;
        const int step = own_[*i].status_step;
        // A target the transition table refuses from each step of the path.
        p.detail = bad ? (step <= 1 ? "done" : step == 4 ? "planned" : "backlog") : kStatusPath[step + 1];
        tool = "sciorex_change_status";
        args = {{"ticketId", own_[*i].id}, {"status", p.detail}};
        own_[*i].busy = true;
        break;
      }
      case Op::subtask: {
        auto i = pick_own([](const Own& o) { return o.subtasks_done < kSubtasks; });
        if (!i) return false;
        p.own = *i;
        p.detail = "sub-00" + std::to_string(own_[*i].subtasks_done + 1);
        tool = "sciorex_complete_subtask";
        args = {{"ticketId", own_[*i].id}, {"subtaskId", p.detail}};
        own_[*i].busy = true;
        break;
      }
      case Op::comment: {
        auto t = ledger_.random_ticket(rng_);
        if (!t) return false;
        p.ticket = *t;
        p.detail = name_ + " comment " + std::to_string(sent_);
        tool = "sciorex_add_comment";
        args = {{"ticketId", *t}, {"comment", p.detail}};
        break;
      }
      case Op::blocker: {
        if (own_.empty()) return false;
        for (int attempt = 0; attempt < 8 && p.detail.empty(); ++attempt) {
          std::size_t i = rng_() % own_.size();
          auto b = ledger_.random_ticket(rng_);
          if (b && id_number(*b) < id_number(own_[i].id) && !own_[i].blockers.count(*b)) {
            p.own = i;
            p.detail = *b;
          }
        }
        if (p.detail.empty()) return false;
        own_[p.own].blockers.insert(p.detail);
        tool = "sciorex_add_blocker";
        args = {{"ticketId", own_[p.own].id}, {"blockerTicketId", p.detail}, {"reason", "stress"}};
        break;
      }
      case Op::self_block: {
        if (own_.empty()) return false;
        p.ticket = own_[rng_() % own_.size()].id;
        tool = "sciorex_add_blocker";
        args = {{"ticketId", p.ticket}, {"blockerTicketId", p.ticket}};
        break;
      }
    }
    if (p.ticket.empty() && op != Op::create) p.ticket = own_[p.own].id;
    ++by_tool[tool];
    pending_[client_.send_call(tool, std::move(args))] = std::move(p);
    return true;
  }

  void answer(const json& r) {
    auto it = pending_.find(r.at("id").get<int>());
    if (it == pending_.end()) throw std::runtime_error("an answer to no request: " + r.dump().substr(0, 300));
    Pending p = std::move(it->second);
    pending_.erase(it);
    if (p.op == Op::status || p.op == Op::subtask || p.op == Op::bad_transition) own_[p.own].busy = false;

    const bool error = is_tool_error(r);
    const std::string text = response_text(r);
    if (p.op == Op::bad_transition || p.op == Op::self_block) {
      const char* expected = p.op == Op::self_block ? "cannot block itself" : "Invalid status transition";
      if (error && text.find(expected) != std::string::npos && !r.contains("error"))
        ++refused_as_intended;
      else
        problems.push_back(name_ + ": expected a refusal (" + expected + ") on " + p.ticket + ", got " +
                           r.dump().substr(0, 300));
      return;
    }
    if (error) {
      problems.push_back(name_ + ": a write failed on " + (p.ticket.empty() ? "create" : p.ticket) + ": " +
                         r.dump().substr(0, 300));
      if (p.op == Op::blocker) own_[p.own].blockers.erase(p.detail);
      return;
    }
    const json& sc = r.at("result").at("structuredContent");
    ++acknowledged;
    switch (p.op) {
      case Op::create: {
        const std::string id = sc.at("id");
        if (sc.at("title") != p.detail)
          problems.push_back(name_ + ": " + id + " came back with another title");
        if (!ledger_.add_ticket(id, p.detail, name_))
          problems.push_back(name_ + ": id " + id + " was handed out twice");
        own_.push_back({id, 0, 0, false, {}});
        break;
      }
      case Op::status: {
        if (sc.at("status") != p.detail)
          problems.push_back(name_ + ": " + p.ticket + " answered another status");
        const int step = ++own_[p.own].status_step;
        ledger_.record(p.ticket, "status_changed", name_, [step](Expected& e) { e.status_step = step; });
        break;
      }
      case Op::subtask: {
        if (sc.at("subtask").at("id") != p.detail || sc.at("subtask").at("completed") != true)
          problems.push_back(name_ + ": " + p.ticket + " " + p.detail + " was not completed");
        const int done = ++own_[p.own].subtasks_done;
        ledger_.record(p.ticket, "subtask_completed", name_, [done](Expected& e) { e.subtasks_done = done; });
        break;
      }
      case Op::comment:
        ledger_.record(p.ticket, "comment_added", name_, [&](Expected& e) { e.comments.insert(p.detail); });
        break;
      case Op::blocker:
        if (sc.at("added") != true)
          problems.push_back(name_ + ": " + p.ticket + " was already blocked by " + p.detail);
        ledger_.record(p.ticket, "blocker_added", name_, [&](Expected& e) { e.blockers.insert(p.detail); });
        break;
      default:
        break;
    }
  }

  std::string name_;
  McpClient& client_;
  Ledger& ledger_;
  std::mt19937 rng_;
  int sent_ = 0;
  std::vector<Own> own_;
  std::map<int, Pending> pending_;
};

// ---- reading the store back and comparing ----------------------------------------------------

std::string describe(const std::string& s) { return s; }
std::string describe(int n) { return std::to_string(n); }
template <class C>
std::string describe(const C& c) {
  std::string out = "{";
  for (const auto& v : c) {
    if constexpr (requires { v.first; })
      out += (out.size() > 1 ? ", " : "") + v.first + ": " + describe(v.second);
    else
      out += (out.size() > 1 ? ", " : "") + describe(v);
  }
  return out + "}";
}

// Appends one line per ticket whose `what` differs (up to 20 lines in all).
template <class V>
void compare(const std::string& what, const std::map<std::string, V>& expected,
             const std::map<std::string, V>& actual, std::vector<std::string>& diffs) {
  std::set<std::string> keys;
  for (const auto& [k, v] : expected) keys.insert(k);
  for (const auto& [k, v] : actual) keys.insert(k);
  const V none{};
  for (const auto& k : keys) {
    const V& e = expected.count(k) ? expected.at(k) : none;
    const V& a = actual.count(k) ? actual.at(k) : none;
    if (e == a) continue;
    if (diffs.size() < 20)
      diffs.push_back(k + " " + what + ": expected " + describe(e) + ", store has " + describe(a));
    else if (diffs.size() == 20)
      diffs.push_back("...");
  }
}

}  // namespace

TEST_CASE("four server processes under pipelined load lose no acknowledged write and hand out no id twice",
          "[stress][concurrency]") {
  TempWorkspace ws;
  // Spawned and initialised from this thread; each driver thread then owns one client.
  std::vector<std::unique_ptr<ServerProcess>> servers;
  std::vector<std::unique_ptr<McpClient>> clients;
  for (int i = 0; i < kProcesses; ++i) {
    servers.push_back(std::make_unique<ServerProcess>(ws, "server-" + std::to_string(i) + ".stderr"));
    clients.push_back(std::make_unique<McpClient>(*servers.back()));
  }
  Ledger ledger;
  std::vector<std::unique_ptr<Driver>> drivers;
  for (int i = 0; i < kProcesses; ++i) {
    clients[i]->initialize("stress-agent-" + std::to_string(i));
    drivers.push_back(std::make_unique<Driver>(i, *clients[i], ledger));
  }

  const auto start = std::chrono::steady_clock::now();
  {
    std::vector<std::jthread> threads;
    for (auto& d : drivers) threads.emplace_back([&d] { d->run(); });
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  int acknowledged = 0, refused = 0;
  std::map<std::string, int> by_tool;
  for (auto& d : drivers) {
    INFO(d->name() << ": " << (d->problems.empty() ? "" : d->problems.front()) << " (" << d->problems.size()
                   << " problems)");
    CHECK(d->problems.empty());
    CHECK(d->max_in_flight == kInFlight);
    acknowledged += d->acknowledged;
    refused += d->refused_as_intended;
    for (auto [tool, n] : d->by_tool) by_tool[tool] += n;
  }
  CHECK(acknowledged == kProcesses * kWritesPerClient);
  for (auto& s : servers) {
    CHECK(s->finish() == 0);
    const std::string log = s->stderr_text();
    INFO(log.substr(0, 2000));
    CHECK(log.find("locked") == std::string::npos);
    CHECK(log.find(" error ") == std::string::npos);
  }

  // The store, read back through the repositories (the same check on both backends): exactly
  // the acknowledged state.
  if (!on_postgres()) {
    SQLite::Database file(ws.db().string(), SQLite::OPEN_READONLY);
    CHECK(file.execAndGet("PRAGMA integrity_check").getString() == "ok");
  }

  std::map<std::string, std::string> titles, statuses;
  std::map<std::string, int> subtasks_done;
  std::map<std::string, std::multiset<std::string>> comments;
  std::map<std::string, std::set<std::string>> blockers;
  std::map<std::string, std::map<std::string, int>> history;
  for (const auto& [id, e] : ledger.tickets()) {
    titles[id] = e.title;
    statuses[id] = kStatusPath[e.status_step];
    subtasks_done[id] = e.subtasks_done;
    if (!e.comments.empty()) comments[id] = e.comments;
    if (!e.blockers.empty()) blockers[id] = e.blockers;
    history[id] = e.history;
  }
  std::map<std::string, std::string> store_titles, store_statuses;
  std::map<std::string, int> store_subtasks_done;
  std::map<std::string, std::multiset<std::string>> store_comments;
  std::map<std::string, std::set<std::string>> store_blockers;
  std::map<std::string, std::map<std::string, int>> store_history;
  storage::Database db(ws.store());
  storage::TicketRepository repo(db);
  std::vector<std::string> ids;
  storage::TicketFilter page;
  page.limit = 500;
  for (;;) {
    const auto listed = repo.list(page);
    for (const auto& t : listed.tickets) ids.push_back(t.id);
    if (!listed.next_cursor) break;
    page.cursor = listed.next_cursor;
  }
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());  // no id twice
  for (const auto& id : ids) {
    const storage::Ticket t = repo.get(id);
    store_titles[id] = t.title;
    store_statuses[id] = std::string(storage::to_string(t.status));
    // Subtasks are completed in order, so the done ones must be the first k.
    int k = 0;
    for (const auto& st : t.subtasks)
      if (st.status == storage::SubtaskStatus::Done) CHECK(st.id == "sub-00" + std::to_string(++k));
    store_subtasks_done[id] = k;
    for (const auto& c : t.comments) store_comments[id].insert(c.text);
    for (const auto& b : t.blocked_by) store_blockers[id].insert(b.ticket_id);
    for (const auto& h : t.history) ++store_history[id][h.action + " by " + h.actor.id];
  }

  std::vector<std::string> diffs;
  compare("title", titles, store_titles, diffs);
  compare("status", statuses, store_statuses, diffs);
  compare("completed subtasks", subtasks_done, store_subtasks_done, diffs);
  compare("comments", comments, store_comments, diffs);
  compare("blockers", blockers, store_blockers, diffs);
  compare("history", history, store_history, diffs);
  std::string all;
  for (const auto& d : diffs) all += d + "\n";
  INFO(all);
  CHECK(diffs.empty());

  std::size_t n_comments = 0, n_blockers = 0, n_history = 0;
  for (const auto& [id, c] : store_comments) n_comments += c.size();
  for (const auto& [id, b] : store_blockers) n_blockers += b.size();
  for (const auto& [id, h] : store_history)
    for (const auto& [k, n] : h) n_history += static_cast<std::size_t>(n);
  std::cout << "stress: " << kProcesses << " processes x " << kWritesPerClient << " writes, " << kInFlight
            << " in flight each: " << acknowledged << " acknowledged, " << refused << " refused as intended, "
            << diffs.size() << " differences; store: " << store_titles.size() << " tickets, " << n_comments
            << " comments, " << n_blockers << " blockers, " << n_history << " history entries; "
            << describe(by_tool) << "; " << seconds << " s ("
            << static_cast<int>(kProcesses * kWritesPerClient / seconds) << " writes/s)" << std::endl;
}

}  // namespace sciorex::stress
