// The inbox (#/inbox) and the pending count in the header: agents' questions (options as buttons or
// checkboxes, a field labelled Answer where text is allowed, Send, Skip), approvals (Approve, Deny,
// an alternative, a comment) and notifications. Everything an agent wrote is shown as text. A new
// blocking question raises a desktop notification while the tab is hidden (when allowed).
import { enc, get, post, withQuery } from './api.js';
import { actorText, fill, h, labelOf, timeEl, toast } from './dom.js';

let root = null;
let showAll = false;
let known = null; // ids of the pending items seen so far (null before the first read)
let loading = null;
let again = false;

export function inboxShown() {
  return root !== null && root.isConnected;
}

export function renderInbox(main) {
  root = h('div', { class: 'inbox' }, h('h1', {}, 'Inbox'), h('p', { class: 'muted' }, 'Loading…'));
  fill(main, root);
  return refreshInbox();
}

/** Reads the inbox: the header's count always, the view when shown, a notification when due. */
export async function refreshInbox() {
  if (loading) { again = true; return loading; }
  loading = (async () => {
    try {
      const data = await get(withQuery('/api/inbox', { all: inboxShown() && showAll ? 1 : '' }));
      setCount(data.pending ?? 0);
      notifyNew(data.items ?? []);
      if (inboxShown()) draw(data);
    } catch (e) {
      if (inboxShown()) toast(`Could not load the inbox: ${e.message}`);
    } finally {
      loading = null;
      if (again) { again = false; refreshInbox(); }
    }
  })();
  return loading;
}

function setCount(n) {
  const el = document.getElementById('inbox-count');
  el.textContent = String(n);
  el.setAttribute('aria-label', `${n} pending`);
  el.classList.toggle('zero', n === 0);
  document.title = n ? `(${n}) Sciorex board` : 'Sciorex board';
}

function notifyNew(items) {
  const pending = items.filter((i) => i.status === 'pending' && i.kind !== 'notification');
  const ids = new Set(pending.map((i) => i.id));
  if (known !== null && document.hidden && 'Notification' in window && Notification.permission === 'granted') {
    for (const i of pending) {
      if (known.has(i.id) || i.kind !== 'question' || i.urgency !== 'blocking') continue;
      try {
        const n = new Notification('An agent is waiting for your answer', { body: i.summary ?? i.request?.question ?? '', tag: i.id });
        n.onclick = () => { window.focus(); location.hash = '#/inbox'; n.close(); };
      } catch {
        // some browsers (Chrome on Android) allow notifications only from a service worker
      }
    }
  }
  known = ids;
}

function draw(data) {
  // a live redraw keeps what the person has typed or ticked, and where the focus was
  const drafts = [...root.querySelectorAll('.inbox-items input[id], .inbox-items textarea[id]')]
    .map((n) => [n.id, n.type === 'checkbox' ? n.checked : n.value]);
  const focused = root.contains(document.activeElement) ? document.activeElement.id : '';
  const items = data.items ?? [];
  const canNotify = 'Notification' in window && Notification.permission === 'default';
  fill(root,
    h('div', { class: 'inbox-head' },
      h('h1', {}, 'Inbox'),
      h('span', { class: 'muted' }, `${data.pending ?? 0} pending`),
      h('label', { class: 'toggle' }, h('input', { type: 'checkbox', checked: showAll, onchange: (e) => { showAll = e.target.checked; refreshInbox(); } }), ' Show answered'),
      canNotify ? h('button', { type: 'button', onclick: async () => { await Notification.requestPermission(); refreshInbox(); } }, 'Enable desktop notifications') : null),
    items.length ? h('ol', { class: 'inbox-items' }, items.map(item)) : h('p', { class: 'muted' }, 'Nothing is waiting for you.'));
  for (const [id, v] of drafts) {
    const n = document.getElementById(id);
    if (!n) continue;
    if (n.type === 'checkbox') n.checked = v;
    else n.value = v;
  }
  if (focused) document.getElementById(focused)?.focus({ preventScroll: true });
}

function item(i) {
  const r = i.request ?? {};
  const headingId = `item-${i.id}`;
  const title = i.kind === 'question' ? r.question : i.kind === 'approval' ? r.action : r.message;
  const body = i.kind === 'question' ? question(i, r) : i.kind === 'approval' ? approval(i, r) : notification(r);
  return h('li', {}, h('article', { class: `item ${i.kind} urgency-${i.urgency ?? 'none'} ${i.status}`, 'aria-labelledby': headingId },
    h('div', { class: 'item-meta' },
      h('span', { class: 'badge' }, labelOf(i.kind)),
      i.kind === 'question' && i.urgency ? h('span', { class: `badge urgency urgency-${i.urgency}` }, labelOf(i.urgency)) : null,
      i.kind === 'approval' && r.impact ? h('span', { class: 'badge' }, `${labelOf(r.impact)} impact`) : null,
      i.kind === 'notification' && r.type ? h('span', { class: `badge note-${r.type}` }, labelOf(r.type)) : null,
      i.ticketId ? h('a', { href: `#/tickets/${enc(i.ticketId)}` }, i.ticketId) : null,
      h('span', { class: 'muted' }, `${i.id} from ${actorText(i.askedBy)}`), timeEl(i.createdAt)),
    h('h2', { id: headingId, class: 'item-title' }, title ?? i.summary ?? i.id),
    body,
    i.answer && i.kind !== 'notification' ? h('p', { class: 'answered' }, `${labelOf(i.status)}: ${answerWords(i.answer)}`) : null));
}

function answerWords(a) {
  if (a.skipped) return 'skipped';
  if ('approved' in a) {
    const parts = [a.selectedAlternative ? `chose the alternative "${a.selectedAlternative}"` : a.approved ? 'approved' : 'denied'];
    if (a.userComment) parts.push(`"${a.userComment}"`);
    return parts.join(', ');
  }
  const parts = (a.selectedOptions ?? []).map((o) => `"${o}"`);
  if (a.customText) parts.push(`said "${a.customText}"`);
  return parts.join(', ') || 'answered';
}

async function answer(i, body, form) {
  for (const b of form.querySelectorAll('button, input, textarea')) b.disabled = true;
  try {
    await post(`/api/inbox/${enc(i.id)}/answer`, body);
    toast(`Answered ${i.id}`, 'ok');
  } catch (e) {
    toast(`Could not answer ${i.id}: ${e.message}`);
    for (const b of form.querySelectorAll('button, input, textarea')) b.disabled = false;
  }
  refreshInbox();
}

function question(i, r) {
  const options = r.options ?? [];
  const type = r.responseType ?? (options.length ? 'single' : 'text');
  const textAllowed = type === 'text' || r.allowCustomText !== false || !options.length;
  const pending = i.status === 'pending';
  const form = h('form', { class: 'answer stack' });
  const context = r.context ? h('div', { class: 'context plain' }, r.context) : null;
  if (!pending) return context;
  const text = textAllowed ? h('input', { type: 'text', id: `answer-${i.id}`, placeholder: r.placeholder ?? '', maxlength: 20000 }) : null;
  const boxes = [];
  if (type === 'multiple' && options.length) {
    form.append(h('fieldset', { class: 'options' }, h('legend', {}, 'Choose any'), options.map((o, n) => {
      const box = h('input', { type: 'checkbox', value: o, id: `opt-${i.id}-${n}` });
      boxes.push(box);
      return h('label', { class: 'option' }, box, h('span', {}, o));
    })));
  } else if (options.length) {
    form.append(h('div', { class: 'options', role: 'group', 'aria-label': 'Options' }, options.map((o) =>
      h('button', { type: 'button', class: 'option', onclick: () => answer(i, { options: [o] }, form) }, o))));
  }
  if (text) form.append(h('div', { class: 'field' }, h('label', { for: text.id }, 'Answer'), text));
  const send = () => {
    const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
    const value = text?.value.trim() ?? '';
    if (!chosen.length && !value) { toast(boxes.length ? 'Choose an option or write an answer.' : 'Write an answer first.'); return; }
    answer(i, { ...(chosen.length ? { options: chosen } : {}), ...(value ? { text: value } : {}) }, form);
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); send(); });
  form.append(h('div', { class: 'row' },
    text || boxes.length ? h('button', { type: 'submit', class: 'primary' }, 'Send') : null,
    h('button', { type: 'button', onclick: () => answer(i, { skip: true }, form) }, 'Skip')));
  return [context, form];
}

function approval(i, r) {
  const reason = r.reason ? h('div', { class: 'context plain' }, r.reason) : null;
  if (i.status !== 'pending') return reason;
  const comment = h('textarea', { id: `comment-${i.id}`, rows: 2, maxlength: 20000 });
  const form = h('form', { class: 'answer stack', onsubmit: (e) => e.preventDefault() });
  const withComment = (body) => (comment.value.trim() ? { ...body, comment: comment.value.trim() } : body);
  form.append(
    h('div', { class: 'field' }, h('label', { for: comment.id }, 'Comment'), comment),
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'primary', onclick: () => answer(i, withComment({ approve: true }), form) }, 'Approve'),
      h('button', { type: 'button', class: 'danger', onclick: () => answer(i, withComment({ deny: true }), form) }, 'Deny')),
    (r.alternatives ?? []).length ? h('div', { class: 'options', role: 'group', 'aria-label': 'Alternatives' },
      h('span', { class: 'muted' }, 'Or instead:'),
      r.alternatives.map((alt) => h('button', { type: 'button', class: 'option', onclick: () => answer(i, withComment({ alternative: alt }), form) }, alt))) : null);
  return [reason, form];
}

function notification(r) {
  return r.details ? h('div', { class: 'context plain' }, r.details) : null;
}
