// The get_ticket answer from a slice (see ticket_detail.hpp): as a document and as JSON text
// written straight, the two byte for byte the same.
#include "ticket_detail.hpp"

#include "sciorex/protocol/json_writer.hpp"
#include "sciorex/protocol/wire.hpp"
#include "ticket_json.hpp"
#include "tool_support.hpp"

namespace sciorex::tickets {

using protocol::json_text::ObjectWriter;
using protocol::json_text::write_array;
using protocol::json_text::write_texts;

namespace {

json range_json(const Range& r) { return {{"offset", r.offset}, {"returned", r.count}, {"total", r.total}}; }

void write_actor(std::string& out, const storage::Actor& a) {
  ObjectWriter o(out);
  if (a.client) o.text("client", *a.client);  // keys in order, as everywhere in this writer
  o.text("id", a.id);
  if (a.on_behalf_of) o.text("onBehalfOf", *a.on_behalf_of);
  o.text("type", to_string(a.type));
}

void write_range(std::string& out, const Range& r) {
  ObjectWriter o(out);
  o.number("offset", r.offset);
  o.number("returned", r.count);
  o.number("total", r.total);
}

}  // namespace

json ticket_detail_json(const TicketSlice& s) {
  const storage::Ticket& t = *s.ticket;
  json j = ticket_core_json(t, std::string::npos);
  j["description"] = s.description;
  const std::size_t lim = s.view.list_limit;
  auto cut = [lim](json& arr) {
    if (arr.size() > lim) arr.erase(arr.begin() + static_cast<std::ptrdiff_t>(lim), arr.end());
  };
  cut(j["subtasks"]);
  cut(j["blockedBy"]);
  cut(j["blocks"]);
  cut(j["relatesTo"]);
  json comments = json::array();
  for (std::size_t i = s.comments.offset; i < s.comments.offset + s.comments.count; ++i)
    comments.push_back(comment_json(t.comments[i], s.view.comment_chars));
  json history = json::array();
  for (std::size_t i = s.history.offset; i < s.history.offset + s.history.count; ++i)
    history.push_back(history_json(t.history[i]));
  json resources = json::array();
  for (std::size_t i = 0; i < t.resources.size() && i < lim; ++i)
    resources.push_back(resource_json(t.resources[i]));
  json sessions = json::array();
  for (std::size_t i = 0; i < t.sessions.size() && i < lim; ++i)
    sessions.push_back(session_json(t.sessions[i]));
  j["comments"] = std::move(comments);
  j["resources"] = std::move(resources);
  j["sessions"] = std::move(sessions);
  j["history"] = std::move(history);
  if (!s.notes.empty()) {
    j["page"] = {{"description", range_json(s.description_range)},
                 {"comments", range_json(s.comments)},
                 {"history", range_json(s.history)},
                 {"subtasks", range_json(s.subtasks)},
                 {"notes", s.notes}};
  }
  return j;
}

std::string ticket_detail_text(const TicketSlice& s) {
  const storage::Ticket& t = *s.ticket;
  const std::size_t lim = s.view.list_limit;
  std::string out;
  out.reserve(1024 + s.description.size());
  {
    ObjectWriter o(out);
    o.opt_text("assignedFlowId", t.assigned_flow_id);
    write_array(o.key("blockedBy"), t.blocked_by, lim, [&](const storage::Blocker& b) {
      ObjectWriter e(out);
      if (b.reason) e.text("reason", *b.reason);
      if (b.status)
        e.text("status", to_string(*b.status));
      else
        e.key("status") += "null";
      e.text("ticketId", b.ticket_id);
    });
    write_texts(o.key("blocks"), t.blocks, lim);
    o.key("comments") += '[';  // the comments and history windows need not start at 0
    for (std::size_t i = s.comments.offset; i < s.comments.offset + s.comments.count; ++i) {
      const storage::Comment& c = t.comments[i];
      if (i != s.comments.offset) out += ',';
      ObjectWriter e(out);
      write_actor(e.key("author"), c.author);
      e.text("createdAt", c.created_at);
      e.text("text", clip(c.text, s.view.comment_chars));
      if (c.text.size() > s.view.comment_chars) e.boolean("truncated", true);
    }
    out += ']';
    o.opt_text("completedAt", t.completed_at);
    o.text("createdAt", t.created_at);
    o.text("description", s.description);
    o.opt_text("epicId", t.epic_id);
    o.key("history") += '[';
    for (std::size_t i = s.history.offset; i < s.history.offset + s.history.count; ++i) {
      const storage::HistoryEntry& h = t.history[i];
      if (i != s.history.offset) out += ',';
      ObjectWriter e(out);
      e.text("action", h.action);
      write_actor(e.key("actor"), h.actor);
      json details = json::parse(h.details_json, nullptr, false);
      e.key("details") += protocol::serialize(details.is_discarded() ? json(h.details_json) : details);
      e.text("timestamp", h.timestamp);
    }
    out += ']';
    o.text("id", t.id);
    write_texts(o.key("labels"), t.labels, std::string::npos);
    o.opt_text("lastSessionId", t.last_session_id);
    if (!s.notes.empty()) {
      ObjectWriter page(o.key("page"));
      write_range(page.key("comments"), s.comments);
      write_range(page.key("description"), s.description_range);
      write_range(page.key("history"), s.history);
      write_texts(page.key("notes"), s.notes, std::string::npos);
      write_range(page.key("subtasks"), s.subtasks);
    }
    o.opt_text("parentId", t.parent_id);
    o.text("priority", to_string(t.priority));
    write_texts(o.key("relatesTo"), t.relates_to, lim);
    write_array(o.key("resources"), t.resources, lim, [&](const storage::Resource& r) {
      ObjectWriter e(out);
      e.text("createdAt", r.created_at);
      e.text("kind", r.kind);
      if (r.path) e.text("path", *r.path);
      e.text("title", r.title);
      if (r.url) e.text("url", *r.url);
    });
    write_array(o.key("sessions"), t.sessions, lim, [&](const storage::SessionLink& l) {
      ObjectWriter e(out);
      e.boolean("archived", l.archived);
      e.text("createdAt", l.created_at);
      e.text("entityId", l.entity_id);
      e.text("entityType", l.entity_type);
      if (l.host) e.text("host", *l.host);
      if (l.notes) e.text("notes", *l.notes);
      e.text("sessionId", l.session_id);
      if (l.title) e.text("title", *l.title);
    });
    o.text("status", to_string(t.status));
    write_array(o.key("subtasks"), t.subtasks, lim, [&](const storage::Subtask& st) {
      ObjectWriter e(out);
      e.boolean("completed", st.completed);
      e.opt_text("completedAt", st.completed_at);
      e.text("id", st.id);
      if (st.note) e.text("note", *st.note);
      e.text("status", to_string(st.status));
      e.text("title", st.title);
    });
    o.text("title", t.title);
    o.text("type", to_string(t.type));
    o.text("updatedAt", t.updated_at);
  }
  return out;
}

}  // namespace sciorex::tickets
