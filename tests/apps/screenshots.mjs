// Makes docs/images/apps-board.png, apps-ticket.png and apps-question.png: the three MCP Apps views
// in the test host (light theme), on the seeded store (seed.mjs) and a question an agent waits on.
// Run it when a view changes:
//   scripts/node22 tests/apps/screenshots.mjs [--out docs/images]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { INTERACTIONS, launchBrowser, makeWorkspace, removeWorkspace, ROOT, StdioAgent, TICKETS, WAIT } from '../board/helpers.mjs';
import { connectClient, readView, ViewHost } from './host.mjs';
import { seed } from './seed.mjs';

const { values: opt } = parseArgs({ options: { out: { type: 'string', default: path.join(ROOT, 'docs/images') } } });

const workspace = makeWorkspace('sciorex-apps-shots');
const clients = [];
let browser;
let agent;
try {
  const tickets = await connectClient(TICKETS, workspace);
  const interactions = await connectClient(INTERACTIONS, workspace);
  const agentClient = await connectClient(TICKETS, workspace, { extension: false, name: 'backend-dev' });
  clients.push(tickets, interactions, agentClient);
  await seed(agentClient);
  browser = await launchBrowser();
  const shoot = async (client, uri, file, options) => {
    const host = await ViewHost.open(browser, client, await readView(client, uri), options);
    await host.view.locator('main[data-ready="true"]').waitFor({ timeout: WAIT });
    // the frame takes the height the view reports
    await host.page.waitForFunction(() => document.getElementById('view').getBoundingClientRect().height > 210, null, { timeout: WAIT });
    await host.page.locator('#view').screenshot({ path: path.join(opt.out, file) });
    console.log(`wrote ${path.join(opt.out, file)}`);
    await host.close();
  };
  const call = (client, name, args) => client.callTool({ name, arguments: args });
  await shoot(tickets, 'ui://sciorex/board', 'apps-board.png',
    { toolName: 'sciorex_show_board', toolInput: {}, toolResult: await call(tickets, 'sciorex_show_board', {}), width: 1100 });
  await shoot(tickets, 'ui://sciorex/ticket', 'apps-ticket.png',
    { toolName: 'sciorex_get_ticket', toolInput: { ticketId: 'T-001' }, toolResult: await call(tickets, 'sciorex_get_ticket', { ticketId: 'T-001' }), width: 720 });
  agent = await new StdioAgent(INTERACTIONS, workspace, { name: 'backend-dev' }).start();
  const question = { question: 'Store avatars in S3 or on local disk?', context: 'Uploads grow about 2 GB a month; the servers have 40 GB free.',
    options: ['S3', 'Local disk'], urgency: 'blocking', ticketId: 'T-001', placeholder: 'Anything to add', timeoutSeconds: 120 };
  const waiting = agent.call('sciorex_ask_user', question).catch(() => {});
  await shoot(interactions, 'ui://sciorex/question', 'apps-question.png', { toolName: 'sciorex_ask_user', toolInput: question, width: 640 });
  void waiting;
} finally {
  await agent?.stop().catch(() => {});
  for (const c of clients) await c.close().catch(() => {});
  await browser?.close().catch(() => {});
  removeWorkspace(workspace);
}
