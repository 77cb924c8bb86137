// `sciorex-tickets --http` serves the same page at / beside /mcp: the board loads there, and a
// move made on it is stored.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import {
  binariesMissing, cardIn, launchBrowser, makeWorkspace, openBoard, removeWorkspace, ROOT, showTicket, stopProcess,
  TEST_TIMEOUT, TICKETS, tickets, WAIT,
} from './helpers.mjs';

describe('the page at / of sciorex-tickets --http', { skip: binariesMissing(), timeout: 90_000 }, () => {
  let workspace;
  let server;
  let url;
  let browser;

  before(async () => {
    workspace = makeWorkspace('sciorex-board-http');
    await tickets(workspace, 'create', 'Served beside the MCP endpoint', '--priority', 'high');
    server = spawn(TICKETS, ['--http', '--port', '0', '--workspace', workspace], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening on" line:\n${err}`)), 15_000);
      server.stderr.setEncoding('utf8').on('data', (d) => {
        err += d;
        const m = /listening on (http:\/\/[^\s/]+)\//.exec(err);
        if (m) { clearTimeout(timer); resolve(`${m[1]}/`); }
      });
      server.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited (${code}):\n${err}`)); });
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stopProcess(server);
    removeWorkspace(workspace);
  });

  test('the board loads at / and a move made there is stored', { timeout: TEST_TIMEOUT }, async () => {
    const p = await openBoard(browser, url, { hash: '#/tickets/T-001' });
    const { page } = p;
    await cardIn(page, 'Backlog', 'T-001').waitFor({ timeout: WAIT });
    await page.getByLabel('Status', { exact: true }).selectOption('planned');
    await cardIn(page, 'Planned', 'T-001').waitFor({ timeout: WAIT });
    assert.equal((await showTicket(workspace, 'T-001')).status, 'planned');
    assert.deepEqual(p.errors(), []);
    await p.context.close();
  });
});
