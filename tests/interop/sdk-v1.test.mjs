// Interop, 2025 era: the official TypeScript SDK v1 client (@modelcontextprotocol/sdk, pinned in
// package.json) drives the conformance fixture over stdio and over Streamable HTTP.
// Run with Node 22: bash tests/interop/run.sh (or scripts/node22 --test tests/interop/*.test.mjs)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import {
  fixtureMissing, REQUEST_TIMEOUT, startHttpServer, stdioServerParams, TEST_TIMEOUT, textOf, TRANSPORTS, within,
} from './helpers.mjs';

const SIMPLE_TEXT = 'This is a simple text response for testing.';
const opts = { timeout: REQUEST_TIMEOUT };

for (const kind of TRANSPORTS) {
  describe(`sdk v1 client (2025-11-25) over ${kind}`, { skip: fixtureMissing(), timeout: 120_000 }, () => {
    let client;
    let transport;
    let server; // http only
    let stderr = ''; // stdio only
    const logs = [];
    const elicitations = [];
    const samplings = [];

    before(async () => {
      if (kind === 'http') {
        server = await startHttpServer();
        transport = new StreamableHTTPClientTransport(server.url);
      } else {
        transport = new StdioClientTransport({ ...stdioServerParams(), stderr: 'pipe' });
        transport.stderr?.setEncoding('utf8').on('data', (d) => { stderr = (stderr + d).slice(-20_000); });
      }
      client = new Client(
        { name: 'sciorex-interop-v1', version: '0.1.0' },
        { capabilities: { elicitation: {}, sampling: {} } },
      );
      client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => { logs.push(n.params); });
      client.setRequestHandler(ElicitRequestSchema, async (req) => {
        elicitations.push(req.params);
        return { action: 'accept', content: { username: 'ada', email: 'ada@example.com' } };
      });
      client.setRequestHandler(CreateMessageRequestSchema, async (req) => {
        samplings.push(req.params);
        return { role: 'assistant', model: 'interop-test-model', content: { type: 'text', text: 'Paris, said the model' } };
      });
      await within(TEST_TIMEOUT, client.connect(transport, opts), `connect over ${kind}`).catch((e) => {
        throw new Error(`${e.message}\n--- server output ---\n${server ? server.output() : stderr}`);
      });
    });

    after(async () => {
      await client?.close().catch(() => {});
      await server?.stop();
    });

    test('initialize: 2025-11-25, server info and capabilities', { timeout: TEST_TIMEOUT }, () => {
      if (kind === 'http') assert.equal(transport.protocolVersion, '2025-11-25');
      const info = client.getServerVersion();
      assert.ok(info?.name, 'serverInfo.name');
      const caps = client.getServerCapabilities() ?? {};
      for (const c of ['tools', 'resources', 'prompts', 'logging', 'completions']) assert.ok(caps[c], `capability ${c}`);
      if (kind === 'http') assert.match(transport.sessionId ?? '', /^[\x21-\x7e]+$/, 'session id of visible ASCII');
    });

    test('tools/list contains test_simple_text', { timeout: TEST_TIMEOUT }, async () => {
      const { tools } = await client.listTools(undefined, opts);
      assert.ok(tools.some((t) => t.name === 'test_simple_text'), `tools: ${tools.map((t) => t.name).join(', ')}`);
    });

    test('tools/call test_simple_text', { timeout: TEST_TIMEOUT }, async () => {
      const res = await client.callTool({ name: 'test_simple_text', arguments: {} }, undefined, opts);
      assert.notEqual(res.isError, true);
      assert.equal(textOf(res), SIMPLE_TEXT);
    });

    test('ping', { timeout: TEST_TIMEOUT }, async () => {
      assert.deepEqual(await client.ping(opts), {});
    });

    test('progress: 0, 50, 100 of 100', { timeout: TEST_TIMEOUT }, async () => {
      const seen = [];
      const res = await client.callTool({ name: 'test_tool_with_progress', arguments: {} }, undefined,
        { ...opts, onprogress: (p) => seen.push(p) });
      assert.notEqual(res.isError, true);
      assert.deepEqual(seen.map((p) => [p.progress, p.total]), [[0, 100], [50, 100], [100, 100]]);
    });

    test('elicitation: the server asks, the client accepts', { timeout: TEST_TIMEOUT }, async () => {
      const res = await client.callTool(
        { name: 'test_elicitation', arguments: { message: 'Who are you?' } }, undefined, opts);
      assert.notEqual(res.isError, true, textOf(res));
      assert.equal(elicitations.length, 1);
      assert.equal(elicitations[0].message, 'Who are you?');
      const schema = elicitations[0].requestedSchema;
      assert.deepEqual([...schema.required].sort(), ['email', 'username']);
      assert.match(textOf(res), /accept/);
      assert.match(textOf(res), /ada@example\.com/);
    });

    test('sampling: the server asks, the client answers', { timeout: TEST_TIMEOUT }, async () => {
      const res = await client.callTool(
        { name: 'test_sampling', arguments: { prompt: 'Capital of France?' } }, undefined, opts);
      assert.notEqual(res.isError, true, textOf(res));
      assert.equal(samplings.length, 1);
      assert.equal(samplings[0].maxTokens, 100);
      assert.equal(samplings[0].messages[0].content.text, 'Capital of France?');
      assert.match(textOf(res), /Paris, said the model/);
    });

    test('resources/read test://static-text', { timeout: TEST_TIMEOUT }, async () => {
      const { contents } = await client.readResource({ uri: 'test://static-text' }, opts);
      assert.equal(contents.length, 1);
      assert.equal(contents[0].uri, 'test://static-text');
      assert.equal(contents[0].mimeType, 'text/plain');
      assert.equal(contents[0].text, 'This is the content of the static text resource.');
    });

    test('prompts/get test_simple_prompt', { timeout: TEST_TIMEOUT }, async () => {
      const { messages } = await client.getPrompt({ name: 'test_simple_prompt' }, opts);
      assert.equal(messages.length, 1);
      assert.equal(messages[0].role, 'user');
      assert.equal(messages[0].content.text, 'This is a simple prompt for testing.');
    });

    test('completion/complete on test_prompt_with_arguments arg1', { timeout: TEST_TIMEOUT }, async () => {
      const res = await client.complete({
        ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
        argument: { name: 'arg1', value: 'par' },
      }, opts);
      assert.ok(Array.isArray(res.completion?.values), JSON.stringify(res));
    });

    test('logging: setLevel info, then the tool logs three messages', { timeout: TEST_TIMEOUT }, async () => {
      await client.setLoggingLevel('info', opts);
      logs.length = 0;
      const res = await client.callTool({ name: 'test_tool_with_logging', arguments: {} }, undefined, opts);
      assert.notEqual(res.isError, true);
      const texts = logs.map((l) => JSON.stringify(l.data));
      for (const want of ['Tool execution started', 'Tool processing data', 'Tool execution completed']) {
        assert.ok(texts.some((t) => t.includes(want)), `log "${want}" in ${JSON.stringify(logs)}`);
      }
      assert.equal(logs.length, 3, JSON.stringify(logs));
      assert.ok(logs.every((l) => l.level === 'info'));
    });

    test('an unknown tool is an error', { timeout: TEST_TIMEOUT }, async () => {
      let res;
      try {
        res = await client.callTool({ name: 'no_such_tool_xyz', arguments: {} }, undefined, opts);
      } catch (e) {
        assert.equal(typeof e.code, 'number', `a JSON-RPC error, got: ${e}`); // -32602 per the spec
        return;
      }
      assert.equal(res.isError, true, `expected an error, got ${JSON.stringify(res)}`);
    });

    if (kind === 'http') {
      test('DELETE ends the session: the old session id then gets 404, the client fails', { timeout: TEST_TIMEOUT }, async () => {
        const sid = transport.sessionId;
        assert.ok(sid);
        await transport.terminateSession();
        const r = await fetch(server.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'mcp-session-id': sid,
            'mcp-protocol-version': '2025-11-25',
          },
          body: JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'ping' }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT),
        });
        await r.body?.cancel();
        assert.equal(r.status, 404, 'a request on an ended session');
        await assert.rejects(client.ping(opts));
      });
    }
  });
}
