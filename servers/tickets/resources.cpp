// Resources: every ticket (sciorex://tickets/{id}) and epic (sciorex://epics/{id}) as markdown,
// listed page by page by one ResourceSource and read through the two templates (which also
// complete ids); the board summary sciorex://board. Change notifications come from
// ChangeWatcher (change_watcher.hpp), which sees every process's writes.
#include <algorithm>
#include <cctype>

#include "markdown.hpp"
#include "sciorex/protocol/errors.hpp"
#include "sciorex/storage/errors.hpp"
#include "ticket_json.hpp"
#include "ticket_slice.hpp"
#include "tickets.hpp"
#include "tool_support.hpp"

namespace sciorex::tickets {

namespace {

constexpr const char* kTicketTemplate = "sciorex://tickets/{id}";
constexpr const char* kEpicTemplate = "sciorex://epics/{id}";
constexpr const char* kTicketPrefix = "sciorex://tickets/";
constexpr const char* kEpicPrefix = "sciorex://epics/";

json markdown_contents(const std::string& uri, std::string text) {
  return json::array({{{"uri", uri}, {"mimeType", "text/markdown"}, {"text", std::move(text)}}});
}

// Resources are read whole, but stay bounded like tool answers (under 100 KB): 40 KB of
// description, the newest 20 comments and 50 history entries, with notes on the tools that
// fetch the rest.
TicketView resource_view() {
  TicketView v;
  v.description_limit = 40'000;
  v.comments_limit = 20;
  v.comment_chars = 1'500;
  v.history_limit = 50;
  v.list_limit = 100;
  return v;
}

protocol::ResourceContents read_ticket(Store& store, const std::string& uri, const std::string& id) {
  auto t = store.ticket_reads.find(id);
  if (!t) return std::nullopt;
  return markdown_contents(uri, ticket_markdown(slice_ticket(*t, resource_view())));
}

protocol::ResourceContents read_epic(Store& store, const std::string& uri, const std::string& id) {
  auto d = store.epic_reads.find(id);
  if (!d) return std::nullopt;
  return markdown_contents(uri, epic_markdown(*d));
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Tickets first (keyset cursor "t:<cursor>"), then epics ("e:<last id>").
class TicketsAndEpics : public protocol::ResourceSource {
 public:
  explicit TicketsAndEpics(Store& store) : store_(store) {}

  Page list(const std::string& after, std::size_t limit) override {
    Page page;
    std::string epic_after;
    if (after.rfind("e:", 0) != 0) {
      storage::TicketFilter f;
      f.limit = static_cast<int>(std::clamp<std::size_t>(limit, 1, 500));
      if (after.rfind("t:", 0) == 0 && after.size() > 2) f.cursor = after.substr(2);
      storage::TicketPage tp;
      try {
        tp = store_.ticket_reads.list(f);
      } catch (const storage::StoreError&) {
        throw protocol::errors::invalid_cursor();
      }
      for (const auto& t : tp.tickets)
        page.resources.push_back({{"uri", kTicketPrefix + t.id},
                                  {"name", t.id},
                                  {"title", t.id + ": " + clip(t.title, 80)},
                                  {"description", ticket_line(t)},
                                  {"mimeType", "text/markdown"}});
      if (tp.next_cursor) {
        page.next = "t:" + *tp.next_cursor;
        return page;
      }
    } else {
      epic_after = after.substr(2);
    }
    std::size_t room = limit > page.resources.size() ? limit - page.resources.size() : 0;
    auto epics = store_.epic_reads.list();
    for (const auto& s : epics) {
      if (!epic_after.empty() && s.epic.id <= epic_after) continue;
      if (room == 0) {
        page.next = "e:" + epic_after;
        break;
      }
      page.resources.push_back({{"uri", kEpicPrefix + s.epic.id},
                                {"name", s.epic.id},
                                {"title", s.epic.id + ": " + clip(s.epic.title, 80)},
                                {"mimeType", "text/markdown"}});
      epic_after = s.epic.id;
      --room;
    }
    return page;
  }

  protocol::ResourceContents read(const std::string& uri, RequestContext&) override {
    if (uri.rfind(kTicketPrefix, 0) == 0)
      return read_ticket(store_, uri, uri.substr(std::string(kTicketPrefix).size()));
    if (uri.rfind(kEpicPrefix, 0) == 0)
      return read_epic(store_, uri, uri.substr(std::string(kEpicPrefix).size()));
    return std::nullopt;
  }

 private:
  Store& store_;
};

BoardData board_data(Store& store) {
  BoardData b;
  storage::TicketFilter f;
  f.limit = 500;
  for (;;) {
    auto page = store.ticket_reads.list(f);
    for (const auto& t : page.tickets) ++b.counts[t.status];
    if (!page.next_cursor) break;
    f.cursor = page.next_cursor;
  }
  storage::ReadyFilter rf;
  rf.limit = 20;
  b.ready = store.ticket_reads.ready(rf).tickets;
  b.blocked = store.ticket_reads.blocked(20).tickets;
  b.epics = store.epic_reads.list();
  return b;
}

}  // namespace

protocol::Completion complete_ticket_id(Store& store, const std::string& partial) {
  protocol::Completion c;
  const std::string want = lower(partial);
  storage::TicketFilter f;
  f.limit = 500;
  for (;;) {
    auto page = store.ticket_reads.list(f);
    for (const auto& t : page.tickets)
      if (lower(t.id).rfind(want, 0) == 0) c.values.push_back(t.id);
    if (!page.next_cursor || c.values.size() > 100) break;
    f.cursor = page.next_cursor;
  }
  // No id starts so: try title words ("avatar" -> T-042). A value the search refuses (too long,
  // a NUL) is in no title: an empty completion, not an error (completion is a hint).
  if (c.values.empty() && partial.size() >= 2) {
    try {
      for (const auto& t : store.ticket_reads.search(partial, 100).tickets)
        if (lower(t.title).find(want) != std::string::npos) c.values.push_back(t.id);
    } catch (const storage::StoreError& e) {
      if (e.kind() != storage::ErrorKind::InvalidArgument) throw;
    }
  }
  c.total = c.values.size();
  c.has_more = c.values.size() > 100;
  if (c.values.size() > 100) c.values.resize(100);
  return c;
}

void register_resources(protocol::Server& server, Store& store) {
  server.add_resource_source(std::make_shared<TicketsAndEpics>(store));
  server.add_resource({{"uri", "sciorex://board"},
                       {"name", "board"},
                       {"title", "Ticket board"},
                       {"description", "Counts by status, ready and blocked tickets, epics with progress"},
                       {"mimeType", "text/markdown"}},
                      [&store](const std::string& uri, RequestContext&) {
                        return markdown_contents(uri, board_markdown(board_data(store)));
                      });
  server.add_resource_template(
      {{"uriTemplate", kTicketTemplate},
       {"name", "ticket"},
       {"title", "Ticket"},
       {"description", "A ticket as markdown: fields, description, subtasks, comments, history"},
       {"mimeType", "text/markdown"}},
      [&store](const std::string& uri, const std::map<std::string, std::string>& vars, RequestContext&) {
        return read_ticket(store, uri, vars.at("id"));
      });
  server.add_resource_template(
      {{"uriTemplate", kEpicTemplate},
       {"name", "epic"},
       {"title", "Epic"},
       {"description", "An epic as markdown: progress and its tickets"},
       {"mimeType", "text/markdown"}},
      [&store](const std::string& uri, const std::map<std::string, std::string>& vars, RequestContext&) {
        return read_epic(store, uri, vars.at("id"));
      });
  server.add_template_completer(
      kTicketTemplate, [&store](const std::string& arg, const std::string& value, const json&) {
        return arg == "id" ? complete_ticket_id(store, value) : protocol::Completion{};
      });
  server.add_template_completer(kEpicTemplate,
                                [&store](const std::string& arg, const std::string& value, const json&) {
                                  protocol::Completion c;
                                  if (arg != "id") return c;
                                  for (const auto& s : store.epic_reads.list())
                                    if (lower(s.epic.id).rfind(lower(value), 0) == 0)
                                      c.values.push_back(s.epic.id);
                                  return c;
                                });
}

}  // namespace sciorex::tickets
