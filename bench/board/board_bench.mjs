// The board's speed on a large store, in headless Debian chromium (issue 11's targets: first load
// to a filled screen under 300 ms, an agent's write on screen within 250 ms p95):
//   1. fills a fresh workspace with N tickets (default 10,000) through sciorex-tickets' own tools
//      over stdio, spread over the five columns, with labels and subtasks;
//   2. first load: R fresh browser contexts each open the board; the time from navigation start to
//      the page's `sciorex-board-filled` mark (every column drawn from /api/board), with the
//      navigation timing beside it and the bytes the page loaded;
//   3. write to screen: W times an agent creates a ticket over stdio while the page is open; the
//      time from sending the request to the card's title being in the page's DOM (a
//      MutationObserver stamps it; both clocks are the machine's wall clock, performance.timeOrigin
//      + performance.now() on each side).
// usage: scripts/node22 bench/board/board_bench.mjs [--tickets 10000] [--loads 10] [--writes 50] [--json FILE] [--keep]
// Needs build/bin/sciorex-tickets (bash scripts/setup.sh: the RelWithDebInfo build) and
// /usr/bin/chromium (CHROMIUM=... for another).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import {
  launchBrowser, makeWorkspace, openBoard, removeWorkspace, ROOT, startBoard, StdioAgent, TICKETS, WAIT,
} from '../../tests/board/helpers.mjs';

const { values: opt } = parseArgs({
  options: {
    tickets: { type: 'string', default: '10000' }, loads: { type: 'string', default: '10' },
    writes: { type: 'string', default: '50' }, json: { type: 'string' }, keep: { type: 'boolean', default: false },
  },
});
const N = Number(opt.tickets);
const now = () => performance.timeOrigin + performance.now();
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (x) => `${x.toFixed(1)} ms`;

/** Runs fn(i) for i in [0, n) with at most `window` in flight. */
async function pool(n, window, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: window }, async () => {
    while (next < n) await fn(next++);
  }));
}

const workspace = makeWorkspace('sciorex-board-bench');
let board;
let browser;
const agent = new StdioAgent(TICKETS, workspace, { name: 'bench-agent' });
try {
  await agent.start();
  // 1. the store: 40% backlog, 20% planned, 15% in progress, 10% in review, 15% done
  const t0 = now();
  const TYPES = ['feature', 'bug', 'task', 'research', 'documentation', 'refactor'];
  const PRIOS = ['critical', 'high', 'medium', 'low'];
  const PATHS = [[], ['planned'], ['planned', 'in_progress'], ['planned', 'in_progress', 'in_review'], ['planned', 'in_progress', 'done']];
  const pathOf = (i) => { const r = i % 20; return PATHS[r < 8 ? 0 : r < 12 ? 1 : r < 15 ? 2 : r < 17 ? 3 : 4]; };
  await pool(N, 32, async (i) => {
    const t = await agent.call('sciorex_create_ticket', {
      title: `Ticket ${i}: ${['fix', 'add', 'refactor', 'document'][i % 4]} the ${['upload', 'login', 'search', 'billing', 'export'][i % 5]} flow`,
      description: `Generated for the board benchmark. Ticket number ${i}; it has a few lines of text like a real one would.`,
      type: TYPES[i % TYPES.length], priority: PRIOS[(i * 7) % PRIOS.length], labels: [`area-${i % 12}`],
      subtasks: ['one', 'two', 'three'],
    });
    for (const s of pathOf(i)) await agent.call('sciorex_change_status', { ticketId: t.id, status: s });
  });
  const fillSeconds = (now() - t0) / 1000;
  console.log(`store: ${N} tickets in ${fillSeconds.toFixed(1)} s`);

  board = await startBoard(workspace, { user: 'bench' });
  browser = await launchBrowser();

  // 2. first load, each in a fresh context (no cache)
  const loads = [];
  for (let r = 0; r < Number(opt.loads); r++) {
    const { page, context } = await openBoard(browser, board.url);
    await page.waitForFunction(() => performance.getEntriesByName('sciorex-board-filled').length > 0, null, { timeout: WAIT });
    loads.push(await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const res = performance.getEntriesByType('resource');
      const end = (part) => Math.max(0, ...res.filter((e) => e.name.includes(part)).map((e) => e.responseEnd));
      return {
        filled: performance.getEntriesByName('sciorex-board-filled')[0].startTime,
        htmlEnd: nav.responseEnd,
        scriptsEnd: Math.max(0, ...res.filter((e) => /\.(js|css)$/.test(e.name)).map((e) => e.responseEnd)),
        metaEnd: end('/api/meta'),
        boardEnd: end('/api/board'),
        domContentLoaded: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
        cards: document.querySelectorAll('.card').length,
        pageBytes: nav.encodedBodySize + res.filter((e) => !e.name.includes('/api/')).reduce((n, e) => n + e.encodedBodySize, 0),
        apiBytes: res.filter((e) => e.name.includes('/api/')).reduce((n, e) => n + e.encodedBodySize, 0),
      };
    }));
    await context.close();
  }
  const filled = loads.map((l) => l.filled);
  const p50 = (k) => ms(pct(loads.map((l) => l[k]), 50));
  console.log(`  p50 of each step from navigation start: html ${p50('htmlEnd')}, scripts and css ${p50('scriptsEnd')}, ` +
    `/api/meta ${p50('metaEnd')}, /api/board ${p50('boardEnd')}, drawn ${p50('filled')}`);
  console.log(`first load to a filled screen (${loads.length} loads, ${loads[0].cards} cards drawn): p50 ${ms(pct(filled, 50))}, max ${ms(Math.max(...filled))}; ` +
    `DOMContentLoaded p50 ${ms(pct(loads.map((l) => l.domContentLoaded), 50))}; page ${loads[0].pageBytes} B, API ${loads[0].apiBytes} B`);

  // 3. an agent's write to on-screen
  const { page, context } = await openBoard(browser, board.url);
  await page.waitForFunction(() => document.body.dataset.boardReady === '1', null, { timeout: WAIT });
  await page.locator('#live[data-state="live"]').waitFor({ timeout: WAIT });
  await page.evaluate(() => {
    window.benchSeen = {};
    new MutationObserver((records) => {
      const t = performance.timeOrigin + performance.now();
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (n.nodeType !== 1) continue;
          for (const el of n.querySelectorAll('.card .title')) {
            const m = /^Bench write (\d+)$/.exec(el.textContent);
            if (m && !(m[1] in window.benchSeen)) window.benchSeen[m[1]] = t;
          }
        }
      }
    }).observe(document.getElementById('main'), { childList: true, subtree: true });
  });
  const lat = [];
  for (let w = 0; w < Number(opt.writes); w++) {
    const sent = now();
    await agent.call('sciorex_create_ticket', { title: `Bench write ${w}`, priority: 'critical', type: 'task' });
    await page.waitForFunction((k) => k in window.benchSeen, String(w), { timeout: WAIT, polling: 'raf' });
    lat.push((await page.evaluate((k) => window.benchSeen[k], String(w))) - sent);
  }
  await context.close();
  console.log(`agent write to on-screen (${lat.length} writes): p50 ${ms(pct(lat, 50))}, p95 ${ms(pct(lat, 95))}, max ${ms(Math.max(...lat))}`);

  const result = {
    tickets: N, fillSeconds, loads, filledP50: pct(filled, 50), filledMax: Math.max(...filled),
    writeP50: pct(lat, 50), writeP95: pct(lat, 95), writeMax: Math.max(...lat), chromium: browser.version(),
  };
  if (opt.json) writeFileSync(path.resolve(ROOT, opt.json), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await browser?.close();
  await board?.stop();
  await agent.stop();
  if (opt.keep) console.log(`workspace kept: ${workspace}`);
  else removeWorkspace(workspace);
}
