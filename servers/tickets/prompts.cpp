// Prompts of the ticket-driven workflow (ticket-driven-development.md): plan_ticket (the
// planner), implement_ticket (the developer), review_ticket (the reviewer) and fix_bug. Each
// takes a ticketId (completed by id prefix or title words) and carries the ticket's markdown, so
// the agent starts with the requirements in front of it and the tools to call named.
#include "markdown.hpp"
#include "sciorex/common/store_errors.hpp"
#include "sciorex/protocol/errors.hpp"
#include "ticket_json.hpp"
#include "ticket_slice.hpp"
#include "tickets.hpp"

namespace sciorex::tickets {

using nlohmann::json;
using protocol::RequestContext;

namespace {

struct Role {
  const char* name;
  const char* title;
  const char* description;
  const char* instructions;  // {id} is replaced by the ticket id
};

constexpr Role kRoles[] = {
    {"plan_ticket", "Plan a ticket", "Planner: turn a ticket into concrete subtasks and move it to planned",
     "You are a senior developer creating an implementation plan for ticket {id}.\n\n"
     "1. Read the ticket below (sciorex_get_ticket {id} has the full history if you need it) and explore the "
     "codebase for the relevant patterns.\n"
     "2. Break the work into concrete, ordered steps and record each with sciorex_add_subtask (one call per "
     "step; skip steps that already exist as subtasks).\n"
     "3. Note dependencies on other tickets with sciorex_add_blocker, and challenges or open questions with "
     "sciorex_add_comment. If a requirement is ambiguous, ask with sciorex_ask_user (sciorex-interactions).\n"
     "4. When the plan is complete, move the ticket to planned with sciorex_change_status (from backlog).\n"
     "5. Answer with the plan: the steps, their order, risks and an estimate of complexity."},
    {"implement_ticket", "Implement a ticket", "Developer: implement a planned ticket, ticking off subtasks",
     "You are a skilled developer implementing ticket {id}. Follow its plan (the subtasks below) closely.\n\n"
     "1. Claim the ticket: sciorex_change_status {id} to in_progress. If that fails because someone else "
     "already has it, stop and pick another with sciorex_get_ready_tickets.\n"
     "2. Work through the subtasks in order. Before each, sciorex_update_subtask status in_progress; when "
     "done, "
     "sciorex_complete_subtask (by subtaskId). Mark a subtask blocked or skipped with a note when it is.\n"
     "3. Write clean, tested code that follows the existing patterns. Report milestones with "
     "sciorex_report_progress (a message and a percentage).\n"
     "4. When stuck or a requirement is unclear, ask with sciorex_ask_user (sciorex-interactions) instead of "
     "guessing; record decisions with sciorex_add_comment.\n"
     "5. Link what you produce: sciorex_link_resource for the PR or key files.\n"
     "6. When every acceptance criterion is met, move the ticket to in_review with sciorex_change_status."},
    {"review_ticket", "Review a ticket",
     "Reviewer: check an implementation against the ticket's requirements",
     "You are a thorough code reviewer for ticket {id}.\n\n"
     "1. Read the ticket below: requirements, acceptance criteria (the - [ ] items), subtasks and linked "
     "resources.\n"
     "2. Check the implementation against each requirement and acceptance criterion, code quality and test "
     "coverage. Every subtask should be completed (sciorex_list_subtasks).\n"
     "3. Record specific, actionable feedback with sciorex_add_comment.\n"
     "4. If it passes, move the ticket to done with sciorex_change_status (a comment summarising the "
     "review). "
     "If not, move it back to in_progress with a comment listing what must change."},
    {"fix_bug", "Fix a bug", "Developer: reproduce, fix and verify a bug ticket",
     "You are fixing bug {id}.\n\n"
     "1. Claim it: sciorex_change_status {id} to in_progress (from planned; a backlog ticket goes to planned "
     "first).\n"
     "2. Read the steps to reproduce, expected and actual behaviour below; find the cause in the code. "
     "Record "
     "what you find with sciorex_add_comment.\n"
     "3. If the plan is not obvious, add subtasks (sciorex_add_subtask) and tick them off "
     "(sciorex_complete_subtask) as you go.\n"
     "4. Fix it with a test that fails before the fix and passes after. Ask with sciorex_ask_user "
     "(sciorex-interactions) if the expected behaviour is unclear.\n"
     "5. Link the change (sciorex_link_resource), then move the ticket to in_review with "
     "sciorex_change_status."},
};

std::string fill(std::string text, const std::string& id) {
  for (std::size_t at; (at = text.find("{id}")) != std::string::npos;) text.replace(at, 4, id);
  return text;
}

}  // namespace

void register_prompts(protocol::Server& server, Store& store) {
  for (const Role& role : kRoles) {
    json def = {{"name", role.name},
                {"title", role.title},
                {"description", role.description},
                {"arguments", json::array({{{"name", "ticketId"},
                                            {"description", "The ticket, e.g. T-042 (completion offers ids)"},
                                            {"required", true}}})}};
    server.add_prompt(def, [&store, role](const json& a, RequestContext&) {
      auto it = a.find("ticketId");
      if (it == a.end() || !it->is_string() || it->get<std::string>().empty())
        throw protocol::errors::invalid_params("ticketId must be a ticket id such as T-042");
      const std::string id = *it;
      storage::Ticket t;
      try {
        t = store.ticket_reads.get(id);
      } catch (const storage::StoreError& e) {
        if (e.kind() != storage::ErrorKind::NotFound) throw;
        throw protocol::errors::invalid_params(common::agent_message(e));
      }
      TicketView view;
      view.description_limit = 40'000;
      std::string body =
          fill(role.instructions, t.id) + "\n\n---\n\n" + ticket_markdown(slice_ticket(t, view));
      protocol::PromptResult r;
      r.description = std::string(role.description) + ": " + t.id + " " + t.title.substr(0, 200);
      r.messages.push_back({{"role", "user"}, {"content", protocol::content::text(std::move(body))}});
      return r;
    });
    server.add_prompt_completer(
        role.name, [&store](const std::string& arg, const std::string& value, const json&) {
          return arg == "ticketId" ? complete_ticket_id(store, value) : protocol::Completion{};
        });
  }
}

}  // namespace sciorex::tickets
