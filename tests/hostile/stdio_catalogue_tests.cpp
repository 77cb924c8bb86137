// The catalogue of bad input over stdio against the built sciorex-tickets and
// sciorex-interactions: every case gets its answer, the server keeps serving, the store is
// unchanged. Servers run with a 1 MiB message bound so that the oversized cases stay cheap.
#include "runner.hpp"
#include "ticket_cases.hpp"

namespace sciorex::hostile {

namespace {

std::vector<std::string> server_args(const Workspace& ws) {
  return {"--workspace",          ws.path().string(), "--max-message-bytes",
          std::to_string(kBound), "--log-level",      "warn"};
}

// Oversized lines: stdio reads past the bound without keeping it, answers once, and goes on.
void oversized_lines(ServerProcess& p, const std::string& db) {
  std::string before = dump_store(db);
  auto filler = [](std::size_t total, const json& id) {
    // {"jsonrpc":"2.0","id":ID,"method":"ping","params":{"pad":"xxxx"}} of exactly `total` bytes
    std::string head = json{{"jsonrpc", "2.0"}, {"id", id}, {"method", "ping"}}.dump();
    head.pop_back();
    head += R"(,"params":{"pad":")";
    std::string tail = "\"}}";
    return head + std::string(total - head.size() - tail.size(), 'x') + tail;
  };
  SECTION("a line of exactly the bound is served") {
    json r;
    p.send_raw(filler(kBound, "exact") + "\n");
    auto got = p.read_until([](const std::vector<json>& g) { return !g.empty(); });
    CHECK(got[0]["id"] == "exact");
    CHECK(got[0].contains("result"));
  }
  SECTION("one byte over the bound, and 3x the bound, get -32600 once each") {
    for (std::size_t size : {kBound + 1, 3 * kBound}) {
      p.send_raw(filler(size, "over") + "\n");
      auto got = p.read_until([](const std::vector<json>& g) { return !g.empty(); });
      REQUIRE(got.size() == 1);
      CHECK(got[0]["id"].is_null());
      CHECK(got[0]["error"]["code"] == -32600);
      CHECK(got[0]["error"]["message"].get<std::string>().find("exceeds the limit of 1048576 bytes") !=
            std::string::npos);
      CHECK(p.request("after", "ping").contains("result"));
    }
  }
  SECTION("an oversized line without a newline, then more input") {
    p.send_raw(std::string(2 * kBound, '{'));
    p.send_raw("\n" + json{{"jsonrpc", "2.0"}, {"id", "next"}, {"method", "ping"}}.dump() + "\n");
    auto got = p.read_until(
        [](const std::vector<json>& g) { return !g.empty() && g.back().value("id", json()) == "next"; });
    CHECK(got.front()["error"]["code"] == -32600);
  }
  CHECK(p.alive());
  CHECK(dump_store(db) == before);
}

}  // namespace

TEST_CASE("sciorex-tickets over stdio answers every case of the catalogue and keeps serving",
          "[hostile][stdio][tickets]") {
  Workspace ws;
  ServerProcess p(SCIOREX_TICKETS_BIN, server_args(ws), ws.path());
  p.initialize();
  TicketFixture f = make_ticket_fixture(p);
  Transport t = stdio_transport(p);
  auto envelope = envelope_cases("sciorex_get_ticket", {{"ticketId", f.a}});
  auto tickets = ticket_cases(f, kBound);
  auto arguments = argument_type_cases(SCIOREX_SCHEMAS_DIR "/tickets", ticket_valid_arguments(f), 5000);
  long long events = count_events(ws.db());
  std::size_t n = run_catalogue(envelope, t, ws.db(), false);
  n += run_catalogue(arguments, t, ws.db(), false);
  n += run_catalogue(tickets, t, ws.db(), false);
  // Only the three cases marked as writes added events (one create each).
  CHECK(count_events(ws.db()) == events + 3);
  WARN("stdio, sciorex-tickets: " << n << " cases (" << envelope.size() << " envelope, " << arguments.size()
                                  << " argument types, " << tickets.size() << " ticket rules)");
  CHECK(p.stderr_text().find("Internal error") == std::string::npos);
}

TEST_CASE("sciorex-tickets over stdio refuses oversized lines and goes on", "[hostile][stdio][tickets]") {
  Workspace ws;
  ServerProcess p(SCIOREX_TICKETS_BIN, server_args(ws), ws.path());
  p.initialize();
  oversized_lines(p, ws.db());
}

TEST_CASE("sciorex-tickets over stdio refuses tool calls before initialize, and writes nothing",
          "[hostile][stdio][tickets]") {
  Workspace ws;
  ServerProcess p(SCIOREX_TICKETS_BIN, server_args(ws), ws.path());
  Transport t = stdio_transport(p);
  std::vector<Case> cases = {
      {"tools/call before initialize", call_text(1, "sciorex_create_ticket", {{"title", "x"}}), 1,
       rpc(-32600, "initialize")},
      {"tools/list before initialize", request_text(2, "tools/list", json::object()), 2,
       rpc(-32600, "initialize")},
      {"initialize with a numeric version",
       request_text(3, "initialize",
                    {{"protocolVersion", 2025},
                     {"capabilities", json::object()},
                     {"clientInfo", {{"name", "x"}, {"version", "1"}}}}),
       3, rpc(-32602)},
      {"initialize without params", request_text(4, "initialize", json::object()), 4, rpc(-32602)},
  };
  // The store file exists once the server opened it.
  REQUIRE(p.request("first", "ping").contains("result"));
  run_catalogue(cases, t, ws.db(), false);
}

TEST_CASE("sciorex-interactions over stdio answers the catalogue and writes nothing",
          "[hostile][stdio][interactions]") {
  Workspace ws;
  ServerProcess p(SCIOREX_INTERACTIONS_BIN, server_args(ws), ws.path());
  p.initialize();
  Transport t = stdio_transport(p);
  auto envelope = envelope_cases("sciorex_get_interaction", {{"interactionId", "I-1"}});
  // The contrast case reads an unknown interaction: an answered tool error, not a success.
  for (auto& c : envelope)
    if (c.name == "a good call, for contrast") c.expect = answered();
  auto arguments = argument_type_cases(SCIOREX_SCHEMAS_DIR "/interactions", {{"interactionId", "I-1"}}, 5000);
  std::size_t n = run_catalogue(envelope, t, ws.db(), false);
  n += run_catalogue(arguments, t, ws.db(), false);
  WARN("stdio, sciorex-interactions: " << n << " cases");
}

}  // namespace sciorex::hostile
