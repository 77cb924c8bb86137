// The whole chain with the real host (issue 12): `sciorex-flows serve` runs the seed's flow when
// T-042 moves from planned to in_progress, each agent node a headless run of the pinned Claude Code
// (`claude` on PATH) against the scripted model endpoint, which answers each agent by its system
// prompt. The store, read through our own command lines afterwards, says what really happened:
// the planner's comment, every subtask ticked by the developer through Claude Code's own MCP
// client, the reviewer's verdict, the ticket done, the runs' sessions linked to the ticket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stopProcess, waitFor } from '../interop/helpers.mjs';
import { byAgent, promptText, startScriptedModel, toolResults } from './scripted_model.mjs';
import { BIN, CLAUDE, ROOT, makeProject, sciorex, showTicket, tool } from './host.mjs';

const T = (name) => tool('sciorex-tickets', name);
const FLOW_TIMEOUT = 180_000;

// A project made by `init`, with the seed's flow and its three agents (examples/flows/.sciorex),
// T-042 imported from the examples, and `claude` on PATH: the pinned Claude Code.
function flowProject(tag) {
  const proj = makeProject(tag);
  fs.cpSync(path.join(ROOT, 'examples/flows/.sciorex'), path.join(proj.project, '.sciorex'), { recursive: true });
  sciorex(proj, 'sciorex-tickets', ['import', path.join(ROOT, 'examples/tickets/T-042.yaml')]);
  const bin = path.join(proj.dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'claude'), `#!/bin/sh\nexec '${CLAUDE}' "$@"\n`, { mode: 0o755 });
  return { ...proj, bin };
}

// `sciorex-flows serve` on the project, its agents' Claude Code offline against the model
// endpoint (host.mjs's environment, claude on PATH). Resolves once the store's events are watched.
async function startRunner(t, proj, modelUrl, { first = true } = {}) {
  const env = {
    ...process.env,
    HOME: proj.home,
    PATH: `${proj.bin}:${process.env.PATH}`,
    ANTHROPIC_BASE_URL: modelUrl,
    ANTHROPIC_API_KEY: 'sk-ant-scripted',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ENABLE_TOOL_SEARCH: 'false',
  };
  for (const v of ['CLAUDE_PROJECT_DIR', 'CLAUDE_CODE_SESSION_ID', 'CLAUDECODE', 'SCIOREX_DB']) delete env[v];
  const proc = spawn(path.join(BIN, 'sciorex-flows'), ['serve', '--workspace', proj.project],
    { cwd: proj.project, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const runner = { proc, log: '' };
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => { runner.log += d; });
  t.after(() => stopProcess(proc));
  // the first runner on a store sets the shared cursor (events after it start flows); the others
  // start from that cursor, whenever they read it
  const ready = first ? /first runner on this store/ : / serving /;
  await waitFor(() => ready.test(runner.log), { timeoutMs: 30_000, what: 'the runner serving' })
    .catch((e) => { throw new Error(`${e.message}\n${runner.log}`); });
  return runner;
}

const ticketOf = (req) => /\bT-\d{3}\b/.exec(promptText(req))?.[0];
const lastResult = (req) => {
  const all = toolResults(req);
  return all[all.length - 1];
};
// The input of the last tool call the agent made (its previous turn's decision).
const lastToolInput = (req) => req.messages.filter((m) => m.role === 'assistant').at(-1)
  .content.filter((b) => b.type === 'tool_use').at(-1).input;
const commentsOf = (ticket) => (ticket.comments ?? []).map((c) => c.text ?? c.content ?? '');
const getTicket = (req) => ({ tools: [{ name: T('sciorex_get_ticket'), input: { ticketId: ticketOf(req) } }] });

const PLAN = 'Plan: 1. upload endpoint to S3; 2. square crop; 3. thumbnails 64/128/256; 4. header and profile; 5. tests.';
const REVIEW_FAILED = 'Review: thumbnails are missing the 256px size.';
const FIXED = 'Fixed: the 256px thumbnail is generated too.';

// The seed's three agents, each answered by its system prompt. The reviewer fails the first review
// when `failFirstReview`, and passes once the developer has said it fixed what the review found
// (decided from the ticket each reads, so a retried request gets the same answer).
function seedAgents({ failFirstReview = false } = {}) {
  return byAgent({
    'creating implementation plans': [
      getTicket,
      (req) => ({ tools: [{ name: T('sciorex_add_comment'), input: { ticketId: ticketOf(req), comment: PLAN } }] }),
      { text: PLAN },
    ],
    'implementing features': [
      getTicket,
      (req) => {
        // the ticket as sciorex_get_ticket's text gave it (its comments, its subtasks' ids)
        const text = lastResult(req).text;
        const id = ticketOf(req);
        if (text.includes(REVIEW_FAILED) && !text.includes(FIXED)) {
          return { tools: [{ name: T('sciorex_add_comment'), input: { ticketId: id, comment: FIXED } }] };
        }
        const subtasks = [...new Set(text.match(/\bsub-\d+\b/g) ?? [])];
        return { tools: subtasks.map((s) => ({ name: T('sciorex_complete_subtask'), input: { ticketId: id, subtaskId: s } })) };
      },
      (req) => ({ text: `Implemented. Errors: ${JSON.stringify(toolResults(req).filter((r) => r.isError).map((r) => r.text))}` }),
    ],
    'thorough code reviewer': [
      getTicket,
      (req) => {
        const passed = !failFirstReview || lastResult(req).text.includes(FIXED);
        const comment = passed ? 'Review: every acceptance criterion is met.' : REVIEW_FAILED;
        return { tools: [{ name: T('sciorex_add_comment'), input: { ticketId: ticketOf(req), comment } }] };
      },
      (req) => {
        const passed = lastToolInput(req).comment !== REVIEW_FAILED;
        return { text: `${passed ? 'All good.' : 'Needs a fix.'}\n${JSON.stringify({ passed })}` };
      },
    ],
  });
}

const flows = (proj, args) => JSON.parse(sciorex(proj, 'sciorex-flows', [...args, '--json']));
const runsOf = (proj) => flows(proj, ['runs', '--ticket', 'T-042']).items;

async function moveAndWaitForTheRun(proj, runners) {
  sciorex(proj, 'sciorex-tickets', ['move', 'T-042', 'in_progress']);
  const logs = () => runners.map((r) => r.log).join('\n');
  const run = await waitFor(() => {
    const [r] = runsOf(proj);
    return r && r.status !== 'running' ? r : undefined;
  }, { timeoutMs: FLOW_TIMEOUT, intervalMs: 250, what: 'the flow run ending' }).catch((e) => {
    throw new Error(`${e.message}\n${logs()}`);
  });
  const detail = flows(proj, ['show', run.id]);
  assert.equal(detail.status, 'succeeded', `${JSON.stringify(detail, null, 2)}\n${logs()}`);
  return detail;
}

// What every successful run must show on T-042, whatever loops it went through.
function checkTheTicket(proj, detail) {
  const ticket = showTicket(proj, 'T-042');
  assert.equal(ticket.status, 'done');
  assert.deepEqual(ticket.subtasks.map((s) => s.status), ['done', 'done', 'done', 'done', 'done']);
  const actor = (a) => `${(a.actor ?? a).type} ${(a.actor ?? a).id}`;
  const byAction = (a) => ticket.history.filter((h) => h.action === a);
  // the planner's comment, by the planner, through Claude Code's MCP client
  const planned = ticket.comments.filter((c) => c.text === PLAN);
  assert.equal(planned.length, 1, JSON.stringify(ticket.comments));
  assert.equal(actor(planned[0].author), 'agent technical-planner');
  // every subtask ticked by the developer
  assert.equal(byAction('subtask_completed').length, 5);
  assert.deepEqual([...new Set(byAction('subtask_completed').map(actor))], ['agent feature-developer']);
  // the flow moved it to done
  const done = byAction('status_changed').at(-1);
  assert.match(actor(done), /^system flow:/);
  // the nodes: the reviewer's verdict, each agent's session linked to the ticket
  const review = detail.nodes.filter((n) => n.nodeId === 'review').at(-1);
  assert.equal(review.output.passed, true);
  const agentNodes = detail.nodes.filter((n) => n.agent);
  for (const n of agentNodes) {
    assert.match(n.sessionId ?? '', /^[0-9a-f-]{36}$/, JSON.stringify(n));
    assert.ok(ticket.sessions.some((s) => s.sessionId === n.sessionId), `session of ${n.nodeId} linked`);
    assert.ok(fs.existsSync(n.logPath), n.logPath);
  }
  return { ticket, agentNodes };
}

test("moving T-042 to in_progress runs the seed's pipeline to done with the real Claude Code", { timeout: FLOW_TIMEOUT + 60_000 }, async (t) => {
  const proj = flowProject('flow');
  t.after(proj.remove);
  const model = await startScriptedModel(seedAgents());
  t.after(model.close);
  const runner = await startRunner(t, proj, model.url);
  const detail = await moveAndWaitForTheRun(proj, [runner]);
  const { agentNodes } = checkTheTicket(proj, detail);
  assert.deepEqual(agentNodes.map((n) => [n.nodeId, n.agent]),
    [['plan', 'technical-planner'], ['implement', 'feature-developer'], ['review', 'code-reviewer']]);
  // the developer was given the planner's output
  assert.ok(detail.nodes.find((n) => n.nodeId === 'implement').input.includes(PLAN));
});

test('a failed review goes through the fix loop, then passes', { timeout: FLOW_TIMEOUT + 60_000 }, async (t) => {
  const proj = flowProject('fix');
  t.after(proj.remove);
  const model = await startScriptedModel(seedAgents({ failFirstReview: true }));
  t.after(model.close);
  const runner = await startRunner(t, proj, model.url);
  const detail = await moveAndWaitForTheRun(proj, [runner]);
  const { ticket } = checkTheTicket(proj, detail);
  const reviews = detail.nodes.filter((n) => n.nodeId === 'review');
  assert.deepEqual(reviews.map((n) => n.output.passed), [false, true]);
  assert.deepEqual(detail.nodes.filter((n) => n.nodeId === 'implement').map((n) => n.iteration), [1, 2]);
  assert.ok(commentsOf(ticket).includes(REVIEW_FAILED) && commentsOf(ticket).includes(FIXED));
});

test('three runners on one store run the flow exactly once', { timeout: FLOW_TIMEOUT + 60_000 }, async (t) => {
  const proj = flowProject('three');
  t.after(proj.remove);
  const model = await startScriptedModel(seedAgents());
  t.after(model.close);
  const runners = [];
  for (let i = 0; i < 3; i++) runners.push(await startRunner(t, proj, model.url, { first: i === 0 }));
  const detail = await moveAndWaitForTheRun(proj, runners);
  checkTheTicket(proj, detail);
  assert.equal(runsOf(proj).length, 1);
  // each agent ran once: three conversations began (turn 0), one per agent
  const firstTurns = model.agentRequests.filter((r) => !r.messages.some((m) => m.role === 'assistant'));
  assert.equal(new Set(firstTurns.map((r) => promptText(r))).size, 3);
});
