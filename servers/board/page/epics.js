// Epics (#/epics, #/epics/E-001): each with its progress bar (done over all its tickets) and,
// opened, its tickets as cards.
import { enc, get } from './api.js';
import { fill, h, labelOf, statusLabel, toast } from './dom.js';
import { card } from './board.js';
import { state } from './state.js';

let root = null;
let openId = null;

export function epicsShown() {
  return root !== null && root.isConnected;
}

export function renderEpics(main, epicId) {
  openId = epicId ?? null;
  root = h('div', { class: 'epics' }, h('h1', {}, 'Epics'), h('p', { class: 'muted' }, 'Loading…'));
  fill(main, root);
  return refreshEpics();
}

/** Reloads the epics (also the pickers' list). */
export async function loadEpics() {
  const data = await get('/api/epics');
  state.epics = data.epics ?? [];
  return state.epics;
}

export async function refreshEpics() {
  if (!epicsShown()) return;
  try {
    const epics = await loadEpics();
    const detail = openId ? await get(`/api/epics/${enc(openId)}`) : null;
    if (!epicsShown()) return;
    fill(root, h('h1', {}, 'Epics'),
      epics.length ? h('ul', { class: 'epic-list' }, epics.map((e) => epicRow(e, detail?.id === e.id ? detail : null)))
        : h('p', { class: 'muted' }, 'No epics yet. Create one with "New epic".'));
  } catch (e) {
    toast(`Could not load the epics: ${e.message}`);
  }
}

function bar(pct) {
  const s = h('span');
  s.style.width = `${pct}%`; // through the CSSOM: a strict style-src allows it
  return s;
}

function epicRow(e, detail) {
  const pct = e.total ? Math.round((100 * e.done) / e.total) : 0;
  const open = detail !== null;
  return h('li', { class: open ? 'epic open' : 'epic' },
    h('div', { class: 'epic-head' },
      h('a', { href: open ? '#/epics' : `#/epics/${enc(e.id)}`, 'aria-expanded': String(open) },
        h('span', { class: 'id' }, e.id), ' ', h('span', { class: 'title' }, e.title)),
      h('span', { class: 'badge' }, labelOf(e.status)),
      h('span', { class: 'muted' }, `${e.done}/${e.total} done`)),
    h('div', { class: 'progress', role: 'progressbar', 'aria-label': `${e.id} progress`,
      'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(pct), 'aria-valuetext': `${e.done} of ${e.total} tickets done` },
    bar(pct)),
    open ? h('div', { class: 'epic-detail' },
      detail.description ? h('p', { class: 'plain' }, detail.description) : null,
      (detail.tickets ?? []).length
        ? h('ol', { class: 'cards epic-cards' }, detail.tickets.map((t) => {
          const li = card(t);
          li.firstChild.draggable = false;
          li.firstChild.querySelector('.card-top').append(' ', h('span', { class: 'badge' }, statusLabel(t.status)));
          return li;
        }))
        : h('p', { class: 'muted' }, 'No tickets in this epic.')) : null);
}
