// The ticket view in the test host, on the real sciorex-tickets: sciorex_get_ticket names
// ui://sciorex/ticket; the view shows the description as text (markup in it stays text), ticks a
// subtask, adds a comment and changes the status, each through an app-only tool that the store shows.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { binariesMissing, eventually, launchBrowser, makeWorkspace, removeWorkspace, showTicket, TEST_TIMEOUT, TICKETS } from '../board/helpers.mjs';
import { connectClient, readView, ViewHost } from './host.mjs';
import { seed } from './seed.mjs';

describe('the ticket view in a host', { skip: binariesMissing(), timeout: 120_000 }, () => {
  let workspace;
  let browser;
  let client;
  let host;

  before(async () => {
    workspace = makeWorkspace('sciorex-apps');
    client = await connectClient(TICKETS, workspace);
    await seed(client);
    browser = await launchBrowser();
    const { tools } = await client.listTools();
    const get = tools.find((t) => t.name === 'sciorex_get_ticket');
    assert.equal(get?._meta?.ui?.resourceUri, 'ui://sciorex/ticket');
    const html = await readView(client, get._meta.ui.resourceUri);
    const args = { ticketId: 'T-001' };
    const result = await client.callTool({ name: 'sciorex_get_ticket', arguments: args });
    host = await ViewHost.open(browser, client, html, { toolInput: args, toolResult: result, toolName: 'sciorex_get_ticket', width: 720 });
    await host.view.locator('main[data-ready="true"]').waitFor({ timeout: TEST_TIMEOUT });
  });
  after(async () => {
    await host?.close();
    await client?.close().catch(() => {});
    await browser?.close().catch(() => {});
    removeWorkspace(workspace);
  });

  test('the view shows the ticket; markup in the description is shown as text, never run', { timeout: TEST_TIMEOUT }, async () => {
    assert.match(await host.view.getByRole('heading', { level: 1 }).innerText(), /Login form rejects passwords/);
    const description = host.view.locator('.desc-text');
    assert.match(await description.innerText(), /says "<b>too long<\/b>"/);
    assert.equal(await description.locator('b').count(), 0, 'no element made from the text');
    assert.match(await host.view.locator('.comments .text').first().innerText(), /validate_password\(\) caps/);
    assert.equal(await host.view.getByLabel('Status').inputValue(), 'in_progress');
    assert.equal(await host.view.getByRole('checkbox').count(), 2);
    assert.ok(await host.view.getByRole('checkbox', { name: 'Reproduce in a test' }).isChecked());
  });

  test('ticking a subtask calls sciorex_ui_set_subtask; the store has it completed', { timeout: TEST_TIMEOUT }, async () => {
    await host.view.getByRole('checkbox', { name: 'Raise the limit to 1024' }).check();
    await eventually(async () => (await showTicket(workspace, 'T-001')).subtasks.every((s) => s.completed), { what: 'both subtasks done in the store' });
    await eventually(() => host.view.getByRole('checkbox', { name: 'Raise the limit to 1024' }).isChecked(), { what: 'the box stays ticked after the re-read' });
  });

  test('the comment form adds a comment through sciorex_ui_add_comment; the view shows it as text', { timeout: TEST_TIMEOUT }, async () => {
    const text = 'Checked on Firefox too <img src=x onerror="document.title=1">';
    await host.view.getByLabel('Comment').fill(text);
    await host.view.getByRole('button', { name: 'Add comment' }).click();
    await eventually(async () => (await showTicket(workspace, 'T-001')).comments?.some((c) => c.text === text), { what: 'the comment in the store' });
    await host.view.locator('.comments .text', { hasText: text }).waitFor({ timeout: TEST_TIMEOUT });
    assert.equal(await host.view.locator('.comments img').count(), 0, 'no element made from the text');
    assert.equal(await host.view.locator('html').evaluate(() => document.title), 'Sciorex: Ticket', 'no script ran from the text');
  });

  test('the status control moves the ticket (sciorex_ui_move_ticket); every message was valid', { timeout: TEST_TIMEOUT }, async () => {
    await host.view.getByLabel('Status').selectOption('in_review');
    await eventually(async () => (await showTicket(workspace, 'T-001')).status === 'in_review', { what: 'T-001 in review in the store' });
    const calls = host.messages.filter((m) => m.method === 'tools/call').map((m) => m.params.name);
    for (const name of ['sciorex_ui_set_subtask', 'sciorex_ui_add_comment', 'sciorex_ui_move_ticket']) assert.ok(calls.includes(name), `calls: ${calls}`);
    await host.done();
    host = null;
  });
});
