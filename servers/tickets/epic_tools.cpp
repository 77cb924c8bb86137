// Epics: sciorex_create_epic, sciorex_get_epic, sciorex_list_epics, sciorex_update_epic.
// Progress is derived by the store from the tickets whose epicId names the epic.
#include "ticket_json.hpp"
#include "tickets.hpp"
#include "tool_support.hpp"

namespace sciorex::tickets {

namespace args = protocol::args;

namespace {

constexpr std::size_t kMaxEpicTickets = 200;  // tickets listed in one get_epic answer

struct CreateEpicParams {
  storage::NewEpic epic;
  static CreateEpicParams from_json(const json& a) {
    args::only(a, {"title", "description"});
    CreateEpicParams p;
    p.epic.title = args::required_string(a, "title", 500);
    p.epic.description = args::optional_string(a, "description").value_or("");
    return p;
  }
};

struct GetEpicParams {
  std::string epic_id;
  static GetEpicParams from_json(const json& a) {
    args::only(a, {"epicId"});
    return {args::required_string(a, "epicId", 200)};
  }
};

struct ListEpicsParams {
  static ListEpicsParams from_json(const json& a) {
    args::only(a, {});
    return {};
  }
};

struct UpdateEpicParams {
  std::string epic_id;
  storage::EpicPatch patch;
  static UpdateEpicParams from_json(const json& a) {
    args::only(a, {"epicId", "title", "description", "status"});
    UpdateEpicParams p;
    p.epic_id = args::required_string(a, "epicId", 200);
    if (a.contains("title")) p.patch.title = args::required_string(a, "title", 500);
    p.patch.description = args::optional_string(a, "description");
    p.patch.status = common::optional_enum<storage::EpicStatus>(a, "status");
    return p;
  }
};

std::string epic_line(const storage::Epic& e, const storage::EpicProgress& p) {
  return e.id + " [" + std::string(to_string(e.status)) + "] " + clip(e.title, 80) + ": " +
         std::to_string(p.done) + "/" + std::to_string(p.total) + " done (" + std::to_string(p.percentage) +
         "%)";
}

ToolResult epic_detail_answer(const storage::EpicDetail& d) {
  json j = epic_json(d.epic);
  j["description"] = clip(d.epic.description, 20'000);
  j["progress"] = progress_json(d.progress);
  json tickets = json::array();
  std::string text = epic_line(d.epic, d.progress) + "\n";
  for (std::size_t i = 0; i < d.tickets.size() && i < kMaxEpicTickets; ++i) {
    tickets.push_back(ticket_item_json(d.tickets[i]));
    text += ticket_line(d.tickets[i]) + "\n";
  }
  if (d.tickets.size() > kMaxEpicTickets) {
    j["ticketsTruncated"] = true;
    text += "… more tickets: sciorex_list_tickets with epicId " + d.epic.id + "\n";
  }
  json sessions = json::array();
  for (const auto& s : d.sessions) sessions.push_back(session_json(s));
  j["tickets"] = std::move(tickets);
  j["sessions"] = std::move(sessions);
  return ToolResult::structured_with_text(std::move(j), text);
}

}  // namespace

void register_epic_tools(protocol::Server& server, Store& store) {
  add_tool<CreateEpicParams>(
      server, "sciorex_create_epic", Access::write, [&store](const CreateEpicParams& p, RequestContext& ctx) {
        storage::Epic e = store.epics.create(p.epic, actor_of(ctx));
        return ToolResult::structured_with_text(epic_json(e), "Created " + e.id + ": " + clip(e.title, 80));
      });
  add_tool<GetEpicParams>(server, "sciorex_get_epic", Access::read,
                          [&store](const GetEpicParams& p, RequestContext&) {
                            return epic_detail_answer(store.epic_reads.get(p.epic_id));
                          });
  add_tool<ListEpicsParams>(server, "sciorex_list_epics", Access::read,
                            [&store](const ListEpicsParams&, RequestContext&) {
                              json epics = json::array();
                              std::string text;
                              for (const auto& s : store.epic_reads.list()) {
                                epics.push_back({{"id", s.epic.id},
                                                 {"title", clip(s.epic.title, 80)},
                                                 {"status", std::string(to_string(s.epic.status))},
                                                 {"progress",
                                                  {{"total", s.progress.total},
                                                   {"done", s.progress.done},
                                                   {"percentage", s.progress.percentage}}}});
                                text += epic_line(s.epic, s.progress) + "\n";
                              }
                              if (epics.empty()) text = "No epics yet. Create one with sciorex_create_epic.";
                              json j = {{"epics", std::move(epics)}};
                              j["count"] = j["epics"].size();
                              return ToolResult::structured_with_text(std::move(j), text);
                            });
  add_tool<UpdateEpicParams>(
      server, "sciorex_update_epic", Access::write, [&store](const UpdateEpicParams& p, RequestContext& ctx) {
        storage::Epic e = store.epics.update(p.epic_id, p.patch, actor_of(ctx));
        json j = epic_json(e);
        j["description"] = clip(e.description, 2'000);
        return ToolResult::structured_with_text(
            std::move(j),
            "Updated " + e.id + " [" + std::string(to_string(e.status)) + "] " + clip(e.title, 80));
      });
}

}  // namespace sciorex::tickets
