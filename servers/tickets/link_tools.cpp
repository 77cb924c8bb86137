// Activity and relationships: sciorex_report_progress, sciorex_add_comment, sciorex_add_blocker,
// sciorex_remove_blocker, sciorex_link_resource, sciorex_link_session.
#include "activity_params.hpp"
#include "ticket_json.hpp"
#include "tickets.hpp"
#include "tool_support.hpp"

namespace sciorex::tickets {

namespace args = protocol::args;

namespace {

struct ProgressParams {
  std::string ticket_id, message;
  std::optional<int> percentage;
  static ProgressParams from_json(const json& a) {
    args::only(a, {"ticketId", "message", "percentage"});
    ProgressParams p{
        args::required_string(a, "ticketId", 200), args::required_string(a, "message", 5'000), {}};
    if (auto v = args::optional_int(a, "percentage", 0, 100)) p.percentage = static_cast<int>(*v);
    return p;
  }
};

struct LinkResourceParams {
  std::string ticket_id;
  storage::NewResource resource;
  static LinkResourceParams from_json(const json& a) {
    args::only(a, {"ticketId", "url", "path", "title", "kind"});
    LinkResourceParams p;
    p.ticket_id = args::required_string(a, "ticketId", 200);
    p.resource.url = args::optional_string(a, "url", 2'048);
    p.resource.path = args::optional_string(a, "path", 2'048);
    if (p.resource.url.has_value() == p.resource.path.has_value())
      throw protocol::ToolError("Give exactly one of url (e.g. a PR link) or path (a file in the project).");
    p.resource.title = args::optional_string(a, "title", 500).value_or("");
    p.resource.kind = args::optional_string(a, "kind", 50);
    return p;
  }
};

struct LinkSessionParams {
  storage::NewSessionLink link;
  static LinkSessionParams from_json(const json& a) {
    args::only(a, {"sessionId", "ticketId", "epicId", "title", "notes", "archived"});
    LinkSessionParams p;
    p.link.session_id = args::required_string(a, "sessionId", 200);
    p.link.ticket_id = args::optional_string(a, "ticketId", 200);
    p.link.epic_id = args::optional_string(a, "epicId", 200);
    if (p.link.ticket_id.has_value() == p.link.epic_id.has_value())
      throw protocol::ToolError("Give exactly one of ticketId or epicId to link the session to.");
    p.link.title = args::optional_string(a, "title", 500);
    p.link.notes = args::optional_string(a, "notes", 20'000);
    p.link.archived = args::optional_bool(a, "archived").value_or(false);
    return p;
  }
};

}  // namespace

void register_link_tools(protocol::Server& server, Store& store) {
  add_tool<ProgressParams>(
      server, "sciorex_report_progress", Access::write,
      [&store](const ProgressParams& p, RequestContext& ctx) {
        auto h = store.tickets.report_progress(p.ticket_id, p.message, p.percentage, actor_of(ctx));
        std::string pct = p.percentage ? " (" + std::to_string(*p.percentage) + "%)" : "";
        return ToolResult::structured_with_text({{"ticketId", p.ticket_id}, {"entry", history_json(h)}},
                                                "Progress recorded on " + p.ticket_id + pct);
      });
  add_tool<CommentParams>(server, "sciorex_add_comment", Access::write,
                          [&store](const CommentParams& p, RequestContext& ctx) {
                            auto c = store.tickets.add_comment(p.ticket_id, p.comment, actor_of(ctx));
                            return ToolResult::structured_with_text(
                                {{"ticketId", p.ticket_id}, {"comment", comment_json(c, 2'000)}},
                                "Comment added to " + p.ticket_id);
                          });
  add_tool<BlockerParams>(
      server, "sciorex_add_blocker", Access::write, [&store](const BlockerParams& p, RequestContext& ctx) {
        bool added = store.tickets.add_blocker(p.ticket_id, p.blocker_id, p.reason, actor_of(ctx));
        return ToolResult::structured_with_text(
            {{"ticketId", p.ticket_id}, {"blockerTicketId", p.blocker_id}, {"added", added}},
            p.ticket_id + (added ? " is now blocked by " : " was already blocked by ") + p.blocker_id);
      });
  add_tool<RemoveBlockerParams>(
      server, "sciorex_remove_blocker", Access::write,
      [&store](const RemoveBlockerParams& p, RequestContext& ctx) {
        store.tickets.remove_blocker(p.ticket_id, p.blocker_id, actor_of(ctx));
        return ToolResult::structured_with_text(
            {{"ticketId", p.ticket_id}, {"blockerTicketId", p.blocker_id}, {"removed", true}},
            p.blocker_id + " no longer blocks " + p.ticket_id);
      });
  add_tool<LinkResourceParams>(server, "sciorex_link_resource", Access::write,
                               [&store](const LinkResourceParams& p, RequestContext& ctx) {
                                 auto r = store.tickets.link_resource(p.ticket_id, p.resource, actor_of(ctx));
                                 return ToolResult::structured_with_text(
                                     {{"ticketId", p.ticket_id}, {"resource", resource_json(r)}},
                                     "Linked " + r.kind + " " +
                                         clip(r.url ? *r.url : r.path.value_or(""), 200) + " to " +
                                         p.ticket_id);
                               });
  add_tool<LinkSessionParams>(server, "sciorex_link_session", Access::write,
                              [&store](const LinkSessionParams& p, RequestContext& ctx) {
                                auto links = store.tickets.link_session(p.link, actor_of(ctx));
                                json items = json::array();
                                std::string targets;
                                for (const auto& l : links) {
                                  items.push_back(session_json(l));
                                  targets += (targets.empty() ? "" : " and ") + l.entity_id;
                                }
                                return ToolResult::structured_with_text(
                                    {{"sessionId", p.link.session_id}, {"links", std::move(items)}},
                                    "Session " + clip(p.link.session_id, 100) + " linked to " + targets);
                              });
}

}  // namespace sciorex::tickets
