// The board view in the test host, on the real sciorex-tickets: the tool and its UI resource as a
// host with the extension sees them, the view showing the seeded tickets, a card moved by its
// keyboard control and by drag and drop (each a tools/call through the host that the store
// shows), the filter, the size reports and the host's dark theme.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { binariesMissing, launchBrowser, makeWorkspace, removeWorkspace, showTicket, TEST_TIMEOUT, TICKETS, eventually } from '../board/helpers.mjs';
import { connectClient, MIME, readView, ViewHost } from './host.mjs';
import { seed } from './seed.mjs';

describe('the board view in a host', { skip: binariesMissing(), timeout: 120_000 }, () => {
  let workspace;
  let browser;
  let client;
  let html;
  let args;

  before(async () => {
    workspace = makeWorkspace('sciorex-apps');
    client = await connectClient(TICKETS, workspace);
    await seed(client);
    browser = await launchBrowser();
  });
  after(async () => {
    await client?.close().catch(() => {});
    await browser?.close().catch(() => {});
    removeWorkspace(workspace);
  });

  /** The view fed a fresh sciorex_show_board result, as a host shows it after the agent's call. */
  async function openBoard(options = {}) {
    args = {};
    const result = await client.callTool({ name: 'sciorex_show_board', arguments: args });
    assert.notEqual(result.isError, true, JSON.stringify(result.content));
    const host = await ViewHost.open(browser, client, html, { toolInput: args, toolResult: result, toolName: 'sciorex_show_board', ...options });
    await host.view.locator('main[data-ready="true"]').waitFor({ timeout: TEST_TIMEOUT });
    return host;
  }

  const column = (host, name) => host.view.getByRole('region', { name, exact: true });
  const cardOf = (host, id) => host.view.locator(`.card[data-id="${id}"]`);

  test('tools/list with the extension: sciorex_show_board names ui://sciorex/board, the view is its resource', { timeout: TEST_TIMEOUT }, async () => {
    const { tools } = await client.listTools();
    const show = tools.find((t) => t.name === 'sciorex_show_board');
    assert.ok(show, `tools: ${tools.map((t) => t.name).join(', ')}`);
    assert.equal(show._meta?.ui?.resourceUri, 'ui://sciorex/board');
    assert.equal(show._meta['ui/resourceUri'], undefined, 'not the deprecated flat key');
    for (const name of ['sciorex_ui_move_ticket', 'sciorex_ui_set_subtask', 'sciorex_ui_add_comment']) {
      const tool = tools.find((t) => t.name === name);
      assert.deepEqual(tool?._meta?.ui?.visibility, ['app'], `${name} is app-only`);
    }
    html = await readView(client, 'ui://sciorex/board');
    assert.match(html, /^<!doctype html>/i);
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org)/i, 'self-contained: nothing from the network');
    assert.doesNotMatch(html, /<!-- inline:/, 'every marker inlined');
    assert.equal(MIME, 'text/html;profile=mcp-app');
  });

  test('the view shows the columns with their totals and the cards with their badges', { timeout: TEST_TIMEOUT }, async () => {
    const host = await openBoard();
    try {
      for (const [name, id] of [['Backlog', 'T-003'], ['Planned', 'T-002'], ['In Progress', 'T-001'], ['In Review', 'T-004'], ['Done', 'T-005']]) {
        await column(host, name).locator(`.card[data-id="${id}"]`).waitFor({ timeout: TEST_TIMEOUT });
      }
      const t1 = cardOf(host, 'T-001');
      assert.match(await t1.innerText(), /Login form rejects passwords/);
      assert.match(await t1.locator('.badge.prio-high').innerText(), /High/);
      assert.match(await t1.innerText(), /Bug/);
      assert.deepEqual(await t1.locator('.label').allInnerTexts(), ['auth', 'ui']);
      assert.equal(await t1.locator('.subtasks-count').innerText(), '1/2');
      assert.match(await cardOf(host, 'T-004').locator('.badge.blocked').innerText(), /Blocked/);
      assert.equal(await column(host, 'Backlog').locator('.count').innerText(), '1');
      // the iframe follows the content's height (ui/notifications/size-changed)
      assert.ok(host.sizes.length > 0 && host.sizes.at(-1) > 200, `sizes: ${host.sizes}`);
      await host.done();
    } finally {
      await host.close();
    }
  });

  test('a card moved by its "Move to" select (keyboard): sciorex_ui_move_ticket through the host, the store changes', { timeout: TEST_TIMEOUT }, async () => {
    const host = await openBoard();
    try {
      const select = cardOf(host, 'T-002').getByLabel('Move T-002 to');
      await select.focus();
      await select.selectOption('in_progress');
      await column(host, 'In Progress').locator('.card[data-id="T-002"]').waitFor({ timeout: TEST_TIMEOUT });
      assert.equal((await showTicket(workspace, 'T-002')).status, 'in_progress');
      const calls = host.messages.filter((m) => m.method === 'tools/call').map((m) => m.params.name);
      assert.ok(calls.includes('sciorex_ui_move_ticket'), `calls: ${calls}`);
      await host.done();
    } finally {
      await host.close();
    }
  });

  test('a move from a stale card is refused: the view says why and shows the board as the store has it', { timeout: TEST_TIMEOUT }, async () => {
    const host = await openBoard();
    try {
      // another client moves T-005 after the view drew it
      const other = await client.callTool({ name: 'sciorex_change_status', arguments: { ticketId: 'T-005', status: 'in_progress' } });
      assert.notEqual(other.isError, true, JSON.stringify(other.content));
      const before = (await showTicket(workspace, 'T-005')).history.length;
      await cardOf(host, 'T-005').getByLabel('Move T-005 to').selectOption('in_progress');
      await host.view.locator('#status.error').waitFor({ timeout: TEST_TIMEOUT });
      assert.match(await host.view.locator('#status').innerText(), /T-005/);
      await column(host, 'In Progress').locator('.card[data-id="T-005"]').waitFor({ timeout: TEST_TIMEOUT });
      const t5 = await showTicket(workspace, 'T-005');
      assert.equal(t5.status, 'in_progress');
      assert.equal(t5.history.length, before, 'the refused move changed nothing');
      await host.done();
    } finally {
      await host.close();
    }
  });

  test('a card dragged onto another column moves there, and the store shows it', { timeout: TEST_TIMEOUT }, async () => {
    const host = await openBoard();
    try {
      await cardOf(host, 'T-003').dragTo(column(host, 'Planned'));
      await column(host, 'Planned').locator('.card[data-id="T-003"]').waitFor({ timeout: TEST_TIMEOUT });
      await eventually(async () => (await showTicket(workspace, 'T-003')).status === 'planned', { what: 'T-003 planned in the store' });
      await host.done();
    } finally {
      await host.close();
    }
  });

  test('the filter narrows the cards; the host\'s dark theme and style variables change the view\'s colours', { timeout: TEST_TIMEOUT }, async () => {
    const host = await openBoard();
    try {
      await host.view.getByLabel('Filter cards').fill('perf');
      await eventually(async () => (await host.view.locator('.card').count()) === 1, { what: 'one card left' });
      assert.equal(await host.view.locator('.card').getAttribute('data-id'), 'T-004');
      const colours = () => host.view.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
      const light = await colours();
      host.setContext({ theme: 'dark' });
      await eventually(async () => (await colours()) !== light, { what: 'the background changes' });
      assert.equal(await host.view.locator('html').getAttribute('data-theme'), 'dark');
      host.setContext({ theme: 'light' });
      await eventually(async () => (await colours()) === light, { what: 'back to light' });
      // the spec's style variables from the host win over the view's own colours
      host.setContext({ styles: { variables: { '--color-background-primary': 'rgb(1, 2, 3)' } } });
      await eventually(async () => (await colours()) === 'rgb(1, 2, 3)', { what: "the host's background" });
      await host.done();
    } finally {
      await host.close();
    }
  });

  test('a narrow host: the view fits its width, the columns scroll sideways', { timeout: TEST_TIMEOUT }, async () => {
    const host = await openBoard({ width: 420 });
    try {
      const widths = () => host.view.locator('html').evaluate(() => ({
        page: document.documentElement.scrollWidth, view: window.innerWidth,
        columns: document.getElementById('columns').scrollWidth, shown: document.getElementById('columns').clientWidth,
      }));
      const w = await widths();
      assert.ok(w.page <= w.view, `the document is no wider than the frame: ${JSON.stringify(w)}`);
      assert.ok(w.columns > w.shown, `the columns scroll: ${JSON.stringify(w)}`);
      await host.done();
    } finally {
      await host.close();
    }
  });
});
