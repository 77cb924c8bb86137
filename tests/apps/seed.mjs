// The tickets the MCP Apps tests and screenshots start from, made through the tools (a client of
// sciorex-tickets without the extension): one card per column, with priorities, types, labels,
// subtask progress and a blocker, and text that would be markup if a view inserted it as HTML.
export const SEED = [
  { title: 'Login form rejects passwords over 64 characters', type: 'bug', priority: 'high', labels: ['auth', 'ui'],
    description: 'Steps:\n1. Type a 65-character password\n2. Press Sign in\nThe form says "<b>too long</b>" and clears the field.',
    subtasks: ['Reproduce in a test', 'Raise the limit to 1024'], status: 'in_progress', done: 1,
    comment: 'Reproduced: validate_password() caps the length at 64.' },
  { title: 'Dark mode for the board', type: 'feature', priority: 'medium', labels: ['ui'], status: 'planned' },
  { title: 'Write the import guide', type: 'documentation', priority: 'low', labels: ['docs'], status: 'backlog' },
  { title: 'Profile the search query at 100k tickets', type: 'research', priority: 'critical', labels: ['perf'], status: 'in_review', blockedBy: 'T-001' },
  { title: 'Drop the legacy avatars table', type: 'refactor', priority: 'medium', labels: [], status: 'done' },
];

const PATH = ['backlog', 'planned', 'in_progress', 'in_review', 'done'];

async function call(client, name, args) {
  const r = await client.callTool({ name, arguments: args });
  if (r.isError) throw new Error(`${name}: ${r.content.map((c) => c.text).join(' ')}`);
  return r.structuredContent;
}

/** Creates SEED through `client`; resolves to the ids (T-001...). */
export async function seed(client) {
  const ids = [];
  for (const t of SEED) {
    const made = await call(client, 'sciorex_create_ticket', {
      title: t.title, type: t.type, priority: t.priority, labels: t.labels,
      ...(t.description ? { description: t.description } : {}), ...(t.subtasks ? { subtasks: t.subtasks } : {}),
    });
    const id = made.id ?? made.ticket?.id;
    ids.push(id);
    for (const status of PATH.slice(1, PATH.indexOf(t.status) + 1)) await call(client, 'sciorex_change_status', { ticketId: id, status });
    const subs = (await call(client, 'sciorex_get_ticket', { ticketId: id })).subtasks ?? [];
    for (const s of subs.slice(0, t.done ?? 0)) await call(client, 'sciorex_complete_subtask', { ticketId: id, subtaskId: s.id });
    if (t.comment) await call(client, 'sciorex_add_comment', { ticketId: id, comment: t.comment });
    if (t.blockedBy) await call(client, 'sciorex_add_blocker', { ticketId: id, blockerTicketId: t.blockedBy, reason: 'needs the fix first' });
  }
  return ids;
}
