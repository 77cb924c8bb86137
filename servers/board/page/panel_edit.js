// The ticket panel's edit form: title, description, type, priority, labels, epic. The save carries
// the updatedAt the form started from (expectedUpdatedAt); when someone else saved meanwhile the
// server refuses (409) and the form shows their version beside the person's, overwriting nothing.
import { ApiError, enc, patch } from './api.js';
import { fill, h, labelOf, select } from './dom.js';
import { state } from './state.js';

const splitLabels = (s) => [...new Set(s.split(',').map((l) => l.trim()).filter(Boolean))];
const sameList = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameFields = (a, b) => a.title === b.title && (a.description ?? '') === (b.description ?? '') &&
  a.type === b.type && a.priority === b.priority && sameList(a.labels ?? [], b.labels ?? []) &&
  (a.epicId ?? null) === (b.epicId ?? null);

export function editForm(ticket, { done, cancel }) {
  let base = ticket; // the version the edit starts from
  const title = h('input', { id: 'edit-title', type: 'text', required: true, maxlength: 500 });
  const description = h('textarea', { id: 'edit-description', rows: 10 });
  const type = select({ id: 'edit-type' }, state.meta.types, '');
  const priority = select({ id: 'edit-priority' }, state.meta.priorities, '');
  const labels = h('input', { id: 'edit-labels', type: 'text', 'aria-describedby': 'edit-labels-hint' });
  const epic = select({ id: 'edit-epic' }, [['', 'None'], ...state.epics.map((e) => [e.id, `${e.id} ${e.title}`])], '');
  const notice = h('div', { class: 'notice', role: 'status' });
  const conflict = h('div', { class: 'conflict' });
  const load = (t) => {
    base = t;
    title.value = t.title ?? '';
    description.value = t.description ?? '';
    // a description too long for one read arrives cut: saving it would cut the stored one
    description.disabled = Boolean(t.descriptionTruncated);
    type.value = t.type;
    priority.value = t.priority;
    labels.value = (t.labels ?? []).join(', ');
    epic.value = t.epicId ?? '';
    fill(notice);
    fill(conflict);
  };
  const field = (label, control, hint) => h('div', { class: 'field' },
    h('label', { for: control.id }, label), control, hint ?? null);

  const el = h('form', { class: 'edit stack', 'aria-label': `Edit ${ticket.id}`, onsubmit: async (e) => {
    e.preventDefault();
    const body = { expectedUpdatedAt: base.updatedAt };
    if (title.value.trim() !== base.title) body.title = title.value.trim();
    if (!description.disabled && description.value !== (base.description ?? '')) body.description = description.value;
    if (type.value !== base.type) body.type = type.value;
    if (priority.value !== base.priority) body.priority = priority.value;
    const ls = splitLabels(labels.value);
    if (!sameList(ls, base.labels ?? [])) body.labels = ls;
    if ((epic.value || null) !== (base.epicId ?? null)) body.epicId = epic.value || null;
    if (Object.keys(body).length === 1) { cancel(); return; }
    saveBtn.disabled = true;
    try {
      done(await patch(`/api/tickets/${enc(ticket.id)}`, body));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.body?.current) showConflict(err.message, err.body.current);
      else fill(notice, h('p', { class: 'error' }, `Not saved: ${err.message}`));
    } finally {
      saveBtn.disabled = false;
    }
  } },
  field('Title', title),
  field('Description', description),
  h('div', { class: 'row' }, field('Type', type), field('Priority', priority), field('Epic', epic)),
  field('Labels', labels, h('small', { id: 'edit-labels-hint' }, 'Separated by commas')),
  notice, conflict);
  const saveBtn = h('button', { type: 'submit', class: 'primary' }, 'Save');
  el.append(h('div', { class: 'row' }, saveBtn, h('button', { type: 'button', onclick: cancel }, 'Cancel')));

  function showConflict(message, current) {
    const row = (k, v) => [h('dt', {}, k), h('dd', {}, v || '—')];
    fill(conflict, h('div', { class: 'conflict-box', role: 'alert' },
      h('p', {}, h('strong', {}, 'Not saved: '), message),
      h('p', {}, 'The current version (your changes are still in the form):'),
      h('dl', { class: 'fields' },
        row('Title', current.title), row('Type', labelOf(current.type)), row('Priority', labelOf(current.priority)),
        row('Labels', (current.labels ?? []).join(', ')), row('Epic', current.epicId ?? ''),
        row('Updated', current.updatedAt)),
      h('details', {}, h('summary', {}, 'Current description'), h('pre', { class: 'plain' }, current.description ?? '')),
      h('button', { type: 'button', onclick: () => { load(current); title.focus(); } }, 'Discard mine and edit the current version')));
  }

  load(ticket);
  return {
    el,
    focus: () => title.focus(),
    update(t) {
      if (t.updatedAt === base.updatedAt) return;
      if (sameFields(t, base)) { base = t; return; } // a comment or a move: nothing this form edits
      if (!conflict.firstChild) {
        fill(notice, h('p', { class: 'muted' }, 'This ticket changed since you started editing; saving will be refused until you take the current version.'));
      }
    },
  };
}
