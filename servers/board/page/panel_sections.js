// The ticket panel's sections below the description: subtasks (tick, add, set status), blockers and
// relations, linked resources and sessions, the runs of flows (each node's agent, status, session),
// comments (add one), and the history with each entry's actor and time. Everything from the store
// is text.
import { enc, patch, post } from './api.js';
import { actorText, h, labelOf, timeEl } from './dom.js';
import { historyWords } from './history.js';

const SUBTASK_STATES = ['pending', 'in_progress', 'done', 'blocked', 'skipped'];

function section(key, title, count, ...body) {
  return h('section', { class: `panel-section ${key}`, 'aria-labelledby': `sec-${key}` },
    h('h3', { id: `sec-${key}` }, title, count == null ? null : h('span', { class: 'count' }, String(count))),
    body);
}

const ticketLink = (id) => h('a', { href: `#/tickets/${enc(id)}` }, id);

export function sections(t, { write, runs: runList }) {
  return [subtasks(t, write), relations(t), resources(t), sessions(t), runs(runList), comments(t, write), history(t)];
}

function subtasks(t, write) {
  const list = t.subtasks ?? [];
  const done = list.filter((s) => s.completed || s.status === 'done').length;
  const path = (s) => `/api/tickets/${enc(t.id)}/subtasks/${enc(s.id)}`;
  const input = h('input', { type: 'text', id: 'new-subtask', required: true, maxlength: 500, placeholder: 'What needs doing' });
  return section('subtasks', 'Subtasks', list.length ? `${done}/${list.length}` : null,
    list.length ? h('ul', { class: 'subtasks' }, list.map((s) => h('li', { class: `subtask st-${s.status}` },
      h('label', { class: 'tick' },
        h('input', { type: 'checkbox', checked: s.status === 'done', 'aria-label': s.title,
          onchange: (e) => write('update the subtask', () => patch(path(s), { status: e.target.checked ? 'done' : 'pending' })) }),
        h('span', {}, s.title)),
      h('select', { 'aria-label': `State of ${s.title}`, class: 'small',
        onchange: (e) => write('update the subtask', () => patch(path(s), { status: e.target.value })) },
        SUBTASK_STATES.map((v) => h('option', { value: v, selected: v === s.status }, labelOf(v)))),
      s.note ? h('p', { class: 'note' }, s.note) : null))) : h('p', { class: 'muted' }, 'No subtasks.'),
    h('form', { class: 'inline', onsubmit: async (e) => {
      e.preventDefault();
      const title = input.value.trim();
      if (!title) return;
      if (await write('add the subtask', () => post(`/api/tickets/${enc(t.id)}/subtasks`, { title }))) {
        document.getElementById('new-subtask')?.focus();
      }
    } }, h('label', { for: 'new-subtask', class: 'visually-hidden' }, 'New subtask'), input, h('button', { type: 'submit' }, 'Add subtask')));
}

function relations(t) {
  const blockedBy = t.blockedBy ?? [];
  const blocks = t.blocks ?? [];
  const relates = t.relatesTo ?? [];
  if (!blockedBy.length && !blocks.length && !relates.length && !t.parentId) return null;
  const items = [];
  for (const b of blockedBy) {
    const open = b.status !== 'done' && b.status !== 'cancelled';
    items.push(h('li', { class: open ? 'blocker open' : 'blocker' }, 'Blocked by ', ticketLink(b.ticketId),
      b.status ? ` (${labelOf(b.status)})` : '', b.reason ? `: ${b.reason}` : ''));
  }
  for (const id of blocks) items.push(h('li', {}, 'Blocks ', ticketLink(id)));
  for (const id of relates) items.push(h('li', {}, 'Related to ', ticketLink(id)));
  if (t.parentId) items.push(h('li', {}, 'Parent ', ticketLink(t.parentId)));
  return section('relations', 'Blockers and relations', null, h('ul', { class: 'plain' }, items));
}

function resources(t) {
  const list = t.resources ?? [];
  if (!list.length) return null;
  return section('resources', 'Linked resources', list.length, h('ul', { class: 'plain' }, list.map((r) => {
    const name = r.title || r.url || r.path;
    const link = r.url && /^https?:\/\//i.test(r.url)
      ? h('a', { href: r.url, target: '_blank', rel: 'noopener noreferrer' }, name) : h('span', {}, name);
    return h('li', {}, r.kind ? h('span', { class: 'badge' }, r.kind) : null, ' ', link,
      r.path && r.url ? h('span', { class: 'muted' }, ` ${r.path}`) : null);
  })));
}

function sessions(t) {
  const list = t.sessions ?? [];
  if (!list.length) return null;
  return section('sessions', 'Sessions', list.length, h('ul', { class: 'plain' }, list.map((s) => h('li', {},
    h('code', {}, s.sessionId), s.title ? ` ${s.title}` : '', ' ', timeEl(s.createdAt),
    s.archived ? h('span', { class: 'badge' }, 'archived') : null,
    s.notes ? h('p', { class: 'note' }, s.notes) : null))));
}

// The flows runner's runs for this ticket, newest first (GET /api/tickets/:id/runs).
function runs(list) {
  if (!list?.length) return null;
  return section('runs', 'Runs', list.length, h('ol', { class: 'runs' }, list.map((r) => h('li', {
    class: `run run-${r.status}`, 'data-run': r.runId, 'aria-label': `${r.flow} ${r.runId}` },
  h('div', { class: 'run-head' }, h('strong', {}, r.flow), ' ',
    h('span', { class: `badge run-status st-${r.status}` }, labelOf(r.status)), ' ',
    r.attempt > 1 ? h('span', { class: 'muted' }, `attempt ${r.attempt} `) : null,
    timeEl(r.startedAt), r.endedAt ? [' → ', timeEl(r.endedAt)] : null, ' ', h('code', { class: 'muted' }, r.runId)),
  r.error ? h('p', { class: 'note run-error' }, r.error) : null,
  (r.nodes ?? []).length ? h('ol', { class: 'nodes' }, r.nodes.map((n) => h('li', { class: `node node-${n.status}`, 'data-node': n.id },
    h('span', { class: 'node-id' }, n.id), n.agent ? h('span', { class: 'node-agent' }, ` ${n.agent}`) : null,
    n.iteration > 1 ? h('span', { class: 'muted' }, ` (iteration ${n.iteration})`) : null, ': ',
    h('span', { class: `node-status st-${n.status}` }, labelOf(n.status)),
    n.sessionId ? [' · session ', h('code', { class: 'node-session' }, n.sessionId)] : null,
    n.error ? h('p', { class: 'note node-error' }, n.error) : null)))
    : h('p', { class: 'muted' }, 'No node has started.')))));
}

function comments(t, write) {
  const list = t.comments ?? [];
  const total = t.page?.comments?.total ?? list.length;
  const text = h('textarea', { id: 'new-comment', rows: 3, required: true, maxlength: 20000 });
  return section('comments', 'Comments', total,
    total > list.length ? h('p', { class: 'muted' }, `The newest ${list.length} of ${total}.`) : null,
    list.length ? h('ol', { class: 'comments' }, list.map((c) => h('li', {},
      h('div', { class: 'by' }, h('strong', {}, actorText(c.author)), ' ', timeEl(c.createdAt)),
      h('div', { class: 'text' }, c.text)))) : h('p', { class: 'muted' }, 'No comments.'),
    h('form', { class: 'stack', onsubmit: async (e) => {
      e.preventDefault();
      const value = text.value.trim();
      if (!value) return;
      if (await write('add the comment', () => post(`/api/tickets/${enc(t.id)}/comments`, { text: value }))) {
        document.getElementById('new-comment')?.focus();
      }
    } }, h('label', { for: 'new-comment' }, 'Comment'), text, h('button', { type: 'submit' }, 'Add comment')));
}

function history(t) {
  const list = t.history ?? [];
  return section('history', 'History', list.length, h('ol', { class: 'history' }, list.map((e) => h('li', {},
    timeEl(e.timestamp), ' ', h('span', { class: `actor actor-${e.actor?.kind ?? e.actor?.type}` }, actorText(e.actor)),
    ': ', h('span', { class: 'what' }, historyWords(e.action, e.details ?? {}))))));
}
