// The ticket view (ui://sciorex/ticket) for sciorex_get_ticket: title, badges, status control, the
// description as plain text, subtasks with checkboxes, comments and a form to add one. Changes go
// through the app-only tools sciorex_ui_move_ticket (with the ticket's updatedAt),
// sciorex_ui_set_subtask and sciorex_ui_add_comment; then the view reads the ticket again through
// sciorex_get_ticket. Everything from the store is shown as text, never as HTML.

let ticket = null;

function subtaskList(t) {
  const subs = t.subtasks ?? [];
  if (!subs.length) return h('p', { class: 'muted' }, 'No subtasks');
  return h('ul', { class: 'subtasks' }, subs.map((s) => {
    const box = h('input', { type: 'checkbox', checked: !!s.completed, dataset: { subtask: s.id },
      onchange: (e) => setSubtask(s, e.target.checked, e.target) });
    return h('li', { class: `subtask st-${s.completed ? 'done' : s.status}` },
      h('label', { class: 'tick' }, box, h('span', {}, s.title)),
      s.status && !s.completed && s.status !== 'pending' ? h('span', { class: 'badge' }, labelOf(s.status)) : null);
  }));
}

function commentList(t) {
  const comments = t.comments ?? [];
  return h('ol', { class: 'comments' }, comments.map((c) =>
    h('li', {}, h('div', { class: 'muted' }, h('span', { class: 'actor' }, actorText(c.author)), ' · ', timeEl(c.createdAt)),
      h('div', { class: 'text' }, c.text))));
}

// Not a <form>: a host's sandbox may leave out allow-forms, which blocks submit events.
function commentForm() {
  const text = h('textarea', { id: 'comment-text', rows: 2, maxlength: 20000, 'aria-label': 'Comment' });
  const send = async (button) => {
    const value = text.value.trim();
    if (!value) return say('Write the comment first', 'error');
    const ok = await act(button, 'Add the comment', () => bridge.callTool('sciorex_ui_add_comment', { ticketId: ticket.id, text: value }));
    if (ok) document.getElementById('comment-text').value = '';
    await reload();
  };
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send(null);
  });
  return h('div', { class: 'stack', id: 'comment-form' }, text,
    h('div', {}, h('button', { type: 'button', class: 'primary', onclick: (e) => send(e.currentTarget) }, 'Add comment')));
}

function draw() {
  const t = ticket;
  const main = document.getElementById('app');
  if (!t) return;
  // a re-read must not lose what the person is typing
  const draft = document.getElementById('comment-text');
  const typing = draft && document.activeElement === draft;
  const done = (t.subtasks ?? []).filter((s) => s.completed).length;
  const status = h('select', { id: 'ticket-status', 'aria-label': 'Status', onchange: (e) => moveTicket(e.target.value, e.target) },
    STATUSES.map((s) => h('option', { value: s, selected: s === t.status }, statusLabel(s))));
  const blockers = (t.blockedBy ?? []).filter((b) => b.status !== 'done' && b.status !== 'cancelled');
  fill(main,
    h('div', { class: 'ticket-head' }, h('span', { class: 'id' }, t.id), h('h1', {}, t.title)),
    h('div', { class: 'row' }, h('label', { for: 'ticket-status', class: 'muted' }, 'Status'), status,
      ticketBadges({ ...t, blocked: blockers.length > 0 }), t.epicId ? h('span', { class: 'card-epic' }, t.epicId) : null),
    h('p', { id: 'status', class: 'status-line muted', role: 'status' }),
    blockers.length ? h('p', { class: 'blocker open' }, `Blocked by ${blockers.map((b) => b.ticketId).join(', ')}`) : null,
    h('section', { class: 'part' }, h('h2', {}, 'Description'),
      t.description ? h('div', { class: 'desc-text' }, t.description) : h('p', { class: 'muted' }, 'No description'),
      t.descriptionTruncated ? h('p', { class: 'muted' }, '(cut; the agent can read the rest)') : null),
    h('section', { class: 'part' }, h('h2', {}, 'Subtasks'),
      progress(done, (t.subtasks ?? []).length), subtaskList(t)),
    h('section', { class: 'part' }, h('h2', {}, 'Comments'), commentList(t), commentForm()));
  if (draft) {
    const text = document.getElementById('comment-text');
    text.value = draft.value;
    if (typing) text.focus();
  }
  main.dataset.ready = 'true';
}

async function setSubtask(s, completed, control) {
  await act(control, `${completed ? 'Tick' : 'Untick'} "${s.title}"`, () =>
    bridge.callTool('sciorex_ui_set_subtask', { ticketId: ticket.id, subtaskId: s.id, completed }));
  await reload();
}

async function moveTicket(status, control) {
  const args = { ticketId: ticket.id, status };
  if (ticket.updatedAt) args.expectedUpdatedAt = ticket.updatedAt;
  await act(control, `Move to ${statusLabel(status)}`, () => bridge.callTool('sciorex_ui_move_ticket', args));
  await reload();
}

async function reload() {
  const message = document.getElementById('status')?.textContent;
  const kind = document.getElementById('status')?.classList.contains('error') ? 'error' : 'ok';
  try {
    const data = resultData(await bridge.callTool('sciorex_get_ticket', { ticketId: ticket.id }));
    if (data?.id) ticket = data;
  } catch (e) {
    return say(`Reading ${ticket.id}: ${e.message}`, 'error');
  }
  draw();
  if (message) say(message, kind);
}

fill(document.getElementById('app'), h('p', { id: 'status', class: 'status-line muted', role: 'status' }, 'Waiting for the ticket…'));
bridge.on('tool-result', (result) => {
  if (result.isError) return say(resultText(result) || 'The ticket could not be read', 'error');
  const data = resultData(result);
  if (data?.id) {
    ticket = data;
    draw();
  }
});
bridge.start({ name: 'sciorex-ticket', version: '1.0.0' }).catch((e) => say(`Connecting to the host: ${e.message}`, 'error'));
