// DOM helpers. Text from the store (titles, comments, agents' questions) only ever goes in as text
// nodes (h() appends strings as text); the one HTML the page inserts is the server-rendered
// description, and that passes safeHtml()'s allow-list first.

/** h('a', {href: '#/', class: 'x', onclick: f}, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value' || k === 'checked' || k === 'selected') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const labelOf = (name) => {
  const s = String(name ?? '').replaceAll('_', ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
};

const STATUS_LABELS = { in_review: 'In Review', in_progress: 'In Progress' };
export const statusLabel = (s) => STATUS_LABELS[s] ?? labelOf(s);

/** "3 min ago" for recent times, the local date and time otherwise; the exact time in the tooltip. */
export function timeEl(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return h('span', {}, iso ?? '');
  const s = (Date.now() - d.getTime()) / 1000;
  let text;
  if (s < 45) text = 'just now';
  else if (s < 3600) text = `${Math.round(s / 60)} min ago`;
  else if (s < 86400) text = `${Math.round(s / 3600)} h ago`;
  else text = d.toLocaleString();
  return h('time', { datetime: iso, title: d.toLocaleString() }, text);
}

export function actorText(actor) {
  if (!actor) return 'unknown';
  const who = `${actor.kind ?? actor.type ?? ''} ${actor.id ?? ''}`.trim();
  const via = actor.client ? `${who} (via ${actor.client})` : who;
  return actor.onBehalfOf ? `${via} on behalf of ${actor.onBehalfOf}` : via;
}

let toastSeq = 0;
/** A message in the alert region; errors stay until dismissed or replaced by 8 s. */
export function toast(text, kind = 'error') {
  const box = document.getElementById('toasts');
  const id = `toast-${++toastSeq}`;
  const t = h('div', { class: `toast ${kind}`, id }, h('span', {}, text),
    h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss', onclick: () => t.remove() }, '×'));
  box.append(t);
  while (box.children.length > 3) box.firstChild.remove();
  setTimeout(() => t.remove(), kind === 'error' ? 8000 : 3000);
  return t;
}

// --- the description's HTML (rendered by the server's cmark-gfm, raw HTML never passed) --------
// Checked again here by an allow-list, so that a server bug cannot become a script on the page.
const TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'a', 'code', 'pre',
  'em', 'strong', 'del', 's', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'blockquote', 'hr', 'br',
  'input', 'img', 'sup', 'sub', 'span', 'div']);
const ATTRS = { a: ['href', 'title'], img: ['src', 'alt', 'title'], input: ['type', 'checked', 'disabled'],
  ol: ['start'], th: ['align'], td: ['align'], code: ['class'], li: ['class'], ul: ['class'] };
const SAFE_URL = /^(https?:|mailto:|#|\/(?!\/))/i;

export function safeHtml(html) {
  const doc = new DOMParser().parseFromString(`<body>${html ?? ''}</body>`, 'text/html');
  const out = document.createDocumentFragment();
  const copy = (src, dst) => {
    for (const n of src.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) dst.append(n.data);
      else if (n.nodeType === Node.ELEMENT_NODE) {
        const tag = n.localName;
        if (!TAGS.has(tag)) { copy(n, dst); continue; }
        if (tag === 'input' && n.getAttribute('type') !== 'checkbox') continue;
        const el = document.createElement(tag);
        for (const a of ATTRS[tag] ?? []) {
          if (!n.hasAttribute(a)) continue;
          const v = n.getAttribute(a);
          if ((a === 'href' || a === 'src') && !SAFE_URL.test(v.trim())) continue;
          el.setAttribute(a, v);
        }
        if (tag === 'input') el.disabled = true;
        if (tag === 'a' && /^https?:/i.test(el.getAttribute('href') ?? '')) el.rel = 'noopener noreferrer';
        copy(n, el);
        dst.append(el);
      }
    }
  };
  copy(doc.body, out);
  return out;
}

/** A labelled <select>: options as [value, text] pairs or plain values. */
export function select(attrs, options, current) {
  return h('select', attrs, options.map((o) => {
    const [value, text] = Array.isArray(o) ? o : [o, labelOf(o)];
    return h('option', { value, selected: value === current }, text);
  }));
}
