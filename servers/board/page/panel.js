// The ticket panel (#/tickets/T-042): the ticket's fields, its Status control (only the targets the
// transition table allows), the rendered description, and the sections of panel_sections.js. The
// edit form (panel_edit.js) stays untouched while live updates redraw the rest.
import { enc, get, post } from './api.js';
import { fill, h, labelOf, safeHtml, statusLabel, timeEl, toast } from './dom.js';
import { editForm } from './panel_edit.js';
import { sections } from './panel_sections.js';
import { sawEvent, state } from './state.js';

const panel = () => document.getElementById('panel');
let currentId = null;
let ticket = null;
let runs = []; // the ticket's flow runs, read beside it (the detail does not carry them)
let editing = null; // the edit form while open
let loading = null;
let again = false;
let onChange = () => {};

/** What to run after the panel wrote something (the board's refresh). */
export function onPanelWrite(fn) {
  onChange = fn;
}

export function panelTicketId() {
  return currentId;
}

export async function openPanel(id) {
  const el = panel();
  if (currentId !== id) {
    currentId = id;
    ticket = null;
    runs = [];
    editing = null;
    fill(el, h('p', { class: 'muted' }, `Loading ${id}…`));
  }
  el.hidden = false;
  document.body.classList.add('panel-open');
  await refreshPanel();
  document.getElementById('panel-title')?.focus();
}

export function closePanel() {
  const el = panel();
  const wasId = currentId;
  currentId = null;
  ticket = null;
  editing = null;
  el.hidden = true;
  fill(el);
  document.body.classList.remove('panel-open');
  if (wasId) document.querySelector(`.card[data-id="${CSS.escape(wasId)}"]`)?.focus();
}

export async function refreshPanel() {
  if (!currentId) return;
  if (loading) { again = true; return loading; }
  const id = currentId;
  loading = (async () => {
    try {
      const [t, r] = await Promise.all([get(`/api/tickets/${enc(id)}`),
        get(`/api/tickets/${enc(id)}/runs`).catch(() => null)]);
      if (id === currentId) {
        if (r) runs = r.runs ?? [];
        show(t, { keepDrafts: true });
      }
    } catch (e) {
      if (id === currentId) fill(panel(), closeButton(), h('p', { class: 'error' }, `${id}: ${e.message}`));
    } finally {
      loading = null;
      if (again) { again = false; refreshPanel(); }
    }
  })();
  return loading;
}

/** Draws a ticket detail the server returned (after a read or a write). keepDrafts: a live
 *  redraw keeps what the person is typing in the add-subtask and comment fields. */
export function show(t, { keepDrafts = false } = {}) {
  if (!t || t.id !== currentId) return;
  ticket = t;
  const el = panel();
  const hadFocus = el.contains(document.activeElement) ? focusKey(document.activeElement) : null;
  const drafts = keepDrafts ? [...el.querySelectorAll('.panel-section input[id], .panel-section textarea[id]')]
    .filter((n) => n.type !== 'checkbox' && n.value).map((n) => [n.id, n.value]) : [];
  const scroll = el.scrollTop;
  const parts = [head(t), editing ? editing.el : view(t), sections(t, { write, runs })];
  if (editing) editing.update(t);
  fill(el, parts);
  for (const [id, value] of drafts) {
    const n = el.querySelector(`#${CSS.escape(id)}`);
    if (n) n.value = value;
  }
  el.scrollTop = scroll;
  if (hadFocus) restoreFocus(el, hadFocus);
}

// Focus survives a redraw: the same control (by id or accessible label) gets it back.
function focusKey(node) {
  return node.id ? { id: node.id } : { label: node.getAttribute('aria-label'), tag: node.tagName };
}
function restoreFocus(el, key) {
  const n = key.id ? el.querySelector(`#${CSS.escape(key.id)}`)
    : key.label ? el.querySelector(`${key.tag}[aria-label="${CSS.escape(key.label)}"]`) : null;
  n?.focus({ preventScroll: true });
}

function closeButton() {
  return h('button', { type: 'button', class: 'close', 'aria-label': 'Close the ticket', onclick: () => { location.hash = '#/'; } }, '×');
}

function head(t) {
  const targets = t.allowedTransitions ?? state.meta.transitions[t.status] ?? [];
  const status = h('select', { id: 'panel-status', onchange: (e) => move(t, e.target.value, e.target) },
    h('option', { value: t.status, selected: true }, `${statusLabel(t.status)} (current)`),
    targets.map((s) => h('option', { value: s }, statusLabel(s))));
  return h('div', { class: 'panel-head' },
    h('div', { class: 'panel-title-row' },
      h('h2', { id: 'panel-title', tabindex: '-1' }, h('span', { class: 'id' }, t.id), ' ', h('span', { class: 'ticket-title' }, t.title)),
      closeButton()),
    h('div', { class: 'panel-controls' },
      h('label', { for: 'panel-status' }, 'Status'), status,
      editing ? null : h('button', { type: 'button', id: 'panel-edit', onclick: startEdit }, 'Edit')));
}

function view(t) {
  const epic = t.epicId ? state.epics.find((e) => e.id === t.epicId) : null;
  const row = (k, v) => [h('dt', {}, k), h('dd', {}, v)];
  return h('div', { class: 'panel-view' },
    h('dl', { class: 'fields' },
      row('Type', labelOf(t.type)),
      row('Priority', h('span', { class: `badge prio prio-${t.priority}` }, labelOf(t.priority))),
      row('Labels', (t.labels ?? []).length ? t.labels.map((l) => h('span', { class: 'label' }, l)) : '—'),
      row('Epic', t.epicId ? h('a', { href: `#/epics/${enc(t.epicId)}` }, epic ? `${t.epicId} ${epic.title}` : t.epicId) : '—'),
      row('Created', timeEl(t.createdAt)),
      row('Updated', timeEl(t.updatedAt))),
    h('section', { class: 'description', 'aria-labelledby': 'desc-h' },
      h('h3', { id: 'desc-h' }, 'Description'),
      t.descriptionHtml ? h('div', { class: 'markdown' }, safeHtml(t.descriptionHtml))
        : t.description ? h('div', { class: 'markdown plain' }, t.description) : h('p', { class: 'muted' }, 'No description.')));
}

function startEdit() {
  editing = editForm(ticket, {
    done: (t) => { editing = null; show(t); onChange(); },
    cancel: () => { editing = null; show(ticket); document.getElementById('panel-edit')?.focus(); },
  });
  show(ticket);
  editing.focus();
}

async function move(t, to, selectEl) {
  if (to === t.status) return;
  selectEl.disabled = true;
  try {
    const updated = await post(`/api/tickets/${enc(t.id)}/status`, { status: to });
    sawEvent(updated.lastEventId);
    show(updated);
    toast(`${t.id} moved to ${statusLabel(updated.status)}`, 'ok');
    onChange();
  } catch (e) {
    selectEl.value = t.status;
    toast(`${t.id} cannot move to ${statusLabel(to)}: ${e.message}`);
  } finally {
    selectEl.disabled = false;
    document.getElementById('panel-status')?.focus();
  }
}

/** Runs a write of a section; shows the ticket it returns, or says why it failed. */
async function write(what, fn) {
  try {
    const t = await fn();
    show(t);
    onChange();
    return true;
  } catch (e) {
    toast(`Could not ${what}: ${e.message}`);
    return false;
  }
}
