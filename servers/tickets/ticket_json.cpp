#include "ticket_json.hpp"

#include <algorithm>

#include "sciorex/protocol/wire.hpp"

#include "tool_support.hpp"

namespace sciorex::tickets {

namespace {

json opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

// Objects are filled member by member: an initializer list of pairs builds a two-element array
// per member (and copies it) before the object, which made answers cost twice as much to build.
json::object_t& members(json& j) { return j.get_ref<json::object_t&>(); }

std::string str(std::string_view v) { return std::string(v); }

// [offset, offset+limit) of `total`, or the newest `limit` when no offset was asked for.
Range window(std::size_t total, std::optional<std::size_t> offset, std::size_t limit) {
  Range r;
  r.total = total;
  r.offset = offset ? std::min(*offset, total) : (total > limit ? total - limit : 0);
  r.count = std::min(limit, total - r.offset);
  return r;
}

json range_json(const Range& r) { return {{"offset", r.offset}, {"returned", r.count}, {"total", r.total}}; }

}  // namespace

json actor_json(const storage::Actor& a) {
  json j = json::object();
  auto& o = members(j);
  o.emplace("type", str(to_string(a.type)));
  o.emplace("id", a.id);
  return j;
}

json subtask_json(const storage::Subtask& s) {
  json j = json::object();
  auto& o = members(j);
  o.emplace("id", s.id);
  o.emplace("title", s.title);
  o.emplace("status", str(to_string(s.status)));
  o.emplace("completed", s.completed);
  o.emplace("completedAt", opt(s.completed_at));
  if (s.note) o.emplace("note", *s.note);
  return j;
}

json comment_json(const storage::Comment& c, std::size_t max_chars) {
  json j = {{"text", clip(c.text, max_chars)}, {"author", actor_json(c.author)}, {"createdAt", c.created_at}};
  if (c.text.size() > max_chars) j["truncated"] = true;
  return j;
}

json resource_json(const storage::Resource& r) {
  json j = {{"title", r.title}, {"kind", r.kind}, {"createdAt", r.created_at}};
  if (r.url) j["url"] = *r.url;
  if (r.path) j["path"] = *r.path;
  return j;
}

json session_json(const storage::SessionLink& s) {
  json j = {{"sessionId", s.session_id},
            {"entityType", s.entity_type},
            {"entityId", s.entity_id},
            {"archived", s.archived},
            {"createdAt", s.created_at}};
  if (s.title) j["title"] = *s.title;
  if (s.notes) j["notes"] = *s.notes;
  return j;
}

json history_json(const storage::HistoryEntry& h) {
  json details = json::parse(h.details_json, nullptr, false);
  if (details.is_discarded()) details = h.details_json;
  json j = json::object();
  auto& o = members(j);
  o.emplace("timestamp", h.timestamp);
  o.emplace("action", h.action);
  o.emplace("details", std::move(details));
  o.emplace("actor", actor_json(h.actor));
  return j;
}

json progress_json(const storage::EpicProgress& p) {
  json by_status = json::object();
  for (const auto& [status, n] : p.by_status) by_status[str(to_string(status))] = n;
  return {{"total", p.total}, {"done", p.done}, {"percentage", p.percentage}, {"byStatus", by_status}};
}

json epic_json(const storage::Epic& e) {
  return {{"id", e.id},
          {"title", e.title},
          {"description", e.description},
          {"status", str(to_string(e.status))},
          {"createdAt", e.created_at},
          {"updatedAt", e.updated_at},
          {"completedAt", opt(e.completed_at)}};
}

json ticket_item_json(const storage::Ticket& t, std::size_t title_max) {
  json j = json::object();
  auto& o = members(j);
  o.emplace("id", t.id);
  o.emplace("title", clip(t.title, title_max));
  o.emplace("status", str(to_string(t.status)));
  o.emplace("priority", str(to_string(t.priority)));
  o.emplace("type", str(to_string(t.type)));
  if (t.epic_id) o.emplace("epicId", *t.epic_id);
  return j;
}

std::string ticket_line(const storage::Ticket& t, std::size_t title_max) {
  return t.id + " [" + str(to_string(t.status)) + "] " + str(to_string(t.priority)) + " " + str(to_string(t.type)) +
         ": " + clip(t.title, title_max);
}

json ticket_core_json(const storage::Ticket& t, std::size_t description_max) {
  json blocked_by = json::array();
  for (const auto& b : t.blocked_by) {
    json e = json::object();
    auto& o = members(e);
    o.emplace("ticketId", b.ticket_id);
    o.emplace("status", b.status ? json(str(to_string(*b.status))) : json(nullptr));
    if (b.reason) o.emplace("reason", *b.reason);
    blocked_by.push_back(std::move(e));
  }
  json subtasks = json::array();
  subtasks.get_ref<json::array_t&>().reserve(t.subtasks.size());
  for (const auto& s : t.subtasks) subtasks.push_back(subtask_json(s));
  json j = json::object();
  auto& o = members(j);
  o.emplace("id", t.id);
  o.emplace("title", t.title);
  o.emplace("description", clip(t.description, description_max));
  o.emplace("type", str(to_string(t.type)));
  o.emplace("priority", str(to_string(t.priority)));
  o.emplace("status", str(to_string(t.status)));
  o.emplace("labels", t.labels);
  o.emplace("epicId", opt(t.epic_id));
  o.emplace("parentId", opt(t.parent_id));
  o.emplace("blockedBy", std::move(blocked_by));
  o.emplace("blocks", t.blocks);
  o.emplace("relatesTo", t.relates_to);
  o.emplace("subtasks", std::move(subtasks));
  o.emplace("assignedFlowId", opt(t.assigned_flow_id));
  o.emplace("lastSessionId", opt(t.last_session_id));
  o.emplace("createdAt", t.created_at);
  o.emplace("updatedAt", t.updated_at);
  o.emplace("completedAt", opt(t.completed_at));
  if (t.description.size() > description_max) o.emplace("descriptionTruncated", true);
  return j;
}

bool TicketView::shrink() {
  bool changed = false;
  auto halve = [&](std::size_t& v, std::size_t floor) {
    if (v > floor) {
      v = std::max(floor, v / 2);
      changed = true;
    }
  };
  halve(comment_chars, 200);
  halve(description_limit, 1'000);
  halve(comments_limit, 1);
  halve(history_limit, 1);
  halve(list_limit, 5);
  if (!changed) {  // last resort: drop the windows entirely
    if (comments_limit || history_limit) changed = true;
    comments_limit = history_limit = 0;
  }
  return changed;
}

TicketSlice slice_ticket(const storage::Ticket& t, const TicketView& v) {
  TicketSlice s;
  s.ticket = &t;
  s.view = v;
  const std::size_t dlen = t.description.size();
  std::size_t start = std::min(v.description_offset, dlen);
  while (start > 0 && start < dlen && (static_cast<unsigned char>(t.description[start]) & 0xC0) == 0x80) --start;
  std::size_t end = std::min(dlen, start + v.description_limit);
  while (end < dlen && end > start && (static_cast<unsigned char>(t.description[end]) & 0xC0) == 0x80) --end;
  s.description = t.description.substr(start, end - start);
  s.description_range = {start, end - start, dlen};
  if (end < dlen)
    s.notes.push_back("Description cut at byte " + std::to_string(end) + " of " + std::to_string(dlen) +
                      ": call sciorex_get_ticket with descriptionOffset " + std::to_string(end) + " for the rest.");
  s.comments = window(t.comments.size(), v.comments_offset, v.comments_limit);
  if (!s.comments.complete())
    s.notes.push_back("Showing comments " + std::to_string(s.comments.offset) + ".." +
                      std::to_string(s.comments.offset + s.comments.count) + " of " + std::to_string(s.comments.total) +
                      " (oldest first): pass commentsOffset (and commentsLimit, up to 100) for others.");
  for (std::size_t i = s.comments.offset; i < s.comments.offset + s.comments.count; ++i)
    if (t.comments[i].text.size() > v.comment_chars) {
      s.notes.push_back("Long comments are cut to " + std::to_string(v.comment_chars) +
                        " bytes; fetch fewer at a time (commentsLimit) to see more of each.");
      break;
    }
  s.history = window(t.history.size(), v.history_offset, v.history_limit);
  if (!s.history.complete())
    s.notes.push_back("Showing history entries " + std::to_string(s.history.offset) + ".." +
                      std::to_string(s.history.offset + s.history.count) + " of " + std::to_string(s.history.total) +
                      " (oldest first): pass historyOffset (and historyLimit, up to 200) for others.");
  s.subtasks = window(t.subtasks.size(), std::size_t{0}, v.list_limit);
  if (!s.subtasks.complete())
    s.notes.push_back("Showing the first " + std::to_string(s.subtasks.count) + " of " +
                      std::to_string(s.subtasks.total) + " subtasks: sciorex_list_subtasks lists them all.");
  return s;
}

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
  for (std::size_t i = 0; i < t.resources.size() && i < lim; ++i) resources.push_back(resource_json(t.resources[i]));
  json sessions = json::array();
  for (std::size_t i = 0; i < t.sessions.size() && i < lim; ++i) sessions.push_back(session_json(t.sessions[i]));
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

namespace {

// One JSON object written member by member; callers give the keys in sorted order, as the
// document's std::map would write them.
class ObjectWriter {
 public:
  explicit ObjectWriter(std::string& out) : out_(out) { out_ += '{'; }
  ~ObjectWriter() { out_ += '}'; }
  ObjectWriter(const ObjectWriter&) = delete;
  ObjectWriter& operator=(const ObjectWriter&) = delete;

  std::string& key(std::string_view k) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += k;  // our keys are plain ASCII
    out_ += "\":";
    return out_;
  }
  void text(std::string_view k, const std::string& v) { protocol::append_json_string(key(k), v); }
  void text(std::string_view k, std::string_view v) { text(k, std::string(v)); }
  void opt_text(std::string_view k, const std::optional<std::string>& v) {
    if (v) text(k, *v);
    else key(k) += "null";
  }
  void number(std::string_view k, std::size_t v) { key(k) += std::to_string(v); }
  void boolean(std::string_view k, bool v) { key(k) += v ? "true" : "false"; }

 private:
  std::string& out_;
  bool first_ = true;
};

// [f(items[0]), ..., f(items[n-1])] with n = min(size, limit).
template <class Items, class F>
void write_array(std::string& out, const Items& items, std::size_t limit, F&& f) {
  out += '[';
  for (std::size_t i = 0; i < items.size() && i < limit; ++i) {
    if (i) out += ',';
    f(items[i]);
  }
  out += ']';
}

void write_texts(std::string& out, const std::vector<std::string>& items, std::size_t limit) {
  write_array(out, items, limit, [&](const std::string& v) { protocol::append_json_string(out, v); });
}

void write_actor(std::string& out, const storage::Actor& a) {
  ObjectWriter o(out);
  o.text("id", a.id);
  o.text("type", to_string(a.type));
}

void write_range(std::string& out, const Range& r) {
  ObjectWriter o(out);
  o.number("offset", r.offset);
  o.number("returned", r.count);
  o.number("total", r.total);
}

}  // namespace

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
      if (b.status) e.text("status", to_string(*b.status));
      else e.key("status") += "null";
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
