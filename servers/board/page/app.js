// The board page: routes (#/, #/tickets/T-042, #/epics, #/epics/E-001, #/inbox), the header's
// buttons, and the live feed: /api/events (Server-Sent Events) tells which views to read again,
// within a second of any process's write. A page that comes back (the network, or the stream)
// resumes after the last event it saw, so it catches up on what happened meanwhile.
import { get } from './api.js';
import { boardShown, prefetchBoard, refreshBoard, renderBoard } from './board.js';
import { fill, h } from './dom.js';
import { epicsShown, loadEpics, refreshEpics, renderEpics } from './epics.js';
import { newEpic, newTicket } from './forms.js';
import { inboxShown, refreshInbox, renderInbox } from './inbox.js';
import { closePanel, onPanelWrite, openPanel, panelTicketId, refreshPanel } from './panel.js';
import { sawEvent, state } from './state.js';

const main = document.getElementById('main');
let view = null; // 'board' | 'epics' | 'inbox'
let viewArg = null;

async function route() {
  let path = location.hash.replace(/^#/, '') || '/';
  try {
    path = decodeURIComponent(path);
  } catch {
    // a malformed %-sequence: the board
  }
  const ticket = path.match(/^\/tickets\/([^/]+)$/);
  const epic = path.match(/^\/epics(?:\/([^/]+))?$/);
  const next = epic ? 'epics' : path === '/inbox' ? 'inbox' : 'board';
  const arg = epic ? (epic[1] ?? null) : null;
  for (const a of document.querySelectorAll('nav a[data-view]')) {
    if (a.dataset.view === next) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (next !== view || arg !== viewArg || !main.firstChild) {
    view = next;
    viewArg = arg;
    if (next === 'board') renderBoard(main);
    else if (next === 'epics') renderEpics(main, arg);
    else renderInbox(main);
  }
  if (ticket) await openPanel(ticket[1]);
  else if (panelTicketId()) closePanel();
}

// --- live ----------------------------------------------------------------------------------------
let source = null;
let due = null; // what the next flush reads again
let timer = null;

function setLive(text) {
  const el = document.getElementById('live');
  el.textContent = text;
  el.dataset.state = text;
}

function connect() {
  source?.close();
  // a new stream resumes after the last event this page has seen; the browser's own reconnects
  // send Last-Event-ID by themselves
  source = new EventSource(state.lastEventId ? `/api/events?after=${state.lastEventId}` : '/api/events');
  source.addEventListener('open', () => setLive('live'));
  source.addEventListener('change', (e) => {
    sawEvent(e.lastEventId);
    let evt = {};
    try {
      evt = JSON.parse(e.data);
    } catch {
      evt = {};
    }
    queue(evt);
  });
  source.addEventListener('reset', () => location.reload()); // too far behind to replay
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) {
      setLive('offline');
      setTimeout(() => { if (navigator.onLine) connect(); }, 3000);
    } else {
      setLive('reconnecting');
    }
  });
}

function queue(evt) {
  due ??= { board: false, tickets: new Set(), inbox: false, epics: false, runs: false };
  if (evt.entityType === 'interaction') {
    due.inbox = true;
  } else if (evt.entityType === 'flow_run') {
    due.runs = true; // a flow run's own record: only the open panel shows runs
  } else {
    due.board = true;
    due.epics = true;
    due.tickets.add(evt.entityId);
  }
  if (evt.entityType === 'ticket' && evt.action?.startsWith?.('interaction')) due.inbox = true;
  timer ??= setTimeout(flush, 30); // one read for a burst of events
}

function flush() {
  timer = null;
  const d = due;
  due = null;
  if (!d) return;
  if (d.board && boardShown()) refreshBoard();
  if ((d.board || d.runs) && panelTicketId()) refreshPanel(); // also a blocker's, an epic's or a run's change shows there
  if (d.epics) epicsShown() ? refreshEpics() : loadEpics().catch(() => {});
  if (d.inbox) refreshInbox();
}

// --- start ---------------------------------------------------------------------------------------
async function start() {
  // the three first reads at once: meta, epics and (on the board) the columns
  if (/^(#\/?)?$|^#\/tickets\//.test(location.hash)) prefetchBoard();
  const epics = loadEpics().catch(() => {});
  try {
    state.meta = await get('/api/meta');
  } catch (e) {
    fill(main, h('p', { class: 'error' }, `The board server did not answer: ${e.message}`));
    setLive('offline');
    return;
  }
  sawEvent(state.meta.lastEventId);
  document.getElementById('user').textContent =
    (state.meta.user ?? '') + (state.meta.readOnly ? ' (read-only)' : '');
  await epics;
  document.getElementById('new-ticket').addEventListener('click', () => newTicket(() => refreshBoard()));
  document.getElementById('new-epic').addEventListener('click', () => newEpic(loadEpics));
  onPanelWrite(() => { if (boardShown()) refreshBoard(); });
  window.addEventListener('hashchange', route);
  document.addEventListener('keydown', (e) => {
    // Escape closes the panel, unless it is editing text there (Escape then only leaves the field)
    const typing = e.target.closest?.('input, textarea, select');
    if (e.key === 'Escape' && panelTicketId() && !typing && !document.getElementById('dialog').open) location.hash = '#/';
  });
  window.addEventListener('offline', () => { source?.close(); setLive('offline'); });
  window.addEventListener('online', connect);
  await route();
  if (!inboxShown()) refreshInbox();
  connect();
}

start();
