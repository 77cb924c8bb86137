// Subtasks: sciorex_add_subtask, sciorex_complete_subtask (the documented completed flag),
// sciorex_update_subtask (our status form: pending, in_progress, done, blocked, skipped; a note),
// sciorex_list_subtasks. A subtask is named by id (wins) or by a partial, case-insensitive title.
#include "activity_params.hpp"
#include "ticket_json.hpp"
#include "tickets.hpp"
#include "tool_support.hpp"

namespace sciorex::tickets {

namespace args = protocol::args;

namespace {

constexpr std::size_t kMaxListed = 300;  // subtasks in one list answer

struct AddSubtaskParams {
  std::string ticket_id, title;
  static AddSubtaskParams from_json(const json& a) {
    args::only(a, {"ticketId", "title"});
    return {args::required_string(a, "ticketId", 200), args::required_string(a, "title", 500)};
  }
};

struct UpdateSubtaskParams {
  std::string ticket_id;
  storage::SubtaskRef ref;
  storage::SubtaskStatus status = storage::SubtaskStatus::Pending;
  std::optional<std::string> note;
  static UpdateSubtaskParams from_json(const json& a) {
    args::only(a, {"ticketId", "subtaskId", "title", "status", "note"});
    UpdateSubtaskParams p;
    p.ticket_id = args::required_string(a, "ticketId", 200);
    p.ref = subtask_ref(a);
    p.status = common::required_enum<storage::SubtaskStatus>(a, "status");
    p.note = args::optional_string(a, "note", 5'000);
    return p;
  }
};

struct ListSubtasksParams {
  std::string ticket_id;
  static ListSubtasksParams from_json(const json& a) {
    args::only(a, {"ticketId"});
    return {args::required_string(a, "ticketId", 200)};
  }
};

std::string subtask_line(const storage::Subtask& s) {
  return std::string("[") + (s.completed ? "x" : " ") + "] " + s.id + " (" +
         std::string(to_string(s.status)) + ") " + clip(s.title, 200);
}

ToolResult subtask_answer(const std::string& ticket_id, const storage::Subtask& s, const std::string& what) {
  return ToolResult::structured_with_text({{"ticketId", ticket_id}, {"subtask", subtask_json(s)}},
                                          what + " " + ticket_id + " " + subtask_line(s));
}

}  // namespace

void register_subtask_tools(protocol::Server& server, Store& store) {
  add_tool<AddSubtaskParams>(
      server, "sciorex_add_subtask", Access::write, [&store](const AddSubtaskParams& p, RequestContext& ctx) {
        return subtask_answer(p.ticket_id, store.tickets.add_subtask(p.ticket_id, p.title, actor_of(ctx)),
                              "Added to");
      });
  add_tool<CompleteSubtaskParams>(
      server, "sciorex_complete_subtask", Access::write,
      [&store](const CompleteSubtaskParams& p, RequestContext& ctx) {
        auto s = store.tickets.complete_subtask(p.ticket_id, p.ref, p.completed, actor_of(ctx));
        return subtask_answer(p.ticket_id, s, p.completed ? "Completed in" : "Reopened in");
      });
  add_tool<UpdateSubtaskParams>(server, "sciorex_update_subtask", Access::write,
                                [&store](const UpdateSubtaskParams& p, RequestContext& ctx) {
                                  auto s = store.tickets.update_subtask(p.ticket_id, p.ref, p.status, p.note,
                                                                        actor_of(ctx));
                                  return subtask_answer(p.ticket_id, s, "Updated in");
                                });
  add_tool<ListSubtasksParams>(
      server, "sciorex_list_subtasks", Access::read, [&store](const ListSubtasksParams& p, RequestContext&) {
        storage::SubtaskList l = store.ticket_reads.list_subtasks(p.ticket_id);
        json items = json::array();
        std::string text = p.ticket_id + ": " + std::to_string(l.completed) + "/" + std::to_string(l.total) +
                           " subtasks done (" + std::to_string(l.percentage) + "%)\n";
        for (std::size_t i = 0; i < l.subtasks.size() && i < kMaxListed; ++i) {
          items.push_back(subtask_json(l.subtasks[i]));
          text += subtask_line(l.subtasks[i]) + "\n";
        }
        json j = {{"ticketId", p.ticket_id},  {"subtasks", std::move(items)}, {"total", l.total},
                  {"completed", l.completed}, {"pending", l.pending},         {"percentage", l.percentage}};
        if (l.subtasks.size() > kMaxListed) {
          j["truncated"] = true;
          text += "… the first " + std::to_string(kMaxListed) + " are shown\n";
        }
        return ToolResult::structured_with_text(std::move(j), text);
      });
}

}  // namespace sciorex::tickets
