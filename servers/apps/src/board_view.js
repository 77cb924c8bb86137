// The board view (ui://sciorex/board) for sciorex_show_board: one column per status with its total,
// cards with priority, type, labels, subtask progress and "blocked". A card moves by drag and drop
// onto another column, or by its "Move to" select (the keyboard's way), to the statuses the
// result's `transitions` allow from its own; both call the app-only tool
// sciorex_ui_move_ticket with the card's updatedAt, then read the board again through
// sciorex_show_board with the arguments the host sent. The filter box narrows the cards shown.

let boardArgs = {};
let boardData = null;
let dragging = null; // {id, from, updatedAt}

function cardsOf(col) {
  return col.cards ?? col.tickets ?? [];
}

/** Where a card in `status` may go: the result's transitions when it has them, else anywhere. */
function targetsOf(status) {
  const allowed = boardData?.transitions?.[status];
  return Array.isArray(allowed) ? allowed.filter((s) => s !== status) : STATUSES.filter((s) => s !== status);
}

function matches(card, text) {
  if (!text) return true;
  const hay = [card.id, card.title, card.type, card.priority, card.epicId, ...(card.labels ?? [])].join(' ').toLowerCase();
  return text.toLowerCase().split(/\s+/).every((w) => hay.includes(w));
}

function card(c) {
  const done = c.subtasks?.done ?? c.subtasksDone ?? 0;
  const total = c.subtasks?.total ?? c.subtasksTotal ?? 0;
  const move = h('select', { class: 'move small', 'aria-label': `Move ${c.id} to`, onchange: (e) => moveTicket(c, e.target.value, e.target) },
    [c.status, ...targetsOf(c.status)].map((s) => h('option', { value: s, selected: s === c.status }, statusLabel(s))));
  return h('li', {},
    h('article', { class: `card prio-${c.priority}`, draggable: 'true', dataset: { id: c.id, status: c.status },
      ondragstart: (e) => {
        dragging = { id: c.id, from: c.status, card: c };
        // the columns it may not go to say so while it is dragged
        document.querySelectorAll('.column').forEach((col) => col.classList.toggle('drop-no',
          col.dataset.status !== c.status && !targetsOf(c.status).includes(col.dataset.status)));
        e.dataTransfer.setData('text/plain', c.id);
        e.dataTransfer.effectAllowed = 'move';
      },
      ondragend: () => {
        dragging = null;
        document.querySelectorAll('.drop-here, .drop-no').forEach((x) => x.classList.remove('drop-here', 'drop-no'));
      } },
    h('span', { class: 'card-top' }, h('span', { class: 'id' }, c.id), ticketBadges(c)),
    h('span', { class: 'title' }, c.title),
    h('span', { class: 'card-meta' },
      c.epicId ? h('span', { class: 'card-epic' }, c.epicId) : null,
      progress(done, total)),
    move));
}

function column(col, filter) {
  const cards = cardsOf(col).filter((c) => matches(c, filter));
  const total = col.total ?? col.count ?? cardsOf(col).length;
  const section = h('section', { class: 'column', 'aria-label': statusLabel(col.status), dataset: { status: col.status } },
    h('div', { class: 'column-head' }, h('h2', {}, statusLabel(col.status)), h('span', { class: 'count', title: 'Tickets in this status' }, String(total))),
    h('div', { class: 'column-body' },
      cards.length ? h('ol', { class: 'cards' }, cards.map((c) => card(c))) : h('p', { class: 'muted empty' }, 'No tickets'),
      total > cardsOf(col).length ? h('p', { class: 'muted' }, `${total - cardsOf(col).length} more not shown`) : null));
  section.addEventListener('dragover', (e) => {
    if (!dragging || !targetsOf(dragging.from).includes(col.status)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
  });
  section.addEventListener('dragenter', () => dragging && section.classList.add('drop-here'));
  section.addEventListener('dragleave', (e) => { if (!section.contains(e.relatedTarget)) section.classList.remove('drop-here'); });
  section.addEventListener('drop', (e) => {
    e.preventDefault();
    section.classList.remove('drop-here');
    if (dragging && targetsOf(dragging.from).includes(col.status)) moveTicket(dragging.card, col.status, null);
  });
  return section;
}

function draw() {
  const main = document.getElementById('app');
  const filter = document.getElementById('filter')?.value ?? '';
  if (!boardData) return;
  const cols = boardData.columns ?? [];
  fill(document.getElementById('columns'),
    cols.length ? cols.map((col) => column(col, filter)) : h('p', { class: 'muted empty' }, 'No tickets'));
  main.dataset.ready = 'true';
}

async function moveTicket(c, status, control) {
  if (status === c.status) return;
  document.querySelector(`.card[data-id="${CSS.escape(c.id)}"]`)?.classList.add('moving');
  const args = { ticketId: c.id, status };
  if (c.updatedAt) args.expectedUpdatedAt = c.updatedAt;
  const ok = await act(control, `Move ${c.id} to ${statusLabel(status)}`, () => bridge.callTool('sciorex_ui_move_ticket', args));
  await reload();
  if (ok) say(`${c.id} moved to ${statusLabel(status)}`);
}

async function reload() {
  try {
    const data = resultData(await bridge.callTool('sciorex_show_board', boardArgs));
    if (data) boardData = data;
  } catch (e) {
    say(`Reading the board: ${e.message}`, 'error');
  }
  draw();
}

function boardShell() {
  const main = document.getElementById('app');
  fill(main,
    h('div', { class: 'view-head' },
      h('h1', {}, 'Tickets'),
      h('label', { class: 'visually-hidden', for: 'filter' }, 'Filter cards'),
      h('input', { type: 'search', id: 'filter', placeholder: 'Filter: id, title, label…', oninput: draw }),
      h('button', { type: 'button', onclick: (e) => act(e.target, 'Refresh', reload) }, 'Refresh')),
    h('p', { id: 'status', class: 'status-line muted', role: 'status' }),
    h('div', { class: 'columns', id: 'columns' }, h('p', { class: 'muted empty' }, 'Waiting for the board…')));
}

boardShell();
bridge.on('tool-input', (p) => { boardArgs = p.arguments ?? {}; });
bridge.on('tool-result', (result) => {
  if (result.isError) return say(resultText(result) || 'The board could not be read', 'error');
  boardData = resultData(result);
  draw();
});
bridge.start({ name: 'sciorex-board', version: '1.0.0' }).catch((e) => say(`Connecting to the host: ${e.message}`, 'error'));
