// A two-agent pipeline (plan, review, the condition on the review, mark done) for the runner's and
// the service's tests: the seed's shape with scripted agents `planner` and `reviewer`.
#pragma once

#include <string>

namespace sciorex::flow_fixtures {

inline std::string two_agent_pipeline(const std::string& name) {
  return "name: " + name + R"(
trigger:
  type: ticketStatusChanged
  fromStatus: planned
  toStatus: in_progress
nodes:
  - id: plan
    type: agent
    agent: planner
    input: "Plan {{trigger.ticket.id}}"
  - id: review
    type: agent
    agent: reviewer
    input: "Review {{trigger.ticket.id}} against: {{nodes.plan.output}}"
  - id: checkPassed
    type: condition
    expression: "nodes.review.output.passed === true"
  - id: markDone
    type: ticketAction
    action: changeStatus
    ticketId: "{{trigger.ticket.id}}"
    status: done
)";
}

}  // namespace sciorex::flow_fixtures
