// Interop, 2026-07-28 era: the official TypeScript SDK v2 client (@modelcontextprotocol/client,
// pinned in package.json) drives the conformance fixture over stdio and over Streamable HTTP,
// pinned to 2026-07-28 (server/discover, per-request _meta, input_required) and in 'auto' mode.
// Run with Node 22: bash tests/interop/run.sh (or scripts/node22 --test tests/interop/*.test.mjs)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import {
  fixtureMissing, REQUEST_TIMEOUT, startHttpServer, stdioServerParams, TEST_TIMEOUT, textOf, TRANSPORTS, within,
} from './helpers.mjs';

const MODERN = '2026-07-28';
const opts = { timeout: REQUEST_TIMEOUT };

/** A v2 client for `mode` ('auto' or {pin}) on a fresh transport of `kind`; answers elicitations. */
function makeClient(kind, mode, httpUrl) {
  const elicitations = [];
  let stderr = '';
  const transport = kind === 'http'
    ? new StreamableHTTPClientTransport(httpUrl)
    : new StdioClientTransport({ ...stdioServerParams(), stderr: 'pipe' });
  if (kind !== 'http') transport.stderr?.setEncoding('utf8').on('data', (d) => { stderr = (stderr + d).slice(-20_000); });
  const client = new Client(
    { name: 'sciorex-interop-v2', version: '0.1.0' },
    { capabilities: { elicitation: {} }, versionNegotiation: { mode } },
  );
  // 2026: the client fulfils the input_required result's elicitation through this same handler,
  // then retries the call with inputResponses and the echoed requestState (ClientOptions.inputRequired)
  client.setRequestHandler('elicitation/create', async (req) => {
    elicitations.push(req.params);
    return { action: 'accept', content: { name: 'Ada' } };
  });
  return { client, transport, elicitations, stderr: () => stderr };
}

for (const kind of TRANSPORTS) {
  describe(`sdk v2 client over ${kind}`, { skip: fixtureMissing(), timeout: 120_000 }, () => {
    let server; // http only: one fixture process for every client in this block

    before(async () => {
      if (kind === 'http') server = await startHttpServer();
    });
    after(async () => {
      await server?.stop();
    });

    describe(`pinned to ${MODERN}`, () => {
      let c;
      before(async () => {
        c = makeClient(kind, { pin: MODERN }, server?.url);
        await within(TEST_TIMEOUT, c.client.connect(c.transport, opts), `connect over ${kind}`).catch((e) => {
          throw new Error(`${e.message}\n--- server output ---\n${server ? server.output() : c.stderr()}`);
        });
      });
      after(async () => {
        await c?.client.close().catch(() => {});
      });

      test('server/discover: modern era, 2026-07-28 negotiated', { timeout: TEST_TIMEOUT }, () => {
        assert.equal(c.client.getProtocolEra(), 'modern');
        assert.equal(c.client.getNegotiatedProtocolVersion(), MODERN);
        const d = c.client.getDiscoverResult();
        assert.ok(d?.supportedVersions?.includes(MODERN), `supportedVersions: ${JSON.stringify(d?.supportedVersions)}`);
        assert.ok(c.client.getServerVersion()?.name, 'serverInfo.name');
        assert.ok(c.client.getServerCapabilities()?.tools, 'tools capability');
      });

      test('tools/list contains test_simple_text', { timeout: TEST_TIMEOUT }, async () => {
        const { tools } = await c.client.listTools(undefined, opts);
        assert.ok(tools.some((t) => t.name === 'test_simple_text'), `tools: ${tools.map((t) => t.name).join(', ')}`);
      });

      test('tools/call test_simple_text', { timeout: TEST_TIMEOUT }, async () => {
        const res = await c.client.callTool({ name: 'test_simple_text', arguments: {} }, opts);
        assert.notEqual(res.isError, true);
        assert.equal(textOf(res), 'This is a simple text response for testing.');
      });

      test('input_required: elicitation answered by the client, then "Hello, Ada!"', { timeout: TEST_TIMEOUT }, async () => {
        c.elicitations.length = 0;
        const res = await c.client.callTool({ name: 'test_input_required_result_elicitation', arguments: {} }, opts);
        assert.notEqual(res.isError, true, textOf(res));
        assert.equal(c.elicitations.length, 1, 'the handler ran once');
        assert.equal(c.elicitations[0].message, 'What is your name?');
        assert.deepEqual(c.elicitations[0].requestedSchema?.required, ['name']);
        assert.equal(textOf(res), 'Hello, Ada!');
      });
    });

    describe("mode 'auto'", () => {
      let c;
      before(async () => {
        c = makeClient(kind, 'auto', server?.url);
        await within(TEST_TIMEOUT, c.client.connect(c.transport, opts), `connect over ${kind}`).catch((e) => {
          throw new Error(`${e.message}\n--- server output ---\n${server ? server.output() : c.stderr()}`);
        });
      });
      after(async () => {
        await c?.client.close().catch(() => {});
      });

      test(`negotiates ${MODERN}`, { timeout: TEST_TIMEOUT }, async () => {
        assert.equal(c.client.getProtocolEra(), 'modern');
        assert.equal(c.client.getNegotiatedProtocolVersion(), MODERN);
        const res = await c.client.callTool({ name: 'test_simple_text', arguments: {} }, opts);
        assert.equal(textOf(res), 'This is a simple text response for testing.');
      });
    });
  });
}
