#include "markdown.hpp"

#include "tool_support.hpp"

namespace sciorex::tickets {

namespace {

std::string md_str(std::string_view v) { return std::string(v); }

// "agent technical-planner (via claude-code)" when the agent is named by its role.
std::string actor_text(const storage::Actor& a) {
  return md_str(to_string(a.type)) + " " + a.id + (a.client ? " (via " + *a.client + ")" : "") +
         (a.on_behalf_of ? " on behalf of " + *a.on_behalf_of : "");
}

}  // namespace

std::string ticket_markdown(const TicketSlice& s) {
  const storage::Ticket& t = *s.ticket;
  std::string md = "# " + t.id + ": " + t.title + "\n\n";
  md += "- Status: " + md_str(to_string(t.status)) + "\n- Type: " + md_str(to_string(t.type)) +
        "\n- Priority: " + md_str(to_string(t.priority)) + "\n";
  if (!t.labels.empty()) {
    md += "- Labels:";
    for (const auto& l : t.labels) md += " " + l;
    md += "\n";
  }
  if (t.epic_id) md += "- Epic: " + *t.epic_id + "\n";
  if (t.parent_id) md += "- Parent: " + *t.parent_id + "\n";
  if (t.last_session_id) md += "- Last session: " + *t.last_session_id + "\n";
  md += "- Created: " + t.created_at + ", updated: " + t.updated_at + "\n";
  if (t.completed_at) md += "- Completed: " + *t.completed_at + "\n";
  if (!s.description.empty()) md += "\n## Description\n\n" + s.description + "\n";

  if (!t.subtasks.empty()) {
    md += "\n## Subtasks\n\n";
    for (std::size_t i = 0; i < s.subtasks.count; ++i) {
      const auto& st = t.subtasks[i];
      md += std::string("- [") + (st.completed ? "x" : " ") + "] " + st.id + " " + st.title;
      if (st.status != storage::SubtaskStatus::Pending && st.status != storage::SubtaskStatus::Done)
        md += " (" + md_str(to_string(st.status)) + ")";
      if (st.note) md += " — " + *st.note;
      md += "\n";
    }
  }
  if (!t.blocked_by.empty() || !t.blocks.empty() || !t.relates_to.empty()) {
    md += "\n## Relationships\n\n";
    for (const auto& b : t.blocked_by) {
      md += "- Blocked by " + b.ticket_id + " (" +
            (b.status ? md_str(to_string(*b.status)) : std::string("deleted")) + ")";
      if (b.reason) md += ": " + *b.reason;
      md += "\n";
    }
    for (const auto& id : t.blocks) md += "- Blocks " + id + "\n";
    for (const auto& id : t.relates_to) md += "- Relates to " + id + "\n";
  }
  if (!t.resources.empty() || !t.sessions.empty()) {
    md += "\n## Links\n\n";
    for (std::size_t i = 0; i < t.resources.size() && i < s.view.list_limit; ++i) {
      const auto& r = t.resources[i];
      md += "- " + r.kind + ": " + r.title + " <" + (r.url ? *r.url : r.path.value_or("")) + ">\n";
    }
    for (std::size_t i = 0; i < t.sessions.size() && i < s.view.list_limit; ++i) {
      const auto& l = t.sessions[i];
      md += "- session " + l.session_id + (l.title ? " " + *l.title : "") + (l.archived ? " (archived)" : "");
      if (l.host)
        md += " (" + *l.host +
              (*l.host == "claude-code" ? ": resume with `claude --resume " + l.session_id + "`" : "") + ")";
      if (l.notes) md += ": " + *l.notes;
      md += "\n";
    }
  }
  if (s.comments.count > 0) {
    md += "\n## Comments\n\n";
    for (std::size_t i = s.comments.offset; i < s.comments.offset + s.comments.count; ++i) {
      const auto& c = t.comments[i];
      md +=
          "- " + c.created_at + " " + actor_text(c.author) + ": " + clip(c.text, s.view.comment_chars) + "\n";
    }
  }
  if (s.history.count > 0) {
    md += "\n## History\n\n";
    for (std::size_t i = s.history.offset; i < s.history.offset + s.history.count; ++i) {
      const auto& h = t.history[i];
      md += "- " + h.timestamp + " " + h.action + " by " + actor_text(h.actor);
      if (h.details_json != "{}") md += ": " + clip(h.details_json, 300);
      md += "\n";
    }
  }
  if (!s.notes.empty()) {
    md += "\n> Not everything is shown:\n";
    for (const auto& n : s.notes) md += "> - " + n + "\n";
  }
  return md;
}

std::string epic_markdown(const storage::EpicDetail& d, std::size_t max_tickets) {
  const auto& e = d.epic;
  std::string md = "# " + e.id + ": " + e.title + "\n\n- Status: " + md_str(to_string(e.status)) +
                   "\n- Progress: " + std::to_string(d.progress.done) + "/" +
                   std::to_string(d.progress.total) + " done (" + std::to_string(d.progress.percentage) +
                   "%)\n- Created: " + e.created_at + ", updated: " + e.updated_at + "\n";
  if (e.completed_at) md += "- Completed: " + *e.completed_at + "\n";
  if (!e.description.empty()) md += "\n## Description\n\n" + clip(e.description, 20'000) + "\n";
  if (!d.tickets.empty()) {
    md += "\n## Tickets\n\n";
    for (std::size_t i = 0; i < d.tickets.size() && i < max_tickets; ++i)
      md += "- " + ticket_line(d.tickets[i]) + "\n";
    if (d.tickets.size() > max_tickets)
      md += "- … " + std::to_string(d.tickets.size() - max_tickets) +
            " more: sciorex_list_tickets with epicId " + e.id + "\n";
  }
  if (!d.sessions.empty()) {
    md += "\n## Sessions\n\n";
    for (const auto& l : d.sessions) md += "- " + l.session_id + (l.title ? " " + *l.title : "") + "\n";
  }
  return md;
}

std::string board_markdown(const BoardData& b) {
  std::string md = "# Board\n\n| status | tickets |\n|---|---|\n";
  for (auto st :
       {storage::TicketStatus::Backlog, storage::TicketStatus::Planned, storage::TicketStatus::InProgress,
        storage::TicketStatus::InReview, storage::TicketStatus::Done, storage::TicketStatus::Cancelled}) {
    auto it = b.counts.find(st);
    md +=
        "| " + md_str(to_string(st)) + " | " + std::to_string(it == b.counts.end() ? 0 : it->second) + " |\n";
  }
  md += "\n## Ready (planned, unblocked)\n\n";
  if (b.ready.empty()) md += "None.\n";
  for (const auto& t : b.ready) md += "- " + ticket_line(t) + "\n";
  md += "\n## Blocked\n\n";
  if (b.blocked.empty()) md += "None.\n";
  for (const auto& t : b.blocked) md += "- " + ticket_line(t) + "\n";
  md += "\n## Epics\n\n";
  if (b.epics.empty()) md += "None.\n";
  for (const auto& e : b.epics)
    md += "- " + e.epic.id + " [" + md_str(to_string(e.epic.status)) + "] " + clip(e.epic.title, 80) + ": " +
          std::to_string(e.progress.done) + "/" + std::to_string(e.progress.total) + " done (" +
          std::to_string(e.progress.percentage) + "%)\n";
  return md;
}

}  // namespace sciorex::tickets
