// Runs a catalogue over one transport: each case, then a ping, then (for cases that must not
// write) a comparison of the whole store with its state before the case.
#pragma once

#include <cstddef>
#include <functional>

#include "catalogue.hpp"
#include "process.hpp"

namespace sciorex::hostile {

// The message bound both transports' servers are started with, so that cases can sit right at it.
inline constexpr std::size_t kBound = 1 << 20;

// What one transport does with a case: sends its bytes and returns the JSON-RPC answers to it
// (empty for no answer) and, over HTTP, the status.
struct Exchange {
  std::vector<json> answers;
  int http_status = 0;
};
struct Transport {
  std::function<Exchange(const Case&)> exchange;
  std::function<bool()> ping;   // true when the server answered a ping
  std::function<bool()> alive;  // false once the process died
};

inline std::string describe(const json& j) {
  std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
  return s.size() > 600 ? s.substr(0, 600) + "…" : s;
}

inline void check_answer(const Case& c, const Exchange& x, bool over_http) {
  INFO("case: " << c.name << "\nanswers: " << describe(json(x.answers)));
  if (c.expect.kind == Expect::no_reply) {
    CHECK(x.answers.empty());
    if (over_http) CHECK(x.http_status == 202);
    return;
  }
  REQUIRE(x.answers.size() == 1);
  const json& a = x.answers[0];
  CHECK(a.value("jsonrpc", "") == "2.0");
  CHECK(a.value("id", json()) == c.reply_id);
  switch (c.expect.kind) {
    case Expect::rpc_error: {
      REQUIRE(a.contains("error"));
      CHECK(a["error"].value("code", 0) == c.expect.code);
      std::string message = a["error"].value("message", "");
      CHECK(message.size() > 10);
      CHECK(message.find(c.expect.contains) != std::string::npos);
      break;
    }
    case Expect::tool_error: {
      REQUIRE(a.contains("result"));
      CHECK(a["result"].value("isError", false));
      std::string text = a["result"]["content"][0].value("text", "");
      CHECK(text.find(c.expect.contains) != std::string::npos);
      break;
    }
    case Expect::result:
      REQUIRE(a.contains("result"));
      CHECK_FALSE(a["result"].value("isError", false));
      break;
    case Expect::answered:
      REQUIRE(a.contains("result"));
      break;
    case Expect::no_reply:
      break;
  }
  if (over_http) {
    int want = c.http_status;
    if (!want)
      want = c.expect.kind == Expect::rpc_error && (c.expect.code == -32700 || c.expect.code == -32600) ? 400
                                                                                                        : 200;
    CHECK(x.http_status == want);
  }
}

// Runs every case; returns how many ran. `db` is the store the server writes.
inline std::size_t run_catalogue(const std::vector<Case>& cases, Transport& t, const std::string& db,
                                 bool over_http) {
  std::string before = dump_store(db);
  std::size_t n = 0;
  for (const auto& c : cases) {
    INFO("case: " << c.name);
    Exchange x = t.exchange(c);
    REQUIRE(t.alive());
    check_answer(c, x, over_http);
    REQUIRE(t.ping());
    std::string after = dump_store(db);
    if (!c.writes) CHECK(after == before);
    before = std::move(after);
    ++n;
  }
  return n;
}

// The stdio transport of a ServerProcess: answers to a case are the messages before the ping's
// answer that carry the case's id (or a null id), plus any that arrive after it for a request
// still running on a worker.
inline Transport stdio_transport(ServerProcess& p) {
  auto counter = std::make_shared<int>(0);
  Transport t;
  t.exchange = [&p, counter](const Case& c) {
    std::string ping_id = "hostile-ping-" + std::to_string(++*counter);
    p.send_raw(c.bytes + "\n" + json{{"jsonrpc", "2.0"}, {"id", ping_id}, {"method", "ping"}}.dump() + "\n");
    bool wants_answer = c.expect.kind != Expect::no_reply;
    auto is_answer = [&](const json& m) {
      return !m.contains("method") && m.contains("id") && m["id"] != ping_id;
    };
    auto got = p.read_until([&](const std::vector<json>& g) {
      bool pinged = false, answered = false;
      for (const auto& m : g) {
        pinged = pinged || (m.value("id", json()) == ping_id);
        answered = answered || is_answer(m);
      }
      return pinged && (answered || !wants_answer);
    });
    Exchange x;
    for (auto& m : got)
      if (is_answer(m)) x.answers.push_back(std::move(m));
    return x;
  };
  t.ping = [&p]() {
    json r = p.request("after-ping", "ping");
    return r.contains("result");
  };
  t.alive = [&p]() { return p.alive(); };
  return t;
}

// The HTTP transport: one POST per case on a 2025 session.
inline Transport http_transport(HttpClient& client, const HttpSession& session, ServerProcess& p) {
  Transport t;
  t.exchange = [&client, session](const Case& c) {
    HttpReply r = client.post(c.bytes, session.headers());
    Exchange x;
    x.http_status = r.status;
    if (!r.body.empty()) {
      json a = answer_of(r);
      if (!a.is_discarded() && !a.is_null()) x.answers.push_back(std::move(a));
    }
    return x;
  };
  t.ping = [&client, session]() {
    HttpReply r = client.post(json{{"jsonrpc", "2.0"}, {"id", "after-ping"}, {"method", "ping"}}.dump(),
                              session.headers());
    return r.status == 200 && answer_of(r).contains("result");
  };
  t.alive = [&p]() { return p.alive(); };
  return t;
}

}  // namespace sciorex::hostile
