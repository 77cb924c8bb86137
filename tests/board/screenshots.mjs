// Makes docs/board.png and docs/inbox.png (1280x800, light theme) from a realistic store
// (seed.mjs: the workflow's sample tickets, what agents did over stdio, a question and an approval
// waiting in the inbox). Run it when the page changes:
//   scripts/node22 tests/board/screenshots.mjs [--out docs]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser, makeWorkspace, openBoard, removeWorkspace, ROOT, startBoard, WAIT } from './helpers.mjs';
import { seedRealistic } from './seed.mjs';

const { values: opt } = parseArgs({ options: { out: { type: 'string', default: path.join(ROOT, 'docs') } } });

const workspace = makeWorkspace('sciorex-shots');
const agents = [];
let board;
let browser;
try {
  agents.push(...(await seedRealistic(workspace)));
  board = await startBoard(workspace, { user: 'alice' });
  browser = await launchBrowser();
  const shoot = async (hash, file, ready) => {
    const p = await openBoard(browser, board.url, { hash });
    await p.page.emulateMedia({ colorScheme: 'light' });
    await ready(p.page);
    await p.page.locator('#live[data-state="live"]').waitFor({ timeout: WAIT });
    await p.page.screenshot({ path: path.join(opt.out, file) });
    console.log(`wrote ${path.join(opt.out, file)}`);
    await p.context.close();
  };
  await shoot('#/', 'board.png', (page) => page.locator('.card[data-id="T-042"]').waitFor({ timeout: WAIT }));
  await shoot('#/inbox', 'inbox.png', (page) => page.getByRole('button', { name: 'Approve' }).waitFor({ timeout: WAIT }));
} finally {
  await browser?.close();
  await board?.stop();
  for (const a of agents) await a.stop();
  removeWorkspace(workspace);
}
