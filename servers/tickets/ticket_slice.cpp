// The windows that keep a ticket answer inside the agent's budget (see ticket_slice.hpp).
#include "ticket_slice.hpp"

#include <algorithm>

#include "sciorex/text/utf8.hpp"

namespace sciorex::tickets {

namespace {

// [offset, offset+limit) of `total`, or the newest `limit` when no offset was asked for.
Range window(std::size_t total, std::optional<std::size_t> offset, std::size_t limit) {
  Range r;
  r.total = total;
  r.offset = offset ? std::min(*offset, total) : (total > limit ? total - limit : 0);
  r.count = std::min(limit, total - r.offset);
  return r;
}

}  // namespace

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
  // Both ends on a character boundary; the end backs off no further than the start, itself one.
  const std::size_t start = utf8::boundary_before(t.description, std::min(v.description_offset, dlen));
  const std::size_t end = utf8::boundary_before(t.description, std::min(dlen, start + v.description_limit));
  s.description = t.description.substr(start, end - start);
  s.description_range = {start, end - start, dlen};
  if (end < dlen)
    s.notes.push_back("Description cut at byte " + std::to_string(end) + " of " + std::to_string(dlen) +
                      ": call sciorex_get_ticket with descriptionOffset " + std::to_string(end) +
                      " for the rest.");
  s.comments = window(t.comments.size(), v.comments_offset, v.comments_limit);
  if (!s.comments.complete())
    s.notes.push_back("Showing comments " + std::to_string(s.comments.offset) + ".." +
                      std::to_string(s.comments.offset + s.comments.count) + " of " +
                      std::to_string(s.comments.total) +
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
                      std::to_string(s.history.offset + s.history.count) + " of " +
                      std::to_string(s.history.total) +
                      " (oldest first): pass historyOffset (and historyLimit, up to 200) for others.");
  s.subtasks = window(t.subtasks.size(), std::size_t{0}, v.list_limit);
  if (!s.subtasks.complete())
    s.notes.push_back("Showing the first " + std::to_string(s.subtasks.count) + " of " +
                      std::to_string(s.subtasks.total) + " subtasks: sciorex_list_subtasks lists them all.");
  return s;
}

}  // namespace sciorex::tickets
