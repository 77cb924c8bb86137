// The same workflow as agents.mjs, with the real Claude Code as the MCP host instead of SDK clients:
// three headless runs (`claude -p`), one per agent of the workflow, in a project made by
// `sciorex-tickets init`, whose .mcp.json starts our servers. The model is the tests' scripted
// endpoint (tests/host/scripted_model.mjs: offline, no account): it decides each tool call, and
// Claude Code's own MCP client makes it. The store is checked afterwards.
//   technical-planner  reads the ticket, adds a subtask, reads the plan back, records the plan
//   feature-developer  looks for work, claims the ticket, starts, completes and reports each
//                      subtask, links the PR, comments, hands it to review
//   code-reviewer      reads the ticket and its subtasks, records the review, moves it to done
// scripts/demo.sh runs it with DEMO_HOST=claude-code (needs the test kit: bash scripts/setup.sh --all).
// usage: node22 examples/workflow/claude_code.mjs --project DIR [--ticket T-042]
// Exit code 0 when every step succeeded and the store shows it, 1 otherwise.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startScriptedModel, toolResults } from '../../tests/host/scripted_model.mjs';
import { runHeadless, showTicket, tool } from '../../tests/host/host.mjs';

const { values: opts } = parseArgs({
  options: { project: { type: 'string' }, ticket: { type: 'string', default: 'T-042' } },
});
if (!opts.project) {
  console.error('usage: claude_code.mjs --project DIR [--ticket T-042]');
  process.exit(2);
}
const TICKET = opts.ticket;
// host.mjs's runHeadless takes a project made like its makeProject: the folder and a HOME in which
// the folder is trusted (Claude Code's first-run question), apart from the user's own, removed at exit.
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sciorex-demo-home-'));
process.on('exit', () => fs.rmSync(home, { recursive: true, force: true }));
fs.writeFileSync(path.join(home, '.claude.json'),
  JSON.stringify({ projects: { [opts.project]: { hasTrustDialogAccepted: true } } }));
const proj = { project: opts.project, home };

const T = (name) => tool('sciorex-tickets', name);
const last = (req) => {
  const all = toolResults(req);
  return all[all.length - 1];
};
const parsed = (req) => JSON.parse(last(req).text);
const errors = (req) => toolResults(req).filter((r) => r.isError).map((r) => r.text);
// One tool call a turn, so that the store sees them in the script's order; printed as it is made.
const call = (role, name, input, note) => {
  console.log(`  ${role}: ${note} (${name})`);
  return { tools: [{ name: T(name), input }] };
};
const finish = (role, summary) => (req) => ({ text: JSON.stringify({ role, summary, errors: errors(req) }) });

async function agent(role, prompt, script) {
  console.log(`\n== ${role} (claude -p, the scripted model)`);
  const model = await startScriptedModel(script);
  try {
    const out = await runHeadless(proj, model.url, prompt);
    const result = JSON.parse(out.result);
    if (out.is_error || result.errors.length) throw new Error(`${role}: ${JSON.stringify(result.errors)}`);
    console.log(`  ${role}: ${result.summary} (session ${out.session_id})`);
    return out.session_id;
  } finally {
    await model.close();
  }
}

const planner = await agent('technical-planner', `Plan ${TICKET}`, [
  () => call('technical-planner', 'sciorex_get_ticket', { ticketId: TICKET }, 'reads the ticket'),
  () => call('technical-planner', 'sciorex_add_subtask', { ticketId: TICKET, title: 'Document the avatar upload API' },
    'adds a step the plan lacked'),
  () => call('technical-planner', 'sciorex_list_subtasks', { ticketId: TICKET }, 'reads the plan back'),
  (req) => call('technical-planner', 'sciorex_add_comment', {
    ticketId: TICKET, comment: `Plan: ${parsed(req).subtasks.length} steps; the upload endpoint first, then the crop, thumbnails and docs.`,
  }, 'records the plan'),
  finish('technical-planner', 'planned'),
]);

// The developer's turns after reading the plan: per subtask, start it, complete it, report.
let subtasks = [];
const developerScript = (req, k) => {
  const fixed = [
    () => call('feature-developer', 'sciorex_get_ready_tickets', {}, 'looks for work'),
    () => call('feature-developer', 'sciorex_change_status',
      { ticketId: TICKET, status: 'in_progress', comment: 'Starting on the avatar upload' }, 'claims it'),
    () => call('feature-developer', 'sciorex_list_subtasks', { ticketId: TICKET }, 'reads the plan'),
  ];
  if (k < fixed.length) return fixed[k]();
  if (k === fixed.length) subtasks = parsed(req).subtasks;
  const j = k - fixed.length;
  const s = subtasks[Math.floor(j / 3)];
  if (s) {
    const pct = Math.round((100 * (Math.floor(j / 3) + 1)) / subtasks.length);
    return [
      () => call('feature-developer', 'sciorex_update_subtask', { ticketId: TICKET, subtaskId: s.id, status: 'in_progress' }, `starts ${s.id}`),
      () => call('feature-developer', 'sciorex_complete_subtask', { ticketId: TICKET, subtaskId: s.id }, `completes ${s.id}`),
      () => call('feature-developer', 'sciorex_report_progress', { ticketId: TICKET, message: `Done: ${s.title}`, percentage: pct }, 'reports'),
    ][j % 3]();
  }
  const rest = [
    () => call('feature-developer', 'sciorex_link_resource', {
      ticketId: TICKET, url: 'https://github.com/acme/app/pull/314', kind: 'pr', title: 'Avatar upload',
    }, 'links the PR'),
    () => call('feature-developer', 'sciorex_add_comment', {
      ticketId: TICKET, comment: 'Thumbnails are generated on upload; the old avatar is deleted on re-upload.',
    }, 'comments'),
    () => call('feature-developer', 'sciorex_change_status',
      { ticketId: TICKET, status: 'in_review', comment: 'Ready for review' }, 'hands it to review'),
    () => finish('feature-developer', 'in review')(req),
  ];
  const r = rest[j - 3 * subtasks.length];
  return r ? r() : { text: 'Done.' };
};
const developer = await agent('feature-developer', `Implement ${TICKET}`, developerScript);

const reviewer = await agent('code-reviewer', `Review ${TICKET}`, [
  () => call('code-reviewer', 'sciorex_get_ticket', { ticketId: TICKET }, 'reads the ticket'),
  () => call('code-reviewer', 'sciorex_list_subtasks', { ticketId: TICKET }, 'checks the subtasks'),
  () => call('code-reviewer', 'sciorex_add_comment', {
    ticketId: TICKET, comment: 'Reviewed against the acceptance criteria: all met, tests cover the crop and the thumbnails.',
  }, 'records the review'),
  () => call('code-reviewer', 'sciorex_change_status', { ticketId: TICKET, status: 'done', comment: 'Approved' }, 'approves'),
  finish('code-reviewer', 'done'),
]);

// The store, read through the command line: what Claude Code's MCP client really did.
const t = showTicket(proj, TICKET);
const problems = [];
const expect = (ok, what) => { if (!ok) problems.push(what); };
expect(t.status === 'done', `status is ${t.status}, not done`);
expect(t.subtasks.length >= 1 && t.subtasks.every((s) => s.status === 'done'), 'a subtask is not done');
expect(t.subtasks.some((s) => s.title === 'Document the avatar upload API'), "the planner's subtask is missing");
expect(t.resources.some((r) => r.url === 'https://github.com/acme/app/pull/314'), 'the PR is not linked');
const sessions = t.sessions.filter((s) => s.host === 'claude-code').map((s) => s.sessionId);
for (const [role, id] of [['planner', planner], ['developer', developer], ['reviewer', reviewer]]) {
  expect(sessions.includes(id), `the ${role}'s session ${id} is not linked`);
}
const agents = new Set(t.history.filter((h) => h.actor.type === 'agent').map((h) => h.actor.id));
expect(agents.size === 1 && agents.has('claude-code'), `changes by agents other than claude-code: ${[...agents]}`);
if (problems.length) {
  console.error(`\nclaude-code demo: the store disagrees: ${problems.join('; ')}`);
  process.exit(1);
}
console.log(`\n${TICKET} is done: ${t.subtasks.length} subtasks done, the PR linked, 3 Claude Code sessions linked`);
