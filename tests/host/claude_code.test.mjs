// The real Claude Code as the host of both servers, offline, in print mode (`claude -p`), as agents
// in scripts and flows run it. The scripted model endpoint decides each tool call; the store, read
// through our own command line afterwards, says what Claude Code's MCP client really did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../interop/helpers.mjs';
import { startScriptedModel, toolResults } from './scripted_model.mjs';
import { makeProject, parseResult, runClaude, runHeadless, sciorex, showTicket, tool } from './host.mjs';

const T = (name) => tool('sciorex-tickets', name);
const lastResult = (req) => {
  const all = toolResults(req);
  return all[all.length - 1];
};

test('claude mcp list shows both servers connected', async (t) => {
  const proj = makeProject('list');
  t.after(proj.remove);
  const model = await startScriptedModel([]);
  t.after(model.close);
  const r = await runClaude(proj, model.url, ['mcp', 'list']);
  assert.equal(r.code, 0, r.stderr);
  for (const s of ['sciorex-tickets', 'sciorex-interactions']) {
    assert.match(r.stdout, new RegExp(`^${s}: .*Connected`, 'm'), r.stdout);
  }
});

test("the seed's developer flow through Claude Code's own MCP client", async (t) => {
  const proj = makeProject('dev');
  t.after(proj.remove);
  let id;
  let subtaskIds = [];
  const model = await startScriptedModel([
    { text: 'Creating the ticket.', tools: [{ name: T('sciorex_create_ticket'), input: {
      title: 'Add rate limiting to the API', description: '- [ ] 100 requests per minute\n- [ ] 429 with Retry-After',
      type: 'feature', priority: 'high', subtasks: ['Write the limiter', 'Wire it into the router', 'Test the 429'] } }] },
    (req) => {
      const created = parseResult(lastResult(req).text);
      id = created.id;
      subtaskIds = created.subtasks.map((s) => s.id);
      return { tools: [
        { name: T('sciorex_change_status'), input: { ticketId: id, status: 'planned' } },
        { name: T('sciorex_add_comment'), input: { ticketId: id, comment: 'Plan: token bucket per key, in middleware.' } },
      ] };
    },
    () => ({ tools: [{ name: T('sciorex_change_status'), input: { ticketId: id, status: 'in_progress' } }] }),
    () => ({ tools: subtaskIds.map((s) => ({ name: T('sciorex_complete_subtask'), input: { ticketId: id, subtaskId: s } })) }),
    () => ({ tools: [
      { name: T('sciorex_report_progress'), input: { ticketId: id, message: 'All subtasks done; tests pass', percentage: 100 } },
      { name: T('sciorex_link_resource'), input: { ticketId: id, url: 'https://github.com/acme/api/pull/42', kind: 'pr', title: 'Rate limiting' } },
    ] }),
    () => ({ tools: [{ name: T('sciorex_change_status'), input: { ticketId: id, status: 'in_review', comment: 'Ready for review' } }] }),
    (req) => ({ text: `Moved to review. Errors: ${JSON.stringify(toolResults(req).filter((r) => r.isError).map((r) => r.text))}` }),
  ]);
  t.after(model.close);

  const out = await runHeadless(proj, model.url, 'Implement the rate limiting ticket');
  assert.equal(out.is_error, false, JSON.stringify(out));
  assert.equal(out.result, 'Moved to review. Errors: []');

  const ticket = showTicket(proj, id);
  assert.equal(ticket.status, 'in_review');
  assert.deepEqual(ticket.subtasks.map((s) => s.status), ['done', 'done', 'done']);
  assert.equal(ticket.comments.length >= 1, true);
  assert.match(ticket.comments.map((c) => c.text ?? c.content ?? '').join('\n'), /token bucket/);
  assert.deepEqual(ticket.resources.map((r) => r.url), ['https://github.com/acme/api/pull/42']);
  const actions = ticket.history.map((h) => h.action);
  for (const a of ['created', 'status_changed', 'subtask_completed', 'progress_reported']) assert.ok(actions.includes(a), a);
  // every change came through Claude Code's MCP client, and says so
  assert.deepEqual([...new Set(ticket.history.map((h) => `${h.actor.type} ${h.actor.id}`))], ['agent claude-code']);
  // the conversation linked itself to the ticket: the session id Claude Code reported, once
  assert.match(out.session_id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(ticket.sessions.map((l) => [l.sessionId, l.host]), [[out.session_id, 'claude-code']]);
  assert.equal(ticket.lastSessionId, out.session_id);
  assert.equal(ticket.history.filter((h) => h.action === 'session_linked').length, 1);
  // and `show` says how to go back to it
  assert.match(sciorex(proj, 'sciorex-tickets', ['show', id]), new RegExp(`claude --resume ${out.session_id}`));
});

test("a long list answer stays within Claude Code's limit for tool output", async (t) => {
  const proj = makeProject('long');
  t.after(proj.remove);
  const docs = [];
  for (let i = 1; i <= 300; i++) {
    docs.push([`id: T-${String(i).padStart(3, '0')}`, `title: "Ticket ${i}: ${'a long title that fills the row to the brim '.repeat(11)}"`, 'labels: [backend, api, performance, security]',
      `description: "${'Long description text. '.repeat(40)}"`, 'status: backlog'].join('\n'));
  }
  const yaml = [docs.join('\n---\n')];
  const file = `${proj.dir}/many.yaml`;
  (await import('node:fs')).writeFileSync(file, `${yaml[0]}\n`);
  sciorex(proj, 'sciorex-tickets', ['import', file]);
  const model = await startScriptedModel([
    { tools: [{ name: T('sciorex_list_tickets'), input: { limit: 200 } }] },
    (req) => {
      const r = lastResult(req);
      const page = parseResult(r.text);
      return { text: JSON.stringify({ isError: r.isError, length: r.text.length, parsed: page !== undefined, rows: page?.tickets?.length, next: page?.nextCursor ?? null }) };
    },
  ]);
  t.after(model.close);
  const out = await runHeadless(proj, model.url, 'List the tickets');
  const seen = JSON.parse(out.result);
  assert.equal(seen.isError, false);
  // Claude Code keeps the whole answer (no "exceeds maximum allowed tokens" in its place): it parses
  assert.equal(seen.parsed, true, JSON.stringify(seen));
  // the largest page, its titles cut to fit, with the cursor to the rest
  assert.ok(seen.rows === 200, JSON.stringify(seen));
  assert.ok(seen.next, 'a cursor to the next page');
});

test('a question asked headless waits in the inbox, and the answer given there returns to the agent', async (t) => {
  const proj = makeProject('ask');
  t.after(proj.remove);
  const model = await startScriptedModel([
    { tools: [{ name: tool('sciorex-interactions', 'sciorex_ask_user'), input: {
      question: 'Which storage backend?', context: 'Avatars need a home', options: ['S3', 'GCS', 'Local disk'],
      responseType: 'single', allowCustomText: false, urgency: 'blocking', timeoutSeconds: 60 } }] },
    (req) => ({ text: lastResult(req).text }),
  ]);
  t.after(model.close);
  const run = runHeadless(proj, model.url, 'Ask which storage to use');
  // Claude Code's print mode declares elicitation and cancels the form at once: the question must
  // stay pending for a person, not come back skipped
  const pending = await waitFor(() => JSON.parse(sciorex(proj, 'sciorex-interactions', ['inbox', '--json']))
    .items.find((i) => i.kind === 'question' && i.status === 'pending'),
  { timeoutMs: 60_000, intervalMs: 200, what: 'the question in the inbox' });
  sciorex(proj, 'sciorex-interactions', ['answer', pending.interactionId, '--option', 'S3']);
  const out = await run;
  const answer = JSON.parse(out.result);
  assert.deepEqual(answer.selectedOptions, ['S3']);
  assert.equal(answer.skipped, false);
  assert.equal(answer.answeredVia, 'inbox');
});
