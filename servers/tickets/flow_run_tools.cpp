// The runs of flows, for agents (issue 12): sciorex_list_flow_runs and sciorex_get_flow_run. Read
// only: the flows runner (sciorex-flows) writes the records; these tools show which agent did what.
#include "flow_run_json.hpp"
#include "sciorex/storage/flow_run_repository.hpp"
#include "tickets.hpp"
#include "tool_support.hpp"

namespace sciorex::tickets {

namespace args = protocol::args;

namespace {

// The smallest field allowance an answer is cut to before its nodes' inputs and outputs go.
constexpr std::size_t kMinRunFieldChars = 200;

struct ListFlowRunsParams {
  storage::FlowRunFilter filter;
  static ListFlowRunsParams from_json(const json& a) {
    args::only(a, {"ticketId", "flow", "status", "limit", "cursor"});
    ListFlowRunsParams p;
    p.filter.ticket_id = args::optional_string(a, "ticketId", 200);
    p.filter.flow_name = args::optional_string(a, "flow", 200);
    if (auto s = args::optional_enum(a, "status", storage::kFlowRunStatusNames))
      p.filter.status = storage::parse_flow_run_status(*s);
    p.filter.limit = limit_arg(a, 20);
    p.filter.cursor = args::optional_string(a, "cursor", 500);
    return p;
  }
};

struct GetFlowRunParams {
  std::string run_id;
  static GetFlowRunParams from_json(const json& a) {
    args::only(a, {"runId"});
    return {args::required_string(a, "runId", 200)};
  }
};

ToolResult flow_run_list_answer(const storage::FlowRunPage& page) {
  json runs = json::array();
  std::string text;
  for (const auto& r : page.runs) {
    runs.push_back(flow_run_summary_json(r));
    text += flow_run_line(r) + "\n";
  }
  if (page.runs.empty()) text = "No flow run matches.\n";
  json out = {{"runs", std::move(runs)}, {"count", page.runs.size()}};
  if (page.next_cursor) {
    out["nextCursor"] = *page.next_cursor;
    text += "More runs follow: pass cursor " + *page.next_cursor + ".\n";
  }
  return ToolResult::structured_with_text(std::move(out), text);
}

ToolResult flow_run_answer(const storage::FlowRun& r, std::size_t field_max) {
  std::string text = flow_run_line(r) + "\n";
  if (r.nodes.empty()) text += "  (no node has started)\n";
  for (const auto& n : r.nodes) text += flow_node_line(n) + "\n";
  return ToolResult::structured_with_text(flow_run_json(r, field_max), text);
}

}  // namespace

void register_flow_run_tools(protocol::Server& server, Store& store) {
  add_tool<ListFlowRunsParams>(server, "sciorex_list_flow_runs", Access::read,
                               [&store](const ListFlowRunsParams& p, RequestContext&) {
                                 // A page that would pass the answer's budget is read again, shorter (its
                                 // nextCursor follows).
                                 storage::FlowRunFilter f = p.filter;
                                 for (;;) {
                                   ToolResult r = flow_run_list_answer(store.flow_run_reads.list(f));
                                   if (f.limit == 1 || answer_fits(r, kMaxAnswerChars)) return r;
                                   f.limit /= 2;
                                 }
                               });
  add_tool<GetFlowRunParams>(server, "sciorex_get_flow_run", Access::read,
                             [&store](const GetFlowRunParams& p, RequestContext&) {
                               const storage::FlowRun run = store.flow_run_reads.get(p.run_id);
                               // Each input and output as a whole while the answer fits; cut shorter until it
                               // does.
                               std::size_t field_max = kMaxAnswerChars;
                               for (;;) {
                                 ToolResult r = flow_run_answer(run, field_max);
                                 if (field_max == 0 || answer_fits(r, kMaxAnswerChars)) return r;
                                 field_max = field_max / 2 >= kMinRunFieldChars ? field_max / 2 : 0;
                               }
                             });
}

}  // namespace sciorex::tickets
