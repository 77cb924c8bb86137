// Interop: the official SDK clients drive sciorex-tickets (build/bin) on a temporary workspace.
// v1 (@modelcontextprotocol/sdk, 2025-11-25) over stdio and Streamable HTTP: the 24 tools with
// their schemas, a planner/developer/reviewer workflow with history actors, an invalid transition,
// the ticket as a resource, the plan_ticket prompt, and a resource subscription fired by a second
// server process on the same workspace. v2 (@modelcontextprotocol/client, pinned to 2026-07-28):
// a few stateless tool calls. Every structuredContent received is validated against the tool's
// outputSchema (from tools/list) with Ajv.
// Run with Node 22: bash tests/interop/run.sh tests/interop/tickets.test.mjs
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv from 'ajv';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { Client as ClientV2, StreamableHTTPClientTransport as HttpTransportV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioTransportV2 } from '@modelcontextprotocol/client/stdio';
import {
  binariesMissing, makeWorkspace, removeWorkspace, REQUEST_TIMEOUT, ROOT, runCli, serverCommand, startHttpServer,
  storeArgs, TEST_TIMEOUT, textOf, TICKETS, TRANSPORTS, waitFor, within,
} from './helpers.mjs';

const opts = { timeout: REQUEST_TIMEOUT };
const SKIP = binariesMissing(TICKETS);
// The tools a client without MCP Apps is offered: every schema file but the app-only ones and those
// that exist only for the views (issue 15), which the SDK clients here do not declare.
const SCHEMA_NAMES = readdirSync(path.join(ROOT, 'schemas/tickets')).filter((f) => f.endsWith('.json'))
  .filter((f) => {
    const def = JSON.parse(readFileSync(path.join(ROOT, 'schemas/tickets', f), 'utf8'));
    const visibility = def._meta?.ui?.visibility ?? ['model', 'app'];
    return !def['x-requiresExtension'] && visibility.includes('model');
  })
  .map((f) => f.replace(/\.json$/, '')).sort();

// Ajv 8 (the SDK's own dependency, hoisted to node_modules/ajv): draft-07 default dialect, which
// the schemas use (no $schema); strict off for annotation keywords such as "examples".
const ajv = new Ajv({ strict: false, allErrors: true });

/** Compiles every tool's outputSchema; returns {validate(name, value)} plus a count of checks. */
function outputValidators(tools) {
  const byName = new Map(tools.map((t) => [t.name, ajv.compile(t.outputSchema)]));
  const stats = { checked: 0 };
  return {
    stats,
    check(name, structured) {
      const v = byName.get(name);
      assert.ok(v, `no outputSchema for ${name}`);
      if (!v(structured)) {
        assert.fail(`${name}: structuredContent does not match its outputSchema: ${ajv.errorsText(v.errors)}\n` +
          JSON.stringify(structured).slice(0, 2000));
      }
      stats.checked += 1;
    },
  };
}

/** Starts sciorex-tickets on `workspace` and connects a v1 client named `name` over `kind`. */
async function connectV1(kind, workspace, name) {
  let server;
  let transport;
  let stderr = '';
  const args = storeArgs(workspace);
  if (kind === 'http') {
    server = await startHttpServer({ command: serverCommand(TICKETS, [...args, '--http', '--host', '127.0.0.1', '--port', '0']) });
    transport = new StreamableHTTPClientTransport(server.url);
  } else {
    transport = new StdioClientTransport({ command: TICKETS, args, cwd: workspace, stderr: 'pipe' });
    transport.stderr?.setEncoding('utf8').on('data', (d) => { stderr = (stderr + d).slice(-20_000); });
  }
  const client = new Client({ name, version: '1.0.0' }, { capabilities: {} });
  await within(TEST_TIMEOUT, client.connect(transport, opts), `connect over ${kind}`).catch(async (e) => {
    await server?.stop();
    throw new Error(`${e.message}\n--- server output ---\n${server ? server.output() : stderr}`);
  });
  return {
    client,
    server,
    output: () => (server ? server.output() : stderr),
    async close() {
      await client.close().catch(() => {});
      await server?.stop();
    },
  };
}

for (const kind of TRANSPORTS) {
  describe(`sciorex-tickets: sdk v1 client over ${kind}`, { skip: SKIP, timeout: 120_000 }, () => {
    let workspace;
    let c; // the planner's connection, which also reads and subscribes
    let tools;
    let outputs;

    /** callTool that validates structuredContent; asserts success unless {error: true}. */
    async function call(client, name, args, { error = false } = {}) {
      const res = await client.callTool({ name, arguments: args }, undefined, opts);
      if (res.structuredContent !== undefined) outputs.check(name, res.structuredContent);
      if (error) assert.equal(res.isError, true, `${name} should fail: ${JSON.stringify(res)}`);
      else assert.notEqual(res.isError, true, `${name}: ${textOf(res)}`);
      return res;
    }

    before(async () => {
      workspace = makeWorkspace('sciorex-tickets-interop');
      c = await connectV1(kind, workspace, 'technical-planner');
    });
    after(async () => {
      await c?.close();
      if (outputs) console.log(`# ${kind}: ${outputs.stats.checked} structuredContent answers validated against their outputSchema`);
      removeWorkspace(workspace);
    });

    test('initialize: server info, capabilities (resources with subscribe)', { timeout: TEST_TIMEOUT }, () => {
      assert.equal(c.client.getServerVersion()?.name, 'sciorex-tickets');
      const caps = c.client.getServerCapabilities() ?? {};
      for (const k of ['tools', 'resources', 'prompts', 'completions', 'logging']) assert.ok(caps[k], `capability ${k}`);
      assert.equal(caps.resources.subscribe, true);
    });

    test('tools/list: the 24 tools, each with input and output schema', { timeout: TEST_TIMEOUT }, async () => {
      ({ tools } = await c.client.listTools(undefined, opts));
      assert.deepEqual(tools.map((t) => t.name).sort(), SCHEMA_NAMES);
      assert.equal(tools.length, 24);
      for (const t of tools) {
        assert.equal(t._meta?.ui, undefined, `${t.name}: no MCP Apps _meta for a client without the extension`);
        assert.equal(t.inputSchema?.type, 'object', `${t.name} inputSchema`);
        assert.equal(t.outputSchema?.type, 'object', `${t.name} outputSchema`);
        assert.ok(t.description && t.description.length < 2048, `${t.name} description under 2 KB`);
        assert.equal(typeof t.annotations?.readOnlyHint, 'boolean', `${t.name} readOnlyHint`);
      }
      outputs = outputValidators(tools); // compiles: every outputSchema is a valid schema
    });

    test('workflow: create with subtasks, plan, start, tick off by title, review, done; history names the actors',
      { timeout: 60_000 }, async () => {
        assert.ok(outputs, 'tools/list ran first');
        const created = await call(c.client, 'sciorex_create_ticket', {
          title: 'Add user profile avatar upload', type: 'feature', priority: 'high', labels: ['frontend'],
          description: '## Acceptance Criteria\n- [ ] User can upload image from profile settings',
          subtasks: ['Design upload UI', 'Implement backend upload endpoint'],
        });
        const t = created.structuredContent;
        assert.match(t.id, /^T-\d{3,}$/);
        assert.equal(t.status, 'backlog');
        assert.deepEqual(t.subtasks.map((s) => [s.title, s.completed]),
          [['Design upload UI', false], ['Implement backend upload endpoint', false]]);
        const id = t.id;

        const got = await call(c.client, 'sciorex_get_ticket', { ticketId: id });
        assert.equal(got.structuredContent.title, 'Add user profile avatar upload');
        assert.equal(got.structuredContent.priority, 'high');

        // the planner adds a step and plans it
        await call(c.client, 'sciorex_add_subtask', { ticketId: id, title: 'Write tests' });
        await call(c.client, 'sciorex_change_status', { ticketId: id, status: 'planned' });

        // a developer (another client name, on the same connection kind and workspace)
        const dev = await connectV1(kind, workspace, 'feature-developer');
        try {
          const started = await call(dev.client, 'sciorex_change_status', { ticketId: id, status: 'in_progress' });
          assert.equal(started.structuredContent.status, 'in_progress');
          // by partial, case-insensitive title
          for (const title of ['design UPLOAD', 'backend upload', 'write tests']) {
            const done = await call(dev.client, 'sciorex_complete_subtask', { ticketId: id, title });
            assert.equal(done.structuredContent.subtask.completed, true, title);
            assert.ok(done.structuredContent.subtask.completedAt, `${title}: completedAt`);
          }
          const list = await call(dev.client, 'sciorex_list_subtasks', { ticketId: id });
          assert.deepEqual([list.structuredContent.total, list.structuredContent.completed, list.structuredContent.percentage], [3, 3, 100]);
          await call(dev.client, 'sciorex_report_progress', { ticketId: id, message: 'All subtasks done', percentage: 100 });
          await call(dev.client, 'sciorex_change_status', { ticketId: id, status: 'in_review', comment: 'Ready for review' });
        } finally {
          await dev.close();
        }

        // the reviewer
        const rev = await connectV1(kind, workspace, 'code-reviewer');
        try {
          await call(rev.client, 'sciorex_add_comment', { ticketId: id, comment: 'Looks good: every criterion is met.' });
          const done = await call(rev.client, 'sciorex_change_status', { ticketId: id, status: 'done' });
          assert.equal(done.structuredContent.status, 'done');
          assert.ok(done.structuredContent.completedAt, 'completedAt set on done');
        } finally {
          await rev.close();
        }

        const final = (await call(c.client, 'sciorex_get_ticket', { ticketId: id, historyLimit: 100 })).structuredContent;
        const h = final.history;
        const statusBy = Object.fromEntries(h.filter((e) => e.action === 'status_changed').map((e) => [e.details.to, e.actor]));
        assert.deepEqual(h.find((e) => e.action === 'created')?.actor, { type: 'agent', id: 'technical-planner' });
        assert.deepEqual(statusBy.planned, { type: 'agent', id: 'technical-planner' });
        assert.deepEqual(statusBy.in_progress, { type: 'agent', id: 'feature-developer' });
        assert.deepEqual(statusBy.in_review, { type: 'agent', id: 'feature-developer' });
        assert.deepEqual(statusBy.done, { type: 'agent', id: 'code-reviewer' });
        const transitions = h.filter((e) => e.action === 'status_changed').map((e) => `${e.details.from}->${e.details.to}`);
        for (const step of ['backlog->planned', 'planned->in_progress', 'in_progress->in_review', 'in_review->done']) {
          assert.ok(transitions.includes(step), `history has ${step}: ${transitions}`);
        }
        const devEntries = h.filter((e) => e.actor.id === 'feature-developer').map((e) => e.action);
        assert.ok(devEntries.length >= 5, `the developer's entries: ${devEntries}`);
        const review = final.comments.find((cm) => /every criterion/.test(cm.text));
        assert.deepEqual(review?.author, { type: 'agent', id: 'code-reviewer' }, JSON.stringify(final.comments));
      });

    test('an invalid transition is isError naming the allowed targets', { timeout: TEST_TIMEOUT }, async () => {
      const t = (await call(c.client, 'sciorex_create_ticket', { title: 'Transition check' })).structuredContent;
      const res = await call(c.client, 'sciorex_change_status', { ticketId: t.id, status: 'done' }, { error: true });
      const text = textOf(res);
      assert.match(text, /Invalid status transition/);
      assert.match(text, /planned/);
      assert.match(text, /cancelled/);
      const still = await call(c.client, 'sciorex_get_ticket', { ticketId: t.id });
      assert.equal(still.structuredContent.status, 'backlog');
    });

    test('an unknown ticket id is isError saying how to find ids', { timeout: TEST_TIMEOUT }, async () => {
      const res = await call(c.client, 'sciorex_get_ticket', { ticketId: 'T-999' }, { error: true });
      assert.match(textOf(res), /T-999/);
      assert.match(textOf(res), /sciorex_(list|search)_tickets/);
    });

    test('resources/read sciorex://tickets/{id}: the ticket as markdown', { timeout: TEST_TIMEOUT }, async () => {
      const { contents } = await c.client.readResource({ uri: 'sciorex://tickets/T-001' }, opts);
      assert.equal(contents.length, 1);
      assert.equal(contents[0].uri, 'sciorex://tickets/T-001');
      assert.equal(contents[0].mimeType, 'text/markdown');
      assert.match(contents[0].text, /^# T-001: Add user profile avatar upload/);
      assert.match(contents[0].text, /Design upload UI/);
      const { resources } = await c.client.listResources(undefined, opts);
      assert.ok(resources.some((r) => r.uri === 'sciorex://tickets/T-001'), JSON.stringify(resources.map((r) => r.uri)));
    });

    test('prompts/get plan_ticket carries the ticket', { timeout: TEST_TIMEOUT }, async () => {
      const { prompts } = await c.client.listPrompts(undefined, opts);
      assert.deepEqual(prompts.map((p) => p.name).sort(), ['fix_bug', 'implement_ticket', 'plan_ticket', 'review_ticket']);
      const { messages } = await c.client.getPrompt({ name: 'plan_ticket', arguments: { ticketId: 'T-001' } }, opts);
      const text = messages.map((m) => m.content?.text ?? m.content?.resource?.text ?? '').join('\n');
      assert.match(text, /T-001/);
      assert.match(text, /sciorex_add_subtask/);
      assert.match(text, /Add user profile avatar upload/);
      const done = await c.client.complete({ ref: { type: 'ref/prompt', name: 'plan_ticket' }, argument: { name: 'ticketId', value: 'T-00' } }, opts);
      assert.ok(done.completion.values.includes('T-001'), JSON.stringify(done));
    });

    test('a subscription fires when a second server process changes the ticket', { timeout: 30_000 }, async () => {
      const uri = 'sciorex://tickets/T-002';
      const updates = [];
      c.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => { updates.push(n.params.uri); });
      await c.client.subscribeResource({ uri }, opts);
      // another process: always stdio, its own server on the same workspace
      const other = await connectV1('stdio', workspace, 'second-process-agent');
      try {
        await call(other.client, 'sciorex_add_comment', { ticketId: 'T-002', comment: 'changed elsewhere' });
      } finally {
        await other.close();
      }
      await waitFor(() => updates.includes(uri), { timeoutMs: 10_000, what: `notifications/resources/updated for ${uri}` });
      const { contents } = await c.client.readResource({ uri }, opts);
      assert.match(contents[0].text, /changed elsewhere/);
      // the comment's history entry names the other process's client
      const t = (await call(c.client, 'sciorex_get_ticket', { ticketId: 'T-002' })).structuredContent;
      assert.ok(t.history.some((e) => e.actor.id === 'second-process-agent'), JSON.stringify(t.history));
      await c.client.unsubscribeResource({ uri }, opts);
    });

    test('the command line sees what the clients wrote (show, list --json)', { timeout: TEST_TIMEOUT }, async () => {
      const shown = await runCli(TICKETS, [...storeArgs(workspace), 'show', 'T-001']);
      assert.equal(shown.code, 0, shown.stderr);
      assert.match(shown.stdout, /Status: done/);
      assert.match(shown.stdout, /code-reviewer/);
      const listed = await runCli(TICKETS, [...storeArgs(workspace), 'list', '--json']);
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual(JSON.parse(listed.stdout).items.map((t) => t.id).sort(), ['T-001', 'T-002']);
    });
  });

  describe(`sciorex-tickets: sdk v2 client pinned to 2026-07-28 over ${kind}`, { skip: SKIP, timeout: 60_000 }, () => {
    let workspace;
    let server;
    let client;
    let stderr = '';
    before(async () => {
      workspace = makeWorkspace('sciorex-tickets-interop-v2');
      const args = storeArgs(workspace);
      let transport;
      if (kind === 'http') {
        server = await startHttpServer({ command: serverCommand(TICKETS, [...args, '--http', '--host', '127.0.0.1', '--port', '0']) });
        transport = new HttpTransportV2(server.url);
      } else {
        transport = new StdioTransportV2({ command: TICKETS, args, cwd: workspace, stderr: 'pipe' });
        transport.stderr?.setEncoding('utf8').on('data', (d) => { stderr = (stderr + d).slice(-20_000); });
      }
      client = new ClientV2({ name: 'stateless-agent', version: '2.0.0' },
        { capabilities: {}, versionNegotiation: { mode: { pin: '2026-07-28' } } });
      await within(TEST_TIMEOUT, client.connect(transport, opts), `connect over ${kind}`).catch((e) => {
        throw new Error(`${e.message}\n--- server output ---\n${server ? server.output() : stderr}`);
      });
    });
    after(async () => {
      await client?.close().catch(() => {});
      await server?.stop();
      removeWorkspace(workspace);
    });

    test('stateless: discover, list tools, create and search a ticket; the client is the actor', { timeout: TEST_TIMEOUT }, async () => {
      assert.equal(client.getProtocolEra(), 'modern');
      assert.equal(client.getNegotiatedProtocolVersion(), '2026-07-28');
      assert.equal(client.getServerVersion()?.name, 'sciorex-tickets');
      const { tools } = await client.listTools(undefined, opts);
      assert.equal(tools.length, 24);
      const outputs = outputValidators(tools);
      const created = await client.callTool({ name: 'sciorex_create_ticket', arguments: { title: 'Fix login timeout on slow connections', type: 'bug', priority: 'high' } }, opts);
      assert.notEqual(created.isError, true, textOf(created));
      outputs.check('sciorex_create_ticket', created.structuredContent);
      const id = created.structuredContent.id;
      const found = await client.callTool({ name: 'sciorex_search_tickets', arguments: { query: 'LOGIN timeout' } }, opts);
      outputs.check('sciorex_search_tickets', found.structuredContent);
      assert.deepEqual(found.structuredContent.tickets.map((t) => t.id), [id]);
      const got = await client.callTool({ name: 'sciorex_get_ticket', arguments: { ticketId: id } }, opts);
      outputs.check('sciorex_get_ticket', got.structuredContent);
      assert.deepEqual(got.structuredContent.history[0].actor, { type: 'agent', id: 'stateless-agent' });
      const bad = await client.callTool({ name: 'sciorex_change_status', arguments: { ticketId: id, status: 'in_review' } }, opts);
      assert.equal(bad.isError, true);
      assert.match(textOf(bad), /Invalid status transition.*planned/s);
    });
  });
}

describe('examples/stdio-session: the scripted session, played by its run.sh', { skip: SKIP, timeout: 60_000 }, () => {
  test('every request answered in order; only the invalid transition is an error', { timeout: 30_000 }, async () => {
    const r = await runCli('/bin/bash', [path.join(ROOT, 'examples/stdio-session/run.sh')], { timeoutMs: 25_000 });
    assert.equal(r.code, 0, r.stderr);
    // answers, and any notification the server sent meanwhile (resources/list_changed)
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.every((l) => l.id !== undefined || typeof l.method === 'string'), r.stdout);
    const answers = lines.filter((l) => l.id !== undefined);
    assert.deepEqual(answers.map((a) => a.id), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.ok(answers.every((a) => a.error === undefined), JSON.stringify(answers.filter((a) => a.error)));
    assert.deepEqual(answers.filter((a) => a.result.isError).map((a) => a.id), [7]);
    assert.match(answers[6].result.content[0].text, /Invalid status transition.*Allowed: planned, in_review, done, cancelled/);
    assert.deepEqual([answers[7].result.structuredContent.completed, answers[7].result.structuredContent.total], [1, 2]);
    assert.match(answers[8].result.contents[0].text, /agent scripted-session/);
  });
});
