// The live feed's own reconnect: the board server stops, a ticket is written meanwhile, a new
// server comes up on the same port; the page's EventSource reconnects by itself with
// Last-Event-ID and the server replays what it missed, so the change shows without reload.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  binariesMissing, cardIn, launchBrowser, makeWorkspace, openBoard, removeWorkspace, startBoard, TEST_TIMEOUT, tickets, WAIT,
} from './helpers.mjs';

describe('the live feed after a server restart', { skip: binariesMissing(), timeout: 90_000 }, () => {
  let workspace;
  let board;
  let browser;

  before(async () => {
    workspace = makeWorkspace('sciorex-board-restart');
    await tickets(workspace, 'create', 'There before the restart');
    board = await startBoard(workspace);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await board?.stop();
    removeWorkspace(workspace);
  });

  test('a write made while the server was down shows once the page has reconnected', { timeout: TEST_TIMEOUT }, async () => {
    const p = await openBoard(browser, board.url);
    const { page } = p;
    await cardIn(page, 'Backlog', 'T-001').waitFor({ timeout: WAIT });
    await page.locator('#live[data-state="live"]').waitFor({ timeout: WAIT });
    await page.evaluate(() => { window.sameDocument = true; });
    const port = new URL(board.url).port;
    await board.stop();
    await page.locator('#live:not([data-state="live"])').waitFor({ timeout: WAIT });
    const id = (await tickets(workspace, 'create', 'Written while the server was down')).trim().split(/\s+/).pop();
    board = await startBoard(workspace, { port });
    await cardIn(page, 'Backlog', id).waitFor({ timeout: WAIT });
    assert.equal(await page.evaluate(() => window.sameDocument), true, 'no reload');
    await page.locator('#live[data-state="live"]').waitFor({ timeout: WAIT });
    // (a script error would be the page's; a failed request while the server was down is not one)
    assert.deepEqual(p.errors().filter((e) => !/ERR_CONNECTION_REFUSED|EventSource/.test(e)), []);
    await p.context.close();
  });
});
