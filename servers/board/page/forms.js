// The two creation forms, in the page's one <dialog>: a ticket (with subtasks, one per line) and
// an epic. A refused creation keeps the form and says why.
import { post } from './api.js';
import { fill, h, select } from './dom.js';
import { state } from './state.js';

function openDialog(title, fields, submit) {
  const dialog = document.getElementById('dialog');
  const error = h('p', { class: 'error', role: 'alert' });
  const ok = h('button', { type: 'submit', class: 'primary' }, 'Create');
  const form = h('form', { class: 'stack', onsubmit: async (e) => {
    e.preventDefault();
    ok.disabled = true;
    fill(error);
    try {
      await submit();
      dialog.close();
    } catch (err) {
      fill(error, err.message);
    } finally {
      ok.disabled = false;
    }
  } },
  h('h2', { id: 'dialog-title' }, title), fields, error,
  h('div', { class: 'row' }, ok, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel')));
  fill(dialog, form);
  dialog.showModal();
  form.querySelector('input, textarea, select')?.focus();
}

const field = (label, control, hint) => h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hint ?? null);

export function newTicket(afterCreate) {
  const title = h('input', { id: 'create-title', type: 'text', required: true, maxlength: 500 });
  const description = h('textarea', { id: 'create-description', rows: 6, placeholder: 'Markdown; "- [ ] ..." for acceptance criteria' });
  const type = select({ id: 'create-type' }, state.meta.types, 'task');
  const priority = select({ id: 'create-priority' }, state.meta.priorities, 'medium');
  const labels = h('input', { id: 'create-labels', type: 'text', placeholder: 'ui, backend' });
  const epic = select({ id: 'create-epic' }, [['', 'None'], ...state.epics.map((e) => [e.id, `${e.id} ${e.title}`])], state.filters.epic);
  const subtasks = h('textarea', { id: 'create-subtasks', rows: 4, placeholder: 'One per line' });
  openDialog('New ticket', [
    field('Title', title), field('Description', description),
    h('div', { class: 'row' }, field('Type', type), field('Priority', priority), field('Epic', epic)),
    field('Labels', labels, h('small', {}, 'Separated by commas')),
    field('Subtasks', subtasks, h('small', {}, 'One per line')),
  ], async () => {
    const body = { title: title.value.trim(), type: type.value, priority: priority.value };
    if (description.value.trim()) body.description = description.value;
    const ls = labels.value.split(',').map((l) => l.trim()).filter(Boolean);
    if (ls.length) body.labels = [...new Set(ls)];
    if (epic.value) body.epicId = epic.value;
    const subs = subtasks.value.split('\n').map((s) => s.trim()).filter(Boolean);
    if (subs.length) body.subtasks = subs;
    const t = await post('/api/tickets', body);
    afterCreate?.(t);
    location.hash = `#/tickets/${encodeURIComponent(t.id)}`;
  });
}

export function newEpic(afterCreate) {
  const title = h('input', { id: 'create-epic-title', type: 'text', required: true, maxlength: 500 });
  const description = h('textarea', { id: 'create-epic-description', rows: 4 });
  openDialog('New epic', [field('Title', title), field('Description', description)], async () => {
    const body = { title: title.value.trim() };
    if (description.value.trim()) body.description = description.value;
    const e = await post('/api/epics', body);
    await afterCreate?.(e);
    location.hash = `#/epics/${encodeURIComponent(e.id)}`;
  });
}
