// The board: one column per status (a region named by the status label), cards as links to the
// ticket panel, filters, "show more" for long columns, and moves by drag and drop. A refused move
// says why (the server's message names the allowed targets) and puts the card back.
import { enc, get, post, withQuery } from './api.js';
import { fill, h, labelOf, select, statusLabel, toast } from './dom.js';
import { allowedFrom, sawEvent, state } from './state.js';

const FIRST = 25; // cards per column on a first read: more than a screen holds, quick to draw
// (index.html preloads /api/board?limit=25: change both together)
const PAGE = 100; // cards per "show more"
let root = null; // the board's element while the board is shown
let columnsEl = null;
let shown = {}; // status -> how many cards of the column are on screen
let loading = null;
let again = false;
let dragged = null; // {id, from, li, parent, next}
let prefetched = null; // the first read, started before the page knows the server's meta
let drawn = {}; // status -> the column's data as last drawn (a column that did not change stays)
const more = new IntersectionObserver((entries) => {
  for (const e of entries) if (e.isIntersecting && !e.target.disabled) e.target.click();
}, { rootMargin: '200px' });

function boardQuery() {
  return { ...filterQuery(), cancelled: state.filters.cancelled ? 1 : '', limit: FIRST };
}

/** Starts the first read at once (the page's start reads meta and epics beside it). */
export function prefetchBoard() {
  prefetched = get(withQuery('/api/board', boardQuery()));
  prefetched.catch(() => {});
}

export function renderBoard(main) {
  columnsEl = h('div', { class: 'columns', id: 'columns', ondragstart: dragStart, ondragend: dragEnd });
  root = h('div', { class: 'board' }, filtersBar(), columnsEl);
  fill(main, root);
  shown = {};
  drawn = {};
  return refreshBoard();
}

export function boardShown() {
  return root !== null && root.isConnected;
}

/** The filters as query parameters (a column's page takes them too, but not `cancelled`). */
function filterQuery() {
  const f = state.filters;
  return { type: f.type, priority: f.priority, label: f.label, epic: f.epic, q: f.q };
}

function filtersBar() {
  const f = state.filters;
  const meta = state.meta;
  let timer = null;
  const set = (key, value, delay = 0) => {
    f[key] = value;
    clearTimeout(timer);
    timer = setTimeout(() => { shown = {}; prefetched = null; refreshBoard(); }, delay);
  };
  // each control named by its own <label for>: a wrapping label would add the select's text to the name
  const field = (label, control) => h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
  return h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter the board', onsubmit: (e) => e.preventDefault() },
    field('Search', h('input', { id: 'filter-q', type: 'search', value: f.q, placeholder: 'Search tickets', oninput: (e) => set('q', e.target.value.trim(), 250) })),
    field('Type', select({ id: 'filter-type', onchange: (e) => set('type', e.target.value) }, [['', 'Any'], ...meta.types], f.type)),
    field('Priority', select({ id: 'filter-priority', onchange: (e) => set('priority', e.target.value) }, [['', 'Any'], ...meta.priorities], f.priority)),
    field('Label', h('input', { id: 'filter-label', type: 'text', value: f.label, size: 10, oninput: (e) => set('label', e.target.value.trim(), 250) })),
    field('Epic', select({ id: 'filter-epic', onchange: (e) => set('epic', e.target.value) },
      [['', 'Any'], ...state.epics.map((ep) => [ep.id, `${ep.id} ${ep.title}`])], f.epic)),
    h('label', { class: 'toggle' }, h('input', { type: 'checkbox', checked: f.cancelled, onchange: (e) => set('cancelled', e.target.checked) }), ' Show cancelled'));
}

/** Fetches the board again (coalesced: one read at a time, one more after it when asked meanwhile). */
export async function refreshBoard() {
  if (!boardShown()) return;
  if (loading) { again = true; return loading; }
  loading = (async () => {
    try {
      const first = prefetched;
      prefetched = null;
      const data = await (first ?? get(withQuery('/api/board', boardQuery())));
      sawEvent(data.lastEventId);
      for (const col of data.columns) {
        const want = Math.max(shown[col.status] ?? FIRST, FIRST);
        while (col.tickets.length < Math.min(want, col.total)) {
          const rest = await get(withQuery(`/api/board/column/${enc(col.status)}`,
            { ...filterQuery(), offset: col.tickets.length, limit: Math.min(500, want - col.tickets.length) }));
          if (!rest.tickets.length) break;
          col.tickets.push(...rest.tickets);
        }
      }
      if (state.dragging) { again = true; return; } // never pull a column from under a drag
      draw(data.columns);
    } catch (e) {
      toast(`Could not load the board: ${e.message}`);
    } finally {
      loading = null;
      if (again) { again = false; refreshBoard(); }
    }
  })();
  return loading;
}

// Draws the columns; one whose cards did not change keeps its elements (and its scroll and focus).
function draw(columns) {
  if (!boardShown()) return;
  const focusedId = document.activeElement?.closest?.('.card')?.dataset.id;
  const old = {};
  for (const sec of columnsEl.querySelectorAll(':scope > .column')) old[sec.dataset.status] = sec;
  const next = {};
  const sections = columns.map((col) => {
    const key = JSON.stringify([col.label, col.total, col.tickets, state.epics.length]);
    next[col.status] = key;
    const keep = old[col.status];
    if (keep && drawn[col.status] === key) return keep;
    const sec = column(col);
    if (keep) {
      const btn = keep.querySelector('.more');
      if (btn) more.unobserve(btn);
    }
    return sec;
  });
  drawn = next;
  if (sections.length !== columnsEl.children.length || sections.some((sec, i) => columnsEl.children[i] !== sec)) {
    const scrolls = {};
    for (const sec of columnsEl.querySelectorAll(':scope > .column')) scrolls[sec.dataset.status] = sec.querySelector('.column-body').scrollTop;
    fill(columnsEl, sections);
    for (const sec of sections) {
      // (setting scrollTop lays the page out at once: only where there is something to restore)
      if (scrolls[sec.dataset.status]) sec.querySelector('.column-body').scrollTop = scrolls[sec.dataset.status];
    }
  }
  if (focusedId && !columnsEl.contains(document.activeElement)) {
    columnsEl.querySelector(`.card[data-id="${CSS.escape(focusedId)}"]`)?.focus();
  }
  if (!document.body.dataset.boardReady) {
    document.body.dataset.boardReady = '1';
    performance.mark('sciorex-board-filled'); // the first filled screen (bench/board reads it)
  }
}

function column(col) {
  shown[col.status] = col.tickets.length;
  const headingId = `col-${col.status}`;
  const list = h('ol', { class: 'cards', dataset: { status: col.status } }, col.tickets.map(card));
  const rest = col.total - col.tickets.length;
  const section = h('section', { class: `column status-${col.status}`, role: 'region', 'aria-labelledby': headingId, dataset: { status: col.status } },
    h('header', { class: 'column-head' },
      h('h2', { id: headingId }, col.label || statusLabel(col.status)),
      h('span', { class: 'count', title: `${col.total} tickets` }, String(col.total))),
    h('div', { class: 'column-body' }, list,
      rest > 0 ? h('button', { type: 'button', class: 'more', onclick: (e) => showMore(col.status, list, e.currentTarget) }, `Show more (${rest} more)`) : null));
  const btn = section.querySelector('.more');
  if (btn) more.observe(btn); // scrolling to the end of a column loads the next page by itself
  section.addEventListener('dragover', (e) => {
    if (!dragged) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
  });
  section.addEventListener('dragenter', () => dragged && section.classList.add('drop-here'));
  section.addEventListener('dragleave', (e) => { if (!section.contains(e.relatedTarget)) section.classList.remove('drop-here'); });
  section.addEventListener('drop', (e) => {
    e.preventDefault();
    section.classList.remove('drop-here');
    const id = e.dataTransfer.getData('text/plain') || dragged?.id;
    if (id && dragged && col.status !== dragged.from) moveCard(dragged, col.status, list);
  });
  return section;
}

async function showMore(status, list, btn) {
  btn.disabled = true;
  try {
    const data = await get(withQuery(`/api/board/column/${enc(status)}`, { ...filterQuery(), offset: list.children.length, limit: PAGE }));
    list.append(...data.tickets.map(card));
    shown[status] = list.children.length;
    drawn[status] = null; // what is on screen is no longer what was drawn
    const rest = data.total - list.children.length;
    if (rest > 0) btn.textContent = `Show more (${rest} more)`;
    else { more.unobserve(btn); btn.remove(); }
  } catch (e) {
    toast(`Could not load more of ${statusLabel(status)}: ${e.message}`);
  } finally {
    btn.disabled = false;
  }
}

export function card(t) {
  const epic = t.epicId ? state.epics.find((ep) => ep.id === t.epicId) : null;
  const sub = t.subtasks ?? { done: 0, total: 0 };
  // spaces between the parts: the link's accessible name reads "T-042 Feature Medium Add user ..."
  const gap = (parts) => parts.filter(Boolean).flatMap((p, i) => (i ? [' ', p] : [p]));
  const a = h('a', { class: `card prio-${t.priority}`, href: `#/tickets/${enc(t.id)}`, draggable: 'true', dataset: { id: t.id, status: t.status } },
    h('span', { class: 'card-top' }, gap([
      h('span', { class: 'id' }, t.id),
      h('span', { class: `badge type-${t.type}` }, labelOf(t.type)),
      h('span', { class: `badge prio prio-${t.priority}` }, labelOf(t.priority)),
      t.blocked ? h('span', { class: 'badge blocked', title: 'Blocked by another ticket' }, 'Blocked') : null])),
    ' ', h('span', { class: 'title' }, t.title), ' ',
    h('span', { class: 'card-meta' }, gap([
      ...(t.labels ?? []).map((l) => h('span', { class: 'label' }, l)),
      t.epicId ? h('span', { class: 'card-epic', title: epic ? epic.title : t.epicId }, t.epicId) : null,
      sub.total > 0 ? h('span', { class: 'subtasks', title: 'Subtasks done' }, `${sub.done}/${sub.total}`) : null])));
  return h('li', {}, a);
}

// Drag and drop, one listener for all the cards.
function dragStart(e) {
  const a = e.target.closest?.('.card');
  if (!a) return;
  const li = a.parentElement;
  const from = a.dataset.status;
  dragged = { id: a.dataset.id, from, li, parent: li.parentElement, next: li.nextElementSibling };
  state.dragging = true;
  e.dataTransfer.setData('text/plain', a.dataset.id);
  e.dataTransfer.effectAllowed = 'move';
  const ok = new Set(allowedFrom(from));
  for (const s of columnsEl.querySelectorAll('.column')) {
    s.classList.toggle('drop-ok', ok.has(s.dataset.status));
    s.classList.toggle('drop-no', s.dataset.status !== from && !ok.has(s.dataset.status));
  }
}

function dragEnd() {
  state.dragging = false;
  for (const s of columnsEl.querySelectorAll('.column')) s.classList.remove('drop-ok', 'drop-no', 'drop-here');
  setTimeout(() => { if (!state.dragging) dragged = null; }, 0);
}

async function moveCard(d, to, list) {
  const { id, from, li, parent, next } = d;
  list.prepend(li); // on screen at once; the server's answer decides where it stays
  li.firstChild.dataset.status = to;
  try {
    const t = await post(`/api/tickets/${enc(id)}/status`, { status: to });
    toast(`${id} moved to ${statusLabel(t.status ?? to)}`, 'ok');
  } catch (e) {
    parent.insertBefore(li, next && next.parentElement === parent ? next : null);
    li.firstChild.dataset.status = from;
    li.firstChild.focus();
    toast(`${id} cannot move to ${statusLabel(to)}: ${e.message}`);
  }
  refreshBoard();
}
