// Pieces the three views share, over dom.js (the web board's h/fill/labels, inlined before this):
// the data of a tool result, the status line, and the ticket fields' names.

const STATUSES = ['backlog', 'planned', 'in_progress', 'in_review', 'done', 'cancelled'];

/** A tool result's data: structuredContent, else the JSON of its first text block, else null. */
function resultData(result) {
  if (result?.structuredContent && typeof result.structuredContent === 'object') return result.structuredContent;
  const text = (result?.content ?? []).find((c) => c.type === 'text')?.text;
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** The text of a tool result (its text blocks), for errors and plain answers. */
function resultText(result) {
  return (result?.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

/** Shows a short message under the view's head (role=status); errors stay until the next one. */
function say(text, kind = 'ok') {
  const el = document.getElementById('status');
  if (!el) return;
  el.className = `status-line ${kind === 'error' ? 'error' : 'muted'}`;
  el.textContent = text;
}

/** Runs a tool call from a control: disables it meanwhile, reports failure in the status line. */
async function act(control, what, fn) {
  if (control) control.disabled = true;
  say(`${what}…`);
  try {
    const out = await fn();
    say(`${what}: done`);
    return out;
  } catch (e) {
    say(`${what}: ${e.message}`, 'error');
    bridge.log('warning', `${what}: ${e.message}`);
    return undefined;
  } finally {
    if (control) control.disabled = false;
  }
}

/** A labelled priority/type/label row for a ticket or card. */
function ticketBadges(t) {
  return [
    t.priority ? h('span', { class: `badge prio-${t.priority}`, title: 'Priority' }, labelOf(t.priority)) : null,
    t.type ? h('span', { class: 'badge type', title: 'Type' }, labelOf(t.type)) : null,
    t.blocked ? h('span', { class: 'badge blocked' }, 'Blocked') : null,
    (t.labels ?? []).map((l) => h('span', { class: 'label' }, l)),
  ];
}

/** A progress bar with "done/total" beside it. */
function progress(done, total) {
  if (!total) return null;
  const pct = Math.round((100 * done) / total);
  return h('span', { class: 'row subtasks-progress', title: `${done} of ${total} subtasks done` },
    h('span', { class: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': total, 'aria-valuenow': done, 'aria-label': 'Subtasks done' },
      h('span', { style: `width:${pct}%` })),
    h('span', { class: 'muted subtasks-count' }, `${done}/${total}`));
}
