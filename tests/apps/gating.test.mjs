// MCP Apps only for clients that declare the extension, in both protocol eras: a client without it
// (the SDK v1 client on 2025-11-25, the SDK v2 client pinned to 2026-07-28) sees no _meta.ui, no
// app-only tool, no ui:// resource, and may neither read the views nor call the app's tools; the
// same clients with the extension declared see all of it, on both servers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as StdioV1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { binariesMissing, INTERACTIONS, makeWorkspace, removeWorkspace, ROOT, TEST_TIMEOUT, TICKETS } from '../board/helpers.mjs';
import { connectClient, EXTENSION, MIME } from './host.mjs';

const APP_TOOLS = {
  tickets: ['sciorex_ui_move_ticket', 'sciorex_ui_set_subtask', 'sciorex_ui_add_comment'],
  interactions: ['sciorex_ui_pending_interactions', 'sciorex_ui_answer_interaction'],
};
const VIEWS = { tickets: ['ui://sciorex/board', 'ui://sciorex/ticket'], interactions: ['ui://sciorex/question'] };
const WITH_UI = { tickets: ['sciorex_show_board', 'sciorex_get_ticket'], interactions: ['sciorex_ask_user', 'sciorex_request_approval'] };

/** The SDK v1 client (2025 era), with or without the extension. */
async function connectV1(binary, workspace, extension) {
  const client = new ClientV1({ name: 'sciorex-apps-v1', version: '1.0.0' },
    { capabilities: extension ? { extensions: { [EXTENSION]: { mimeTypes: [MIME] } } } : {} });
  await client.connect(new StdioV1({ command: binary, args: ['--workspace', workspace, '--log-level', 'warn'], cwd: ROOT, stderr: 'ignore' }));
  return client;
}

const CLIENTS = [
  ['SDK v1, 2025-11-25', (binary, ws, extension) => connectV1(binary, ws, extension)],
  ['SDK v2, 2026-07-28', (binary, ws, extension) => connectClient(binary, ws, { extension, version: '2026-07-28' })],
];

/** Resolves to the error a call fails with (a JSON-RPC error or a tool error), or undefined. */
async function failure(promise) {
  try {
    const r = await promise;
    return r?.isError ? r.content.map((c) => c.text).join(' ') : undefined;
  } catch (e) {
    return e.message;
  }
}

describe('MCP Apps only for clients that declare the extension', { skip: binariesMissing(), timeout: 120_000 }, () => {
  let workspace;
  before(() => { workspace = makeWorkspace('sciorex-apps'); });
  after(() => removeWorkspace(workspace));

  for (const [era, connect] of CLIENTS) {
    for (const [server, binary] of [['tickets', TICKETS], ['interactions', INTERACTIONS]]) {
      test(`${era}, sciorex-${server}, no extension: no _meta.ui, no app tools, no views`, { timeout: TEST_TIMEOUT }, async () => {
        const client = await connect(binary, workspace, false);
        try {
          const { tools } = await client.listTools();
          assert.ok(tools.length > 0);
          for (const t of tools) {
            assert.equal(t._meta?.ui, undefined, `${t.name} has _meta.ui`);
            assert.equal(t._meta?.['ui/resourceUri'], undefined, `${t.name} has ui/resourceUri`);
          }
          const names = tools.map((t) => t.name);
          for (const name of [...APP_TOOLS[server], 'sciorex_show_board']) assert.ok(!names.includes(name), `${name} listed`);
          const resources = await client.listResources().then((r) => r.resources, () => []);
          assert.deepEqual(resources.filter((r) => r.uri.startsWith('ui://')), []);
          for (const uri of VIEWS[server]) assert.ok(await failure(client.readResource({ uri })), `${uri} readable`);
          assert.ok(await failure(client.callTool({ name: APP_TOOLS[server][0], arguments: {} })), `${APP_TOOLS[server][0]} callable`);
        } finally {
          await client.close();
        }
      });

      test(`${era}, sciorex-${server}, extension declared: _meta.ui.resourceUri, app-only tools, the views`, { timeout: TEST_TIMEOUT }, async () => {
        const client = await connect(binary, workspace, true);
        try {
          const { tools } = await client.listTools();
          for (const name of WITH_UI[server]) {
            const uri = tools.find((t) => t.name === name)?._meta?.ui?.resourceUri;
            assert.ok(VIEWS[server].includes(uri), `${name}: ${uri}`);
          }
          for (const name of APP_TOOLS[server]) assert.deepEqual(tools.find((t) => t.name === name)?._meta?.ui?.visibility, ['app'], name);
          // the same tools as a plain client's besides the Apps ones, each as it sees it but for _meta.ui
          const plain = await connect(binary, workspace, false);
          try {
            const plainTools = (await plain.listTools()).tools;
            const extra = tools.map((t) => t.name).filter((n) => !plainTools.some((p) => p.name === n)).sort();
            assert.deepEqual(extra, [...APP_TOOLS[server], ...(server === 'tickets' ? ['sciorex_show_board'] : [])].sort());
            for (const p of plainTools) {
              const { _meta: meta, ...rest } = tools.find((t) => t.name === p.name) ?? {};
              const { ui, ...otherMeta } = meta ?? {};
              const { _meta: plainMeta, ...plainRest } = p;
              assert.deepEqual(rest, plainRest, p.name);
              assert.deepEqual(otherMeta, plainMeta ?? {}, `${p.name}: _meta besides ui`);
            }
          } finally {
            await plain.close();
          }
          for (const uri of VIEWS[server]) {
            const { contents } = await client.readResource({ uri });
            assert.equal(contents[0].mimeType, MIME);
            assert.match(contents[0].text, /^<!doctype html>/i);
            // self-contained: no script, style or link from anywhere, every marker inlined
            assert.doesNotMatch(contents[0].text, /<script[^>]+src=|<link[^>]+href=|https?:\/\/|<!-- inline:/i, uri);
          }
        } finally {
          await client.close();
        }
      });
    }
  }
});
