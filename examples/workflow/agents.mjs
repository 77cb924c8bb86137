// The ticket-driven workflow, played by three scripted agents against the real sciorex-tickets over
// stdio. Each agent is an MCP client (the official SDK v1, @modelcontextprotocol/sdk) with its own
// clientInfo name, so the ticket's history shows who did what:
//   technical-planner  reads the ticket, adds a subtask, records the plan
//   feature-developer  claims it (planned -> in_progress), ticks the subtasks off one by one,
//                      reports progress, links the PR, comments, hands it to review
//   code-reviewer      checks every subtask is done, comments, moves it through in_review to done
// scripts/demo.sh runs it (after importing examples/tickets/T-042.yaml into a fresh workspace).
// usage: node22 examples/workflow/agents.mjs --workspace DIR [--ticket T-042] [--server PATH]
// Exit code 0 when every step succeeded, 1 otherwise (the failing step is printed).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: opt } = parseArgs({
  options: {
    workspace: { type: 'string' },
    ticket: { type: 'string', default: 'T-042' },
    server: { type: 'string', default: path.join(ROOT, 'build/bin/sciorex-tickets') },
    pause: { type: 'string', default: '0' }, // ms between steps, for watching
  },
});
if (!opt.workspace) {
  console.error('usage: agents.mjs --workspace DIR [--ticket T-042] [--server PATH]');
  process.exit(2);
}
const TICKET = opt.ticket;
const REQUEST = { timeout: 15_000 };
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const ROLE_COLOR = { 'technical-planner': '36', 'feature-developer': '33', 'code-reviewer': '35' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One agent: a client named `name` on its own sciorex-tickets process over stdio. */
async function agent(name) {
  const transport = new StdioClientTransport({
    command: opt.server, args: ['--workspace', opt.workspace, '--log-level', 'warn'], stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.setEncoding('utf8').on('data', (d) => { stderr = (stderr + d).slice(-10_000); });
  const client = new Client({ name, version: '1.0.0' }, { capabilities: {} });
  await client.connect(transport, REQUEST).catch((e) => {
    throw new Error(`${name} could not start ${opt.server}: ${e.message}\n${stderr}`);
  });
  const who = paint(ROLE_COLOR[name] ?? '0', name.padEnd(17));
  const say = (text) => console.log(`${who} ${text}`);
  return {
    say,
    /** Calls a tool, narrates it, fails on isError. Returns structuredContent. */
    async call(tool, args, note) {
      const res = await client.callTool({ name: tool, arguments: args }, undefined, REQUEST);
      const text = (res.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join(' ');
      const shown = text.split('\n')[0].slice(0, 110);
      say(`${paint('2', `${tool}`)} ${note ? `${note}: ` : ''}${shown}`);
      if (res.isError) throw new Error(`${name}: ${tool} failed: ${text}`);
      if (Number(opt.pause)) await sleep(Number(opt.pause));
      return res.structuredContent;
    },
    client,
    async close() { await client.close().catch(() => {}); },
  };
}

function heading(text) {
  console.log(`\n${paint('1', `== ${text}`)}`);
}

async function main() {
  // ---- the planner
  heading(`Plan: technical-planner reads ${TICKET} and completes the plan`);
  const planner = await agent('technical-planner');
  try {
    const t = await planner.call('sciorex_get_ticket', { ticketId: TICKET }, 'reads the ticket');
    planner.say(`"${t.title}" is ${t.status}, ${t.type}, ${t.priority}; ${t.subtasks.length} subtasks from the YAML`);
    const prompt = await planner.client.getPrompt({ name: 'plan_ticket', arguments: { ticketId: TICKET } }, REQUEST);
    planner.say(`${paint('2', 'prompts/get plan_ticket')}: ${prompt.messages.length} message(s), starting "${String(prompt.messages[0]?.content?.text ?? '').split('\n')[0].slice(0, 70)}"`);
    await planner.call('sciorex_add_subtask', { ticketId: TICKET, title: 'Document the avatar upload API' }, 'adds a step the plan lacked');
    const list = await planner.call('sciorex_list_subtasks', { ticketId: TICKET }, 'reads the plan back');
    for (const s of list.subtasks) planner.say(`  ${s.id}  ${s.title}`);
    await planner.call('sciorex_add_comment', {
      ticketId: TICKET,
      comment: 'Plan: UI first (reuse FileUpload), then the S3 endpoint, image processing with 64/128/256 px thumbnails, ' +
        'the display components, tests and API docs. Risk: large GIFs; complexity: medium.',
    }, 'records the plan');
    if (t.status === 'backlog') await planner.call('sciorex_change_status', { ticketId: TICKET, status: 'planned' }, 'plans it');
  } finally {
    await planner.close();
  }

  // ---- the developer
  heading(`Implement: feature-developer claims ${TICKET} and ticks the subtasks off`);
  const dev = await agent('feature-developer');
  try {
    const ready = await dev.call('sciorex_get_ready_tickets', {}, 'looks for work');
    if (!ready.tickets.some((r) => r.id === TICKET)) throw new Error(`${TICKET} is not among the ready tickets`);
    await dev.call('sciorex_change_status', { ticketId: TICKET, status: 'in_progress', comment: 'Starting on the avatar upload' }, 'claims it');
    const { subtasks } = await dev.call('sciorex_list_subtasks', { ticketId: TICKET }, 'reads the plan');
    for (const [i, s] of subtasks.entries()) {
      await dev.call('sciorex_update_subtask', { ticketId: TICKET, subtaskId: s.id, status: 'in_progress' }, `starts ${s.id}`);
      if (i === 0) {
        // by title, case-insensitive and partial, as the contract allows
        await dev.call('sciorex_complete_subtask', { ticketId: TICKET, title: 'design upload' }, 'completes it by title');
      } else {
        await dev.call('sciorex_complete_subtask', { ticketId: TICKET, subtaskId: s.id }, `completes ${s.id}`);
      }
      const pct = Math.round(((i + 1) * 100) / subtasks.length);
      await dev.call('sciorex_report_progress', { ticketId: TICKET, message: `Done: ${s.title}`, percentage: pct }, 'reports');
    }
    await dev.call('sciorex_link_resource', {
      ticketId: TICKET, url: 'https://example.com/acme/app/pull/314', title: 'Avatar upload', kind: 'pr',
    }, 'links the PR');
    await dev.call('sciorex_add_comment', { ticketId: TICKET, comment: 'Thumbnails are generated on upload; the old avatar is deleted on re-upload.' }, 'comments');
    await dev.call('sciorex_change_status', { ticketId: TICKET, status: 'in_review', comment: 'Ready for review' }, 'hands it to review');
  } finally {
    await dev.close();
  }

  // ---- the reviewer
  heading(`Review: code-reviewer checks ${TICKET} and closes it`);
  const rev = await agent('code-reviewer');
  try {
    const t = await rev.call('sciorex_get_ticket', { ticketId: TICKET }, 'reads the ticket');
    const list = await rev.call('sciorex_list_subtasks', { ticketId: TICKET }, 'checks the subtasks');
    if (list.completed !== list.total) throw new Error(`${list.total - list.completed} subtasks are not done`);
    rev.say(`status ${t.status}; ${list.completed}/${list.total} subtasks done; linked: ${t.resources.map((r) => r.url ?? r.path).join(', ')}`);
    await rev.call('sciorex_add_comment', { ticketId: TICKET, comment: 'Reviewed against the five acceptance criteria: all met, tests cover the crop and the thumbnails.' }, 'records the review');
    const done = await rev.call('sciorex_change_status', { ticketId: TICKET, status: 'done', comment: 'Approved' }, 'approves');
    if (!done.completedAt) throw new Error('done without completedAt');
  } finally {
    await rev.close();
  }

  // ---- proof: the history names the three agents
  const check = await agent('demo-check');
  try {
    const res = await check.client.callTool({ name: 'sciorex_get_ticket', arguments: { ticketId: TICKET, historyLimit: 200 } }, undefined, REQUEST);
    const h = res.structuredContent?.history ?? [];
    const by = (id) => h.filter((e) => e.actor?.type === 'agent' && e.actor.id === id).length;
    const counts = ['technical-planner', 'feature-developer', 'code-reviewer'].map((n) => [n, by(n)]);
    heading(`History of ${TICKET}: ${h.length} entries; ${counts.map(([n, k]) => `${n} ${k}`).join(', ')}`);
    const missing = counts.filter(([, k]) => k === 0).map(([n]) => n);
    if (missing.length) throw new Error(`no history entries by ${missing.join(', ')}`);
    if (res.structuredContent.status !== 'done') throw new Error(`${TICKET} ended ${res.structuredContent.status}`);
  } finally {
    await check.close();
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(`\ndemo: FAILED: ${e.message}`);
  process.exit(1);
});
