// What every view shares: the server's meta (statuses, transitions, enums, user), the epics for
// the pickers, the board's filters, and the id of the last store event the page has seen.

export const state = {
  meta: null,
  epics: [],
  filters: { type: '', priority: '', label: '', epic: '', q: '', cancelled: false },
  lastEventId: 0,
  dragging: false,
};

export const STATUS_ORDER = ['backlog', 'planned', 'in_progress', 'in_review', 'done', 'cancelled'];

export function allowedFrom(status) {
  return state.meta?.transitions?.[status] ?? [];
}

/** Remembers the highest event id seen (from a read's lastEventId or the live feed). */
export function sawEvent(id) {
  const n = Number(id);
  if (Number.isFinite(n) && n > state.lastEventId) state.lastEventId = n;
}
