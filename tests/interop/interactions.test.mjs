// Interop: the official SDK clients drive sciorex-interactions (build/bin) on a temporary
// workspace, along every path a question can take (issue 4's Tests):
//  - the form: a client that declares elicitation fills it (v1, 2025-11-25: an elicitation/create
//    request; v2 pinned to 2026-07-28: an input_required result the client fulfils and retries);
//    a form it cancels is no answer: the call waits for the one given in the inbox;
//  - the inbox: a client without elicitation waits while a person answers from the command line
//    in another process (`sciorex-interactions answer`), found with `inbox --json`;
//  - a timeout (status pending), then the answer fetched later with sciorex_get_interaction;
//  - a cancellation (AbortSignal) withdraws the question;
//  - ten questions waiting at once, answered out of order, each call getting its own answer;
//  - notify_user with and without logging/setLevel.
// Every structuredContent is validated against the tool's outputSchema (tools/list) with Ajv.
// Run with Node 22: bash tests/interop/run.sh tests/interop/interactions.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Ajv from 'ajv';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { Client as ClientV2, StreamableHTTPClientTransport as HttpTransportV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioTransportV2 } from '@modelcontextprotocol/client/stdio';
import {
  binariesMissing, INTERACTIONS, makeWorkspace, removeWorkspace, REQUEST_TIMEOUT, runCli, serverCommand,
  startHttpServer, TEST_TIMEOUT, textOf, TICKETS, TRANSPORTS, waitFor, within,
} from './helpers.mjs';

const opts = { timeout: REQUEST_TIMEOUT };
const SKIP = binariesMissing(INTERACTIONS, TICKETS);
const ajv = new Ajv({ strict: false, allErrors: true });

/** Starts sciorex-interactions on `workspace` over `kind` and connects `client` (v1 or v2) to it. */
async function connect(kind, workspace, client, { v2 = false } = {}) {
  let server;
  let transport;
  let stderr = '';
  const args = ['--workspace', workspace];
  if (kind === 'http') {
    server = await startHttpServer({ command: serverCommand(INTERACTIONS, [...args, '--http', '--host', '127.0.0.1', '--port', '0']) });
    transport = v2 ? new HttpTransportV2(server.url) : new StreamableHTTPClientTransport(server.url);
  } else {
    const params = { command: INTERACTIONS, args, cwd: workspace, stderr: 'pipe' };
    transport = v2 ? new StdioTransportV2(params) : new StdioClientTransport(params);
    transport.stderr?.setEncoding('utf8').on('data', (d) => { stderr = (stderr + d).slice(-20_000); });
  }
  await within(TEST_TIMEOUT, client.connect(transport, opts), `connect over ${kind}`).catch(async (e) => {
    await server?.stop();
    throw new Error(`${e.message}\n--- server output ---\n${server ? server.output() : stderr}`);
  });
  // validators for every tool's outputSchema, as served
  const { tools } = await client.listTools(undefined, opts);
  const validators = new Map(tools.map((t) => [t.name, ajv.compile(t.outputSchema)]));
  return {
    client,
    tools,
    output: () => (server ? server.output() : stderr),
    check(name, res) {
      const v = validators.get(name);
      assert.ok(v, `no outputSchema for ${name}`);
      if (res.structuredContent !== undefined && !v(res.structuredContent)) {
        assert.fail(`${name}: structuredContent does not match its outputSchema: ${ajv.errorsText(v.errors)}\n` +
          JSON.stringify(res.structuredContent));
      }
      return res;
    },
    async close() {
      await client.close().catch(() => {});
      await server?.stop();
    },
  };
}

/** The command line for people, on `workspace`. */
function cli(workspace, ...args) {
  return runCli(INTERACTIONS, ['--workspace', workspace, ...args]);
}
async function inbox(workspace, ...flags) {
  const r = await cli(workspace, 'inbox', '--json', ...flags);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).items;  // {count, items}
}
/** Waits until the pending inbox holds a question whose summary is `summary`; returns its id. */
function pendingId(workspace, summary, timeoutMs = REQUEST_TIMEOUT) {
  return waitFor(async () => (await inbox(workspace)).find((i) => i.summary === summary && i.status === 'pending')?.interactionId,
    { timeoutMs, what: `"${summary}" in the inbox` });
}
async function answer(workspace, id, ...args) {
  const r = await cli(workspace, 'answer', id, ...args);
  assert.equal(r.code, 0, `answer ${id} ${args.join(' ')}: ${r.stderr}`);
  return r;
}

// ---------------------------------------------------------------- the form path
for (const kind of TRANSPORTS) {
  describe(`sciorex-interactions: form path, sdk v1 (2025-11-25, elicitation/create) over ${kind}`, { skip: SKIP, timeout: 60_000 }, () => {
    let workspace;
    let c;
    const forms = [];
    let reply = () => ({ action: 'cancel' });

    before(async () => {
      workspace = makeWorkspace('sciorex-interactions-form');
      const client = new Client({ name: 'form-agent-v1', version: '1.0.0' }, { capabilities: { elicitation: {} } });
      client.setRequestHandler(ElicitRequestSchema, async (req) => {
        forms.push(req.params);
        return reply(req.params);
      });
      c = await connect(kind, workspace, client);
    });
    after(async () => {
      await c?.close();
      removeWorkspace(workspace);
    });

    test('tools/list: the four tools with output schemas', { timeout: TEST_TIMEOUT }, () => {
      assert.deepEqual(c.tools.map((t) => t.name).sort(),
        ['sciorex_ask_user', 'sciorex_get_interaction', 'sciorex_notify_user', 'sciorex_request_approval']);
      for (const t of c.tools) assert.equal(t.outputSchema?.type, 'object', t.name);
      // No MCP Apps view for a client that does not declare the extension (issue 15).
      for (const t of c.tools) assert.equal(t._meta?.ui, undefined, t.name);
    });

    test('ask_user (single choice): the form offers the options, the answer comes back', { timeout: TEST_TIMEOUT }, async () => {
      forms.length = 0;
      reply = () => ({ action: 'accept', content: { choice: 'S3' } });
      const res = c.check('sciorex_ask_user', await c.client.callTool({
        name: 'sciorex_ask_user',
        arguments: { question: 'Store avatars in S3 or on local disk?', options: ['S3', 'Local disk'], urgency: 'blocking' },
      }, undefined, opts));
      assert.notEqual(res.isError, true, textOf(res));
      assert.equal(forms.length, 1);
      assert.match(forms[0].message, /Store avatars in S3 or on local disk\?/);
      assert.deepEqual(forms[0].requestedSchema.properties.choice.enum, ['S3', 'Local disk']);
      const s = res.structuredContent;
      assert.equal(s.status, 'answered');
      assert.equal(s.answeredVia, 'elicitation');
      assert.deepEqual(s.selectedOptions, ['S3']);
      assert.equal(s.skipped, false);
      assert.match(textOf(res), /S3/);
      // stored: the inbox knows it was answered through the form
      const item = (await inbox(workspace, '--all')).find((i) => i.interactionId === s.interactionId);
      assert.equal(item?.status, 'answered');
      assert.equal(item?.answeredVia, 'elicitation');
    });

    test('ask_user (text) accepted; declined is skipped', { timeout: TEST_TIMEOUT }, async () => {
      reply = () => ({ action: 'accept', content: { answer: '256px' } });
      let res = c.check('sciorex_ask_user', await c.client.callTool({
        name: 'sciorex_ask_user', arguments: { question: 'Largest thumbnail size?', responseType: 'text' },
      }, undefined, opts));
      assert.deepEqual([res.structuredContent.customText, res.structuredContent.skipped], ['256px', false]);
      reply = () => ({ action: 'decline' });
      res = c.check('sciorex_ask_user', await c.client.callTool({
        name: 'sciorex_ask_user', arguments: { question: 'Anything else?' },
      }, undefined, opts));
      assert.equal(res.structuredContent.status, 'answered');
      assert.equal(res.structuredContent.skipped, true);
    });

    test('request_approval: approved with a comment; an alternative chosen instead', { timeout: TEST_TIMEOUT }, async () => {
      forms.length = 0;
      reply = () => ({ action: 'accept', content: { approved: true, comment: 'go ahead' } });
      let res = c.check('sciorex_request_approval', await c.client.callTool({
        name: 'sciorex_request_approval',
        arguments: { action: 'Drop the avatars table', reason: 'It is replaced by S3', impact: 'high' },
      }, undefined, opts));
      assert.match(forms[0].message, /Drop the avatars table/);
      assert.equal(forms[0].requestedSchema.properties.approved.type, 'boolean');
      let s = res.structuredContent;
      assert.deepEqual([s.status, s.answeredVia, s.approved, s.selectedAlternative, s.userComment],
        ['answered', 'elicitation', true, null, 'go ahead']);
      reply = () => ({ action: 'accept', content: { approved: false, alternative: 'Rename it' } });
      res = c.check('sciorex_request_approval', await c.client.callTool({
        name: 'sciorex_request_approval',
        arguments: { action: 'Drop the users table', reason: 'cleanup', alternatives: ['Rename it', 'Archive it'] },
      }, undefined, opts));
      s = res.structuredContent;
      assert.deepEqual([s.approved, s.selectedAlternative], [false, 'Rename it']);
      assert.match(textOf(res), /Rename it/);
    });

    test('ask_user: a cancelled form is no answer; the call returns the one given in the inbox', { timeout: TEST_TIMEOUT }, async () => {
      forms.length = 0;
      reply = () => ({ action: 'cancel' });  // as Claude Code in print mode does at once
      const pending = c.client.callTool({
        name: 'sciorex_ask_user', arguments: { question: 'Cancelled in the form?', responseType: 'text' },
      }, undefined, opts);
      await waitFor(() => forms.length === 1, { what: 'the form' });
      const id = await pendingId(workspace, 'Cancelled in the form?');
      await answer(workspace, id, '--text', 'from the inbox');
      const s = c.check('sciorex_ask_user', await pending).structuredContent;
      assert.deepEqual([s.status, s.interactionId, s.answeredVia, s.customText, s.skipped],
        ['answered', id, 'inbox', 'from the inbox', false]);
    });
  });

  describe(`sciorex-interactions: form path, sdk v2 pinned to 2026-07-28 (input_required) over ${kind}`, { skip: SKIP, timeout: 60_000 }, () => {
    let workspace;
    let c;
    const forms = [];
    let reply = () => ({ action: 'cancel' });

    before(async () => {
      workspace = makeWorkspace('sciorex-interactions-form2026');
      const client = new ClientV2({ name: 'form-agent-v2', version: '2.0.0' },
        { capabilities: { elicitation: {} }, versionNegotiation: { mode: { pin: '2026-07-28' } } });
      // the client fulfils an input_required result's elicitation through this handler, then
      // retries the call with inputResponses and the echoed requestState
      client.setRequestHandler('elicitation/create', async (req) => {
        forms.push(req.params);
        return reply(req.params);
      });
      c = await connect(kind, workspace, client, { v2: true });
    });
    after(async () => {
      await c?.close();
      removeWorkspace(workspace);
    });

    test('ask_user: input_required, the form filled, one stored interaction answered', { timeout: TEST_TIMEOUT }, async () => {
      assert.equal(c.client.getNegotiatedProtocolVersion(), '2026-07-28');
      forms.length = 0;
      reply = () => ({ action: 'accept', content: { choices: ['PNG', 'GIF'], customText: 'and WebP' } });
      const res = c.check('sciorex_ask_user', await c.client.callTool({
        name: 'sciorex_ask_user',
        arguments: { question: 'Which formats?', responseType: 'multiple', options: ['JPEG', 'PNG', 'GIF'] },
      }, opts));
      assert.notEqual(res.isError, true, textOf(res));
      assert.equal(forms.length, 1, 'the handler ran once');
      assert.deepEqual(forms[0].requestedSchema.properties.choices.items.enum, ['JPEG', 'PNG', 'GIF']);
      const s = res.structuredContent;
      assert.deepEqual([s.status, s.answeredVia, s.selectedOptions, s.customText], ['answered', 'elicitation', ['PNG', 'GIF'], 'and WebP']);
      const all = (await inbox(workspace, '--all')).filter((i) => i.summary === 'Which formats?');
      assert.deepEqual(all.map((i) => [i.interactionId, i.status]), [[s.interactionId, 'answered']], 'stored once, answered');
    });

    test('request_approval: input_required, approved', { timeout: TEST_TIMEOUT }, async () => {
      reply = () => ({ action: 'accept', content: { approved: true } });
      const res = c.check('sciorex_request_approval', await c.client.callTool({
        name: 'sciorex_request_approval', arguments: { action: 'Deploy to staging', reason: 'Tests pass', impact: 'low' },
      }, opts));
      const s = res.structuredContent;
      assert.deepEqual([s.status, s.approved, s.answeredVia], ['answered', true, 'elicitation']);
    });

    test('request_approval: a cancelled form is no answer; the call returns the one given in the inbox', { timeout: TEST_TIMEOUT }, async () => {
      forms.length = 0;
      reply = () => ({ action: 'cancel' });  // as Claude Code in print mode does at once
      const pending = c.client.callTool({
        name: 'sciorex_request_approval', arguments: { action: 'Deploy to production', reason: 'Friday' },
      }, opts);
      await waitFor(() => forms.length === 1, { what: 'the form' });
      const id = await pendingId(workspace, 'Deploy to production');
      await answer(workspace, id, '--approve', '--comment', 'after lunch');
      const s = c.check('sciorex_request_approval', await pending).structuredContent;
      assert.deepEqual([s.status, s.interactionId, s.answeredVia, s.approved, s.userComment],
        ['answered', id, 'inbox', true, 'after lunch']);
    });

    test('request_approval: a declined form is not approved', { timeout: TEST_TIMEOUT }, async () => {
      reply = () => ({ action: 'decline' });
      const res = c.check('sciorex_request_approval', await c.client.callTool({
        name: 'sciorex_request_approval', arguments: { action: 'Deploy on Friday', reason: 'Friday' },
      }, opts));
      const s = res.structuredContent;
      assert.deepEqual([s.status, s.approved, s.answeredVia], ['answered', false, 'elicitation']);
    });
  });
}

// ---------------------------------------------------------------- the inbox path
for (const kind of TRANSPORTS) {
  describe(`sciorex-interactions: inbox path (no elicitation), sdk v1 over ${kind}`, { skip: SKIP, timeout: 120_000 }, () => {
    let workspace;
    let c;
    const logs = [];

    before(async () => {
      workspace = makeWorkspace('sciorex-interactions-inbox');
      // a ticket to link questions to
      const imported = await runCli(TICKETS, ['--workspace', workspace, 'import', 'examples/tickets/T-042.yaml']);
      assert.equal(imported.code, 0, imported.stdout + imported.stderr);
      const client = new Client({ name: 'feature-developer', version: '1.0.0' }, { capabilities: {} });
      client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => { logs.push(n.params); });
      c = await connect(kind, workspace, client);
    });
    after(async () => {
      await c?.close();
      removeWorkspace(workspace);
    });

    test('ask_user waits; a person answers from the command line in another process', { timeout: 30_000 }, async () => {
      const question = 'Crop avatars on the client or the server?';
      const progress = [];
      const call = c.client.callTool({
        name: 'sciorex_ask_user',
        arguments: { question, options: ['client', 'server'], ticketId: 'T-042', urgency: 'blocking', timeoutSeconds: 20 },
      }, undefined, { timeout: 25_000, onprogress: (p) => progress.push(p) });
      const id = await pendingId(workspace, question);
      assert.match(id, /^I-\d+$/);
      const listed = await cli(workspace, 'inbox');
      assert.match(listed.stdout, new RegExp(`${id}.*T-042.*${question.replace(/\?/, '\\?')}`));
      assert.match(listed.stdout, new RegExp(`answer: sciorex-interactions answer ${id}`));
      const answeredAt = Date.now();
      await answer(workspace, id, '--option', 'server');
      const res = c.check('sciorex_ask_user', await call);
      assert.ok(Date.now() - answeredAt < 2_000, 'the waiting call saw the answer within a second or so');
      const s = res.structuredContent;
      assert.deepEqual([s.status, s.interactionId, s.answeredVia, s.selectedOptions, s.skipped], ['answered', id, 'inbox', ['server'], false]);
      assert.ok(progress.length >= 1, 'a progress notification while waiting');
      // the ticket's history records the question
      const shown = await runCli(TICKETS, ['--workspace', workspace, 'show', 'T-042']);
      assert.match(shown.stdout, new RegExp(id));
    });

    test('request_approval waits; approved from the command line with a comment', { timeout: 30_000 }, async () => {
      const action = 'Delete the legacy avatar bucket';
      const call = c.client.callTool({
        name: 'sciorex_request_approval',
        arguments: { action, reason: 'Replaced by the new one', alternatives: ['Keep it read-only'], timeoutSeconds: 20 },
      }, undefined, { timeout: 25_000 });
      const id = await pendingId(workspace, action);
      await answer(workspace, id, '--approve', '--comment', 'after the backup');
      const s = c.check('sciorex_request_approval', await call).structuredContent;
      assert.deepEqual([s.status, s.approved, s.selectedAlternative, s.userComment, s.answeredVia],
        ['answered', true, null, 'after the backup', 'inbox']);
    });

    test('timeoutSeconds 1: status pending; answered later, fetched with sciorex_get_interaction', { timeout: 30_000 }, async () => {
      const question = 'Max upload size in MB?';
      const t0 = Date.now();
      const res = c.check('sciorex_ask_user', await c.client.callTool({
        name: 'sciorex_ask_user', arguments: { question, responseType: 'text', timeoutSeconds: 1 },
      }, undefined, opts));
      const waited = Date.now() - t0;
      assert.ok(waited >= 900 && waited < 5_000, `waited ${waited} ms`);
      assert.notEqual(res.isError, true, textOf(res));
      const { status, interactionId } = res.structuredContent;
      assert.equal(status, 'pending');
      assert.match(textOf(res), /sciorex_get_interaction/);
      let got = c.check('sciorex_get_interaction', await c.client.callTool({ name: 'sciorex_get_interaction', arguments: { interactionId } }, undefined, opts));
      assert.equal(got.structuredContent.status, 'pending');
      await answer(workspace, interactionId, '--text', '5');
      got = c.check('sciorex_get_interaction', await c.client.callTool({ name: 'sciorex_get_interaction', arguments: { interactionId } }, undefined, opts));
      const g = got.structuredContent;
      assert.deepEqual([g.kind, g.status, g.answeredVia, g.answer?.customText], ['question', 'answered', 'inbox', '5']);
      assert.deepEqual(g.askedBy, { type: 'agent', id: 'feature-developer' });
      assert.equal(g.answeredBy?.type, 'user');
    });

    test('a cancelled call (AbortSignal) withdraws its question', { timeout: 30_000 }, async () => {
      const question = 'Should I also resize GIF animations?';
      const ac = new AbortController();
      const call = c.client.callTool({ name: 'sciorex_ask_user', arguments: { question, timeoutSeconds: 20 } },
        undefined, { timeout: 25_000, signal: ac.signal });
      const id = await pendingId(workspace, question);
      ac.abort('the agent moved on');
      await assert.rejects(call);
      const item = await waitFor(async () => (await inbox(workspace, '--all')).find((i) => i.interactionId === id && i.status === 'withdrawn'),
        { timeoutMs: 5_000, what: `${id} withdrawn` });
      assert.equal(item.answer, null);
      assert.ok(!(await inbox(workspace)).some((i) => i.interactionId === id), 'no longer pending');
      const late = await cli(workspace, 'answer', id, '--text', 'too late');
      assert.notEqual(late.code, 0, 'a withdrawn question takes no answer');
      // the connection still works
      const res = await c.client.callTool({ name: 'sciorex_get_interaction', arguments: { interactionId: id } }, undefined, opts);
      assert.equal(res.structuredContent.status, 'withdrawn');
    });

    test('ten questions waiting at once, answered out of order: each call gets its own answer', { timeout: 60_000 }, async () => {
      const N = 10;
      const questions = Array.from({ length: N }, (_, i) => `Parallel question ${i}?`);
      const calls = questions.map((question, i) => c.client.callTool({
        name: 'sciorex_ask_user',
        arguments: { question, options: [`answer-${i}`, 'other'], timeoutSeconds: 40 },
      }, undefined, { timeout: 50_000 }));
      for (const p of calls) p.catch(() => {}); // a failure below must not leave unhandled rejections
      const ids = await waitFor(async () => {
        const pending = await inbox(workspace);
        const found = questions.map((q) => pending.find((p) => p.summary === q)?.interactionId);
        return found.every(Boolean) && found;
      }, { timeoutMs: 15_000, what: 'ten questions pending' }).catch(async (e) => {
        const seen = (await inbox(workspace)).map((p) => p.summary);
        throw new Error(`${e.message}; pending: ${JSON.stringify(seen)}\n--- server output ---\n${c.output().slice(-3000)}`);
      });
      assert.equal(new Set(ids).size, N);
      const order = [7, 2, 9, 0, 5, 3, 8, 1, 6, 4];
      for (const i of order) await answer(workspace, ids[i], '--option', `answer-${i}`);
      const results = await within(30_000, Promise.all(calls), 'ten answers');
      results.forEach((res, i) => {
        c.check('sciorex_ask_user', res);
        const s = res.structuredContent;
        assert.deepEqual([s.status, s.interactionId, s.selectedOptions], ['answered', ids[i], [`answer-${i}`]], `call ${i}`);
      });
    });

    test('notify_user: stored; sent as a log message only after logging/setLevel', { timeout: TEST_TIMEOUT }, async () => {
      logs.length = 0;
      let res = c.check('sciorex_notify_user', await c.client.callTool({
        name: 'sciorex_notify_user', arguments: { message: 'Started T-042', type: 'info' },
      }, undefined, opts));
      assert.equal(res.structuredContent.sentToClient, false);
      const first = res.structuredContent.interactionId;
      await c.client.setLoggingLevel('info', opts);
      res = c.check('sciorex_notify_user', await c.client.callTool({
        name: 'sciorex_notify_user', arguments: { message: 'T-042 is in review', type: 'success', details: 'all subtasks done' },
      }, undefined, opts));
      assert.equal(res.structuredContent.sentToClient, true);
      await waitFor(() => logs.length >= 1, { timeoutMs: 2_000, what: 'a notifications/message' });
      assert.equal(logs.length, 1, JSON.stringify(logs));
      assert.equal(logs[0].data.message, 'T-042 is in review');
      assert.equal(logs[0].data.interactionId, res.structuredContent.interactionId);
      assert.equal(logs[0].logger, 'sciorex-interactions');
      // below the level: stored, not sent
      await c.client.setLoggingLevel('error', opts);
      res = await c.client.callTool({ name: 'sciorex_notify_user', arguments: { message: 'fyi', type: 'info' } }, undefined, opts);
      assert.equal(res.structuredContent.sentToClient, false);
      const all = await inbox(workspace, '--all');
      for (const id of [first, res.structuredContent.interactionId]) {
        assert.equal(all.find((i) => i.interactionId === id)?.kind, 'notification', `${id} stored`);
      }
      await c.client.setLoggingLevel('info', opts);
    });
  });
}
