// A history entry in words, as `sciorex-tickets show` writes it (servers/tickets/cli_format.cpp):
// "status planned → in_progress", "epic set to E-001", "subtask sub-002 done".

function valueText(v) {
  if (v == null) return 'none';
  if (typeof v === 'string') return `"${v}"`;
  if (Array.isArray(v)) return v.length ? v.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join(', ') : 'none';
  return JSON.stringify(v);
}

function changeWords(field, change) {
  const from = change.from ?? null;
  const to = change.to ?? null;
  if (field === 'description') return 'description changed';
  if (field === 'epicId' || field === 'parentId' || field === 'assignedFlowId') {
    const what = field === 'epicId' ? 'epic' : field === 'parentId' ? 'parent' : 'flow';
    if (to == null) return `${what} removed${typeof from === 'string' ? ` (was ${from})` : ''}`;
    if (from == null) return `${what} set to ${to}`;
    return `${what} ${from} → ${to}`;
  }
  if (['status', 'type', 'priority'].includes(field) && typeof from === 'string' && typeof to === 'string') {
    return `${field} ${from} → ${to}`;
  }
  return `${field} ${valueText(from)} → ${valueText(to)}`;
}

export function historyWords(action, d = {}) {
  const text = (k) => (d[k] == null ? '' : String(d[k]));
  switch (action) {
    case 'created': return 'created';
    case 'status_changed': return `status ${text('from')} → ${text('to')}${'comment' in d ? `: ${text('comment')}` : ''}`;
    case 'updated': {
      const parts = Object.entries(d).filter(([, c]) => c && typeof c === 'object' && !Array.isArray(c)).map(([f, c]) => changeWords(f, c));
      return parts.length ? parts.join('; ') : 'updated';
    }
    case 'comment_added': return `comment: ${text('comment')}`;
    case 'progress_reported': return `progress${'percentage' in d ? ` ${d.percentage}%` : ''}: ${text('message')}`;
    case 'blocker_added': return `blocked by ${text('blockerTicketId')}${'reason' in d ? `: ${text('reason')}` : ''}`;
    case 'blocker_removed': return `no longer blocked by ${text('blockerTicketId')}`;
    case 'relation_added': return `related to ${text('relatedTicketId')}`;
    case 'subtask_added': return `subtask ${text('subtaskId')} added: ${text('title')}`;
    case 'subtask_completed': return `subtask ${text('subtaskId')} done`;
    case 'subtask_reopened': return `subtask ${text('subtaskId')} reopened`;
    case 'subtask_status_changed':
      return `subtask ${text('subtaskId')} ${text('from')} → ${text('to')}${'note' in d ? `: ${text('note')}` : ''}`;
    case 'session_linked': return `session ${text('sessionId')} linked`;
    case 'flow_run_started': return `flow run ${text('runId')} started (attempt ${text('attempt')})`;
    case 'flow_node_finished':
      return `flow run ${text('runId')}: ${text('node')}${'agent' in d ? ` ${text('agent')}` : ''} ${text('status')}${'error' in d ? `: ${text('error')}` : ''}`;
    case 'flow_run_finished': return `flow run ${text('runId')} ${text('status')}${'error' in d ? `: ${text('error')}` : ''}`;
    case 'resource_linked': return `linked ${text('kind')} "${text('title')}" <${'url' in d ? text('url') : text('path')}>`;
    default: {
      const s = String(action ?? '').replaceAll('_', ' ');
      return Object.keys(d).length ? `${s}: ${JSON.stringify(d)}` : s;
    }
  }
}
