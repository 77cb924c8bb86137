// The board's front door: the security rules every request passes (token off loopback, CSRF on
// writes), then the route table: the page's files, the JSON API and the live feed.
#include "board.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <charconv>
#include <random>

#include "board_impl.hpp"

namespace sciorex::board {

namespace {

std::string random_token() {
  std::random_device rd;  // the kernel's generator on Linux
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 8; ++i) {
    auto v = rd();
    for (int k = 0; k < 8; ++k) out += hex[(v >> (k * 4)) & 15];
  }
  return out;
}

bool same_secret(std::string_view expected, std::string_view given) {
  unsigned diff = expected.size() == given.size() ? 0u : 1u;
  for (std::size_t i = 0; i < expected.size(); ++i)
    diff |= static_cast<unsigned char>(expected[i]) ^
            static_cast<unsigned char>(given.empty() ? 0 : given[i % given.size()]);
  return diff == 0;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<std::string_view> cookie(const RouteRequest& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n.size() != 6 || (n[0] != 'C' && n[0] != 'c') || n.substr(1) != "ookie") continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      auto semi = rest.find(';');
      std::string_view item = trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      auto eq = item.find('=');
      if (eq != std::string_view::npos && item.substr(0, eq) == name) return item.substr(eq + 1);
    }
  }
  return std::nullopt;
}

// The token a request carries: "Authorization: Bearer T", else the cookie /?token=T set.
std::optional<std::string_view> presented_token(const RouteRequest& r) {
  if (auto a = r.header("Authorization")) {
    std::string_view v = trim(*a);
    if (v.size() > 7 && (v.substr(0, 7) == "Bearer " || v.substr(0, 7) == "bearer "))
      return trim(v.substr(7));
  }
  return cookie(r, "sciorex_auth");
}

// Who a request is (issue 13): a person by their token (their writes are theirs, `user alice`);
// the shared token, or no token while neither a shared token nor people exist, is the board's
// user (options.user); anyone else is nobody (nullopt: 401). People are read per request, so
// people added or removed while the board runs count at once.
struct BoardCaller {
  storage::Actor actor;
  std::optional<std::string> read_only_person;  // set for a read-only person
};
std::optional<BoardCaller> caller_of(Board::Impl& b, std::optional<std::string_view> token) {
  if (token && !token->empty()) {
    if (auto person = b.people.authenticate(std::string(*token)))
      return BoardCaller{storage::Actor::user(person->name),
                         person->read_only ? std::optional<std::string>(person->name) : std::nullopt};
    if (!b.options.auth_token.empty() && same_secret(b.options.auth_token, *token))
      return BoardCaller{b.actor(), std::nullopt};
  }
  if (b.options.auth_token.empty() && !b.people.any()) return BoardCaller{b.actor(), std::nullopt};
  return std::nullopt;
}

bool is_write(const std::string& method) {
  return method == "POST" || method == "PATCH" || method == "DELETE";
}

ApiError method_not_allowed(const char* allow) {
  return {405, "invalid", std::string("This address takes ") + allow + "."};
}

// GET /api/events: the live feed (see live_feed.hpp).
RouteResult events(Board::Impl& b, const RouteRequest& r, const Query& q) {
  q.only({"after"});
  std::optional<std::int64_t> after;
  auto parse = [](std::string_view s) {
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || p != s.data() + s.size() || n < 0)
      throw ApiError::invalid("The last event id must be a whole number (0 or more).");
    return n;
  };
  if (auto h = r.header("Last-Event-ID"); h && !trim(*h).empty())
    after = parse(trim(*h));
  else if (auto a = q.text("after", 20))
    after = parse(*a);
  RouteResult result;
  result.response.headers = {{"Cache-Control", "no-cache"}};
  result.stream = [&b, after](const std::shared_ptr<transport::EventStream>& s) { b.feed.attach(s, after); };
  return result;
}

RouteResponse api_get(Board::Impl& b, const Segments& s, const Query& q, const BoardCaller& caller) {
  const std::size_t n = s.size();
  if (n == 2 && s[1] == "meta")
    return q.only({}), api_meta(b, caller.actor, caller.read_only_person.has_value());
  if (n == 2 && s[1] == "board") return api_board(b, q);
  if (n == 4 && s[1] == "board" && s[2] == "column") return api_column(b, s[3], q);
  if (n == 3 && s[1] == "tickets") return q.only({}), api_ticket(b, s[2]);
  if (n == 4 && s[1] == "tickets" && s[3] == "runs") return api_ticket_runs(b, s[2], q);
  if (n == 2 && s[1] == "epics") return q.only({}), api_epics(b);
  if (n == 3 && s[1] == "epics") return q.only({}), api_epic(b, s[2]);
  if (n == 2 && s[1] == "inbox") return api_inbox(b, q);
  throw ApiError::not_found("No such address in the board's API.");
}

RouteResponse api_write(Board::Impl& b, const RouteRequest& r, const Segments& s, const storage::Actor& by) {
  const std::size_t n = s.size();
  const std::string& m = r.method;
  auto body = [&] { return json_body(r, b.options.max_body_bytes); };
  if (n == 2 && s[1] == "tickets") {
    if (m != "POST") throw method_not_allowed("GET, POST");
    return api_create_ticket(b, by, body());
  }
  if (n == 3 && s[1] == "tickets") {
    if (m != "PATCH") throw method_not_allowed("GET, PATCH");
    return api_update_ticket(b, by, s[2], body());
  }
  if (n == 4 && s[1] == "tickets" && (s[3] == "status" || s[3] == "subtasks" || s[3] == "comments")) {
    if (m != "POST") throw method_not_allowed("POST");
    if (s[3] == "status") return api_change_status(b, by, s[2], body());
    if (s[3] == "subtasks") return api_add_subtask(b, by, s[2], body());
    return api_add_comment(b, by, s[2], body());
  }
  if (n == 5 && s[1] == "tickets" && s[3] == "subtasks") {
    if (m != "PATCH") throw method_not_allowed("PATCH");
    return api_update_subtask(b, by, s[2], s[4], body());
  }
  if (n == 2 && s[1] == "epics") {
    if (m != "POST") throw method_not_allowed("GET, POST");
    return api_create_epic(b, by, body());
  }
  if (n == 4 && s[1] == "inbox" && s[3] == "answer") {
    if (m != "POST") throw method_not_allowed("POST");
    return api_answer(b, by, s[2], body());
  }
  throw ApiError::not_found("No such address in the board's API.");
}

RouteResult route(Board::Impl& b, const RouteRequest& r) {
  const Query q(r.query);
  // GET /?token=T (the shared token or a person's) sets the cookie and goes to the page without the
  // token in the bar.
  if (r.method == "GET" && r.path == "/" && q.text("token", 1000)) {
    const std::string token(*q.text("token", 1000));
    const bool person = b.people.authenticate(token).has_value();
    if (!person && (b.options.auth_token.empty() || !same_secret(b.options.auth_token, token)))
      throw ApiError::forbidden("Wrong token.");
    return {RouteResponse{303,
                          {{"Location", "/"},
                           {"Set-Cookie", "sciorex_auth=" + token + "; Path=/; HttpOnly; SameSite=Strict"},
                           {"Cache-Control", "no-store"}},
                          ""},
            {}};
  }
  const auto caller = caller_of(b, presented_token(r));
  if (!caller)
    throw ApiError(401, "forbidden",
                   "Open the board with its token: /?token=TOKEN (or send Authorization: Bearer TOKEN).");
  const Segments s = path_segments(r.path);
  const bool api = !s.empty() && s[0] == "api";
  if (is_write(r.method)) {
    if (!api) throw method_not_allowed("GET");
    auto token = r.header("X-Sciorex-Csrf");
    if (!token || !same_secret(b.csrf, trim(*token)))
      throw ApiError::forbidden("A write needs the page's X-Sciorex-Csrf header; reload the page.");
    if (caller->read_only_person)
      throw ApiError::forbidden(*caller->read_only_person +
                                "'s token is read-only: the board shows everything but changes nothing. Ask "
                                "for a token without --read-only to make changes.");
    return {api_write(b, r, s, caller->actor), {}};
  }
  if (r.method != "GET" && r.method != "HEAD") throw method_not_allowed(api ? "GET, POST, PATCH" : "GET");
  if (api && s.size() == 2 && s[1] == "events") return events(b, r, q);
  if (api) return {api_get(b, s, q, *caller), {}};
  std::string file;
  for (const auto& seg : s) {
    if (seg == ".." || seg == "." || seg.find('\\') != std::string::npos)
      throw ApiError::invalid("A file path may not hold \".\", \"..\" or backslashes.");
    file += (file.empty() ? "" : "/") + seg;
  }
  auto served = b.files.serve(file, r.header("If-None-Match"));
  if (!served) throw ApiError::not_found("No such file: /" + file);
  if (r.method == "HEAD") served->body.clear();
  return {*served, {}};
}

}  // namespace

Board::Impl::Impl(const std::string& db_path, const storage::StoreConfig& config, BoardOptions o)
    : options(std::move(o)),
      csrf(random_token()),
      store(db_path, config),
      files(csrf),
      feed(store.feed, options.poll_interval, options.replay_limit) {}

Board::Board(const std::string& db_path, const storage::StoreConfig& config, BoardOptions options)
    : impl_(std::make_unique<Impl>(db_path, config, std::move(options))) {}

Board::~Board() { stop(); }

void Board::start() { impl_->feed.start(); }

void Board::stop() { impl_->feed.stop(); }

const std::string& Board::csrf_token() const { return impl_->csrf; }
storage::Database& Board::reader() { return impl_->store.reader(); }

transport::RouteHandler Board::handler() {
  return [b = impl_.get()](const RouteRequest& r) -> RouteResult {
    try {
      return route(*b, r);
    } catch (const ApiError& e) {
      return {error_response(e), {}};
    } catch (const storage::StoreError& e) {
      return {error_response(api_error_of(e)), {}};
    } catch (const std::exception& e) {
      spdlog::error("board: {} {}: {}", r.method, r.path, e.what());
      return {error_response({500, "internal", "The board failed; the server's log has the detail."}), {}};
    }
  };
}

}  // namespace sciorex::board
