// The board's HTTP API under hostile input, against the built sciorex-tickets --http (the board at
// / beside /mcp): bad JSON, wrong types, unknown keys, huge bodies, bad and hostile ids, path
// traversal on the page's files, non-UTF-8 in bodies and addresses. Each is a 4xx with the API's
// error body, and the store is byte for byte what it was.
#include "process.hpp"

namespace sciorex::hostile {

namespace {

namespace bhttp = boost::beast::http;

struct BoardCase {
  std::string name;
  bhttp::verb method;
  std::string target;
  std::string body;
  std::string content_type = "application/json";
};

std::string csrf_of(const std::string& page) {
  const std::string key = "name=\"sciorex-csrf\" content=\"";
  auto at = page.find(key);
  REQUIRE(at != std::string::npos);
  at += key.size();
  return page.substr(at, page.find('"', at) - at);
}

}  // namespace

TEST_CASE("the board's API refuses hostile input with a 4xx and leaves the store unchanged",
          "[hostile][http][board]") {
  Workspace ws;
  ServerProcess p(SCIOREX_TICKETS_BIN,
                  {"--http", "--port", "0", "--workspace", ws.path().string(), "--log-level", "warn"},
                  ws.path());
  const auto port = p.http_port();
  test_http::HttpClient client(port);
  auto page = client.request(bhttp::verb::get, "", {}, "127.0.0.1", "/");
  REQUIRE(page.status == 200);
  const std::string csrf = csrf_of(page.body);
  auto created = client.request(bhttp::verb::post, R"({"title":"target","subtasks":["one"]})",
                                {{"X-Sciorex-Csrf", csrf}}, "127.0.0.1", "/api/tickets");
  REQUIRE(created.status == 201);
  const std::string id = created.json_body()["id"];
  const std::string before = dump_store(ws.db());

  const std::string big(std::size_t{2} << 20, 'x');
  const std::vector<BoardCase> cases = {
      {"bad JSON", bhttp::verb::post, "/api/tickets", "{\"title\": "},
      {"not an object", bhttp::verb::post, "/api/tickets", "[1, 2]"},
      {"empty body", bhttp::verb::post, "/api/tickets", ""},
      {"title of the wrong type", bhttp::verb::post, "/api/tickets", R"({"title": 5})"},
      {"labels of the wrong type", bhttp::verb::post, "/api/tickets", R"({"title": "x", "labels": "ui"})"},
      {"an unknown key", bhttp::verb::post, "/api/tickets", R"({"title": "x", "owner": "me"})"},
      {"a NUL in the title", bhttp::verb::post, "/api/tickets", R"({"title": "a\u0000b"})"},
      {"a bad enum", bhttp::verb::post, "/api/tickets", R"({"title": "x", "priority": "urgent"})"},
      {"non-UTF-8 in the body", bhttp::verb::post, "/api/tickets", "{\"title\": \"\xff\xfe\"}"},
      {"a body past 1 MiB", bhttp::verb::post, "/api/tickets", R"({"title": ")" + big + "\"}"},
      {"a form post", bhttp::verb::post, "/api/tickets", "title=x", "application/x-www-form-urlencoded"},
      {"a patch without expectedUpdatedAt", bhttp::verb::patch, "/api/tickets/" + id, R"({"title": "y"})"},
      {"expectedUpdatedAt of the wrong type", bhttp::verb::patch, "/api/tickets/" + id,
       R"({"expectedUpdatedAt": 5, "title": "y"})"},
      {"epicId that does not exist", bhttp::verb::patch, "/api/tickets/" + id,
       R"({"expectedUpdatedAt": "2000-01-01T00:00:00Z", "epicId": "E-999"})"},
      {"a refused move", bhttp::verb::post, "/api/tickets/" + id + "/status", R"({"status": "done"})"},
      {"an unknown status", bhttp::verb::post, "/api/tickets/" + id + "/status", R"({"status": "shipped"})"},
      {"an unknown ticket", bhttp::verb::post, "/api/tickets/T-999/comments", R"({"text": "x"})"},
      {"a traversal as the id", bhttp::verb::post, "/api/tickets/..%2F..%2Fetc%2Fpasswd/comments",
       R"({"text": "x"})"},
      {"a non-UTF-8 id", bhttp::verb::post, "/api/tickets/%ff%fe/comments", R"({"text": "x"})"},
      {"a NUL in the id", bhttp::verb::post, "/api/tickets/T-001%00/comments", R"({"text": "x"})"},
      {"a bad escape", bhttp::verb::post, "/api/tickets/T-%zz/comments", R"({"text": "x"})"},
      {"a huge id", bhttp::verb::post, "/api/tickets/" + std::string(5000, 'T') + "/comments",
       R"({"text": "x"})"},
      {"an unknown subtask", bhttp::verb::patch, "/api/tickets/" + id + "/subtasks/sub-999",
       R"({"status": "done"})"},
      {"a subtask status of the wrong type", bhttp::verb::patch, "/api/tickets/" + id + "/subtasks/sub-001",
       R"({"status": true})"},
      {"an answer to nothing", bhttp::verb::post, "/api/inbox/I-001/answer", R"({"skip": true})"},
      {"options of the wrong type", bhttp::verb::post, "/api/inbox/I-001/answer", R"({"options": [1]})"},
      {"DELETE on a ticket", bhttp::verb::delete_, "/api/tickets/" + id, ""},
      {"a write to a page file", bhttp::verb::post, "/index.html", "{}"},
      {"an unknown API address", bhttp::verb::post, "/api/admin", "{}"},
      {"a path traversal", bhttp::verb::get, "/../../etc/passwd", ""},
      {"an encoded path traversal", bhttp::verb::get, "/%2e%2e/%2e%2e/etc/passwd", ""},
      {"a backslash traversal", bhttp::verb::get, "/..%5c..%5cetc%5cpasswd", ""},
      {"a file outside the page", bhttp::verb::get, "/etc/passwd", ""},
      {"a non-UTF-8 file name", bhttp::verb::get, "/%c0%ae%c0%ae/x", ""},
      {"a negative limit", bhttp::verb::get, "/api/board?limit=-1", ""},
      {"a huge limit", bhttp::verb::get, "/api/board?limit=99999999999999", ""},
      {"a long search", bhttp::verb::get, "/api/board?q=" + std::string(600, 'q'), ""},
      {"a repeated parameter", bhttp::verb::get, "/api/board?type=bug&type=task", ""},
      {"a non-UTF-8 search", bhttp::verb::get, "/api/board?q=%ff", ""},
      {"a bad last event id", bhttp::verb::get, "/api/events?after=1e9", ""},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    test_http::HttpClient one(port);
    test_http::HttpHeaders headers{{"X-Sciorex-Csrf", csrf}};
    if (c.method != bhttp::verb::get) headers.emplace_back("Content-Type", c.content_type);
    auto r = one.request(c.method, c.body, headers, "127.0.0.1", c.target);
    CHECK(r.status >= 400);
    CHECK(r.status < 500);
    if (r.status >= 400 && r.status < 500 && r.status != 431) {
      auto j = json::parse(r.body, nullptr, false);
      CHECK(j.is_object());
      if (j.is_object()) {
        CHECK(j.contains("error"));
        CHECK(j.contains("code"));
      }
    }
  }
  CHECK(dump_store(ws.db()) == before);
  // Still serving.
  CHECK(client.request(bhttp::verb::get, "", {}, "127.0.0.1", "/api/tickets/" + id).status == 200);
}

}  // namespace sciorex::hostile
