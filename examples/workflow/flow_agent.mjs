// A scripted agent for the flows runner: what `sciorex-flows` starts for each agent node when
// `.sciorex/sciorex.yaml` names it as `flows.runner` (the demo's stand-in for Claude Code, which
// needs a model). Like Claude Code, it reads the MCP config the runner wrote for the node, starts
// the servers listed there (our own, on the flow's store, with SCIOREX_AGENT naming the agent, so
// the ticket's history says which agent did what), works through their tools, and prints a JSON
// object whose `result` is its final text, as `claude -p --output-format json` does.
//   technical-planner  reads the ticket, breaks it into subtasks, comments the plan
//   feature-developer  ticks every open subtask off, reports progress, comments
//   code-reviewer      checks the subtasks and ends its answer with {"passed": true|false}
// usage (as flows.runner): [node, flow_agent.mjs, --agent, "{agent}", --mcp-config, "{mcpConfig}",
//                           --ticket, "{ticket}", --input, "{input}"]
// Exit code 0 when its work succeeded; 1 with the reason on stderr otherwise.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const { values: opt } = parseArgs({
  options: {
    agent: { type: 'string' },
    'mcp-config': { type: 'string' },
    ticket: { type: 'string' },
    input: { type: 'string', default: '' },
  },
});
if (!opt.agent || !opt['mcp-config'] || !opt.ticket) {
  console.error('usage: flow_agent.mjs --agent NAME --mcp-config FILE --ticket ID [--input TEXT]');
  process.exit(2);
}
const REQUEST = { timeout: 15_000 };
const TICKET = opt.ticket;

/** A client on the server `name` of the runner's MCP config, started as Claude Code would. */
async function connect(name) {
  const config = JSON.parse(fs.readFileSync(opt['mcp-config'], 'utf8'));
  const server = config.mcpServers?.[name];
  if (!server) throw new Error(`the MCP config has no ${name}`);
  const transport = new StdioClientTransport({
    command: server.command, args: server.args ?? [], env: { ...process.env, ...(server.env ?? {}) }, stderr: 'inherit',
  });
  const client = new Client({ name: 'flow-agent', version: '1.0.0' }, { capabilities: {} });
  await client.connect(transport, REQUEST);
  return {
    async call(tool, args) {
      const res = await client.callTool({ name: tool, arguments: args }, undefined, REQUEST);
      if (res.isError) throw new Error(`${tool}: ${(res.content ?? []).map((c) => c.text).join(' ')}`);
      console.error(`${opt.agent}: ${tool} ${JSON.stringify(args).slice(0, 100)}`);
      return res.structuredContent;
    },
    close: () => client.close().catch(() => {}),
  };
}

const ROLES = {
  async 'technical-planner'(tickets) {
    const t = await tickets.call('sciorex_get_ticket', { ticketId: TICKET });
    const steps = t.subtasks.length ? t.subtasks.map((s) => s.title)
      : ['Reproduce the timeout on a throttled connection', 'Make the auth timeout configurable', 'Test on a slow link'];
    for (const title of t.subtasks.length ? [] : steps) await tickets.call('sciorex_add_subtask', { ticketId: TICKET, title });
    const plan = `Plan for ${TICKET} (${t.title}):\n${steps.map((s, i) => `${i + 1}. ${s}`).join('\n')}`;
    await tickets.call('sciorex_add_comment', { ticketId: TICKET, comment: plan });
    return plan;
  },
  async 'feature-developer'(tickets) {
    const { subtasks } = await tickets.call('sciorex_list_subtasks', { ticketId: TICKET });
    const open = subtasks.filter((s) => s.status !== 'done');
    for (const [i, s] of open.entries()) {
      await tickets.call('sciorex_complete_subtask', { ticketId: TICKET, subtaskId: s.id });
      const percentage = Math.round(((i + 1) * 100) / open.length);
      await tickets.call('sciorex_report_progress', { ticketId: TICKET, message: `Done: ${s.title}`, percentage });
    }
    await tickets.call('sciorex_add_comment', { ticketId: TICKET, comment: `Implemented ${open.length} subtasks.` });
    return `Implemented ${TICKET}: ${open.length} subtasks done.`;
  },
  async 'code-reviewer'(tickets) {
    const list = await tickets.call('sciorex_list_subtasks', { ticketId: TICKET });
    const passed = list.completed === list.total;
    await tickets.call('sciorex_add_comment', {
      ticketId: TICKET, comment: passed ? 'Reviewed: every subtask done.' : `${list.total - list.completed} subtasks open.`,
    });
    return `Review of ${TICKET}: ${list.completed}/${list.total} subtasks done.\n${JSON.stringify({ passed })}`;
  },
};

async function main() {
  const role = ROLES[opt.agent];
  if (!role) throw new Error(`no script for agent ${opt.agent}`);
  const tickets = await connect('sciorex-tickets');
  try {
    const result = await role(tickets);
    process.stdout.write(`${JSON.stringify({ type: 'result', is_error: false, result })}\n`);
  } finally {
    await tickets.close();
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(`flow_agent: ${opt.agent}: ${e.message}`);
  process.exit(1);
});
