// The board server's memory while many pages stay open (issue 11: flat with 20 pages for 10
// minutes): a store of N tickets, P pages (each its own browser context, so its own live feed)
// open on the board, an agent writing one ticket a second over stdio (every page re-reads its
// board on each), and the server's VmRSS (from /proc) every 10 s.
// usage: scripts/node22 bench/board/memory.mjs [--tickets 10000] [--pages 20] [--minutes 10] [--json FILE]
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  launchBrowser, makeWorkspace, openBoard, removeWorkspace, ROOT, startBoard, StdioAgent, TICKETS, WAIT,
} from '../../tests/board/helpers.mjs';

const { values: opt } = parseArgs({
  options: {
    tickets: { type: 'string', default: '10000' }, pages: { type: 'string', default: '20' },
    minutes: { type: 'string', default: '10' }, json: { type: 'string' },
  },
});
const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const workspace = makeWorkspace('sciorex-board-memory');
const agent = new StdioAgent(TICKETS, workspace, { name: 'memory-bench' });
let board;
let browser;
try {
  await agent.start();
  const n = Number(opt.tickets);
  for (let i = 0; i < n; i += 64) {
    await Promise.all(Array.from({ length: Math.min(64, n - i) }, (_, k) => agent.call('sciorex_create_ticket', {
      title: `Ticket ${i + k}`, priority: ['critical', 'high', 'medium', 'low'][(i + k) % 4], labels: [`area-${(i + k) % 12}`], subtasks: ['one', 'two'],
    })));
  }
  board = await startBoard(workspace, { user: 'bench' });
  const pid = board.proc.pid;
  const idle = rssKb(pid);
  browser = await launchBrowser();
  const pages = [];
  for (let i = 0; i < Number(opt.pages); i++) {
    const p = await openBoard(browser, board.url);
    await p.page.locator('#live[data-state="live"]').waitFor({ timeout: WAIT });
    pages.push(p);
  }
  const samples = [];
  const t0 = Date.now();
  const end = t0 + Number(opt.minutes) * 60_000;
  let writes = 0;
  let nextSample = t0;
  while (Date.now() < end) {
    if (Date.now() >= nextSample) {
      samples.push({ s: Math.round((Date.now() - t0) / 1000), rssKb: rssKb(pid) });
      console.log(`${samples.at(-1).s} s: VmRSS ${(samples.at(-1).rssKb / 1024).toFixed(1)} MiB (${writes} writes)`);
      nextSample += 10_000;
    }
    await agent.call('sciorex_create_ticket', { title: `Live write ${writes++}`, priority: 'high' });
    await sleep(1000);
  }
  samples.push({ s: Math.round((Date.now() - t0) / 1000), rssKb: rssKb(pid) });
  const errors = pages.flatMap((p) => p.errors());
  const mib = (kb) => (kb / 1024).toFixed(1);
  const first = samples[0].rssKb;
  const last = samples.at(-1).rssKb;
  const max = Math.max(...samples.map((x) => x.rssKb));
  console.log(`server VmRSS: ${mib(idle)} MiB before the pages, ${mib(first)} MiB with ${pages.length} pages open, ` +
    `${mib(last)} MiB after ${opt.minutes} min and ${writes} writes (max ${mib(max)}); page errors: ${errors.length}`);
  if (opt.json) {
    writeFileSync(path.resolve(ROOT, opt.json), `${JSON.stringify({ tickets: n, pages: pages.length, minutes: Number(opt.minutes), writes, idleKb: idle, samples, errors }, null, 2)}\n`);
  }
} finally {
  await browser?.close();
  await board?.stop();
  await agent.stop();
  removeWorkspace(workspace);
}
