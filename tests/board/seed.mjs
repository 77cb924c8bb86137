// A realistic store for screenshots and looking at the page: the workflow's sample tickets
// (examples/tickets) plus what agents do over stdio (epics, tickets with labels and subtasks, a
// blocker, moves, comments, a linked PR), a blocking question and an approval left waiting in the
// inbox (their calls end when the returned agents stop) and a notification.
import path from 'node:path';
import { eventually, INTERACTIONS, ROOT, runCli, StdioAgent, TICKETS, tickets } from './helpers.mjs';

/** Fills `workspace`; resolves to the agents still running (stop them when done). */
export async function seedRealistic(workspace) {
  const agents = [];
  await tickets(workspace, 'import', path.join(ROOT, 'examples/tickets'));
  const planner = await new StdioAgent(TICKETS, workspace, { name: 'technical-planner' }).start();
  const dev = await new StdioAgent(TICKETS, workspace, { name: 'feature-developer' }).start();
  agents.push(planner, dev);
  const profile = await planner.call('sciorex_create_epic', { title: 'User profiles', description: 'Avatars, display names, preferences.' });
  const auth = await planner.call('sciorex_create_epic', { title: 'Sign-in hardening', description: 'Lockout, reset flow, sessions.' });
  await planner.call('sciorex_update_ticket', { ticketId: 'T-042', epicId: profile.id, labels: ['frontend', 'storage'] });
  const mk = async (title, type, priority, labels, epicId, subtasks = []) => {
    const t = await planner.call('sciorex_create_ticket', { title, type, priority, labels, subtasks, ...(epicId ? { epicId } : {}) });
    return t.id;
  };
  const ids = {
    lockout: await mk('Lock the account after 10 failed sign-ins', 'feature', 'critical', ['security'], auth.id, ['Counter per account', 'Unlock by e-mail', 'Audit log entry']),
    reset: await mk('Password reset link expires too early', 'bug', 'high', ['security', 'email'], auth.id, ['Reproduce', 'Fix the TTL']),
    names: await mk('Display names with emoji break the header', 'bug', 'medium', ['frontend'], profile.id),
    prefs: await mk('Preferences page: time zone and language', 'feature', 'medium', ['frontend'], profile.id, ['Time zone picker', 'Language list', 'Save and apply']),
    thumbs: await mk('Research: server-side thumbnails vs. CDN resizing', 'research', 'low', ['storage'], profile.id),
    sessions: await mk('List active sessions and sign out elsewhere', 'feature', 'high', ['security'], auth.id, ['API', 'Page']),
    docs: await mk('Document the avatar size limits', 'documentation', 'low', ['docs'], profile.id),
    flaky: await mk('Flaky upload test on CI', 'bug', 'high', ['ci'], null),
    refactor: await mk('Split the user service into profile and auth', 'refactor', 'medium', ['backend'], null, ['Extract interfaces', 'Move handlers', 'Update wiring', 'Delete the old module']),
    i18n: await mk('Translate the profile page', 'task', 'low', ['i18n'], profile.id),
    dark: await mk('Avatar placeholder is invisible in dark mode', 'bug', 'medium', ['frontend'], profile.id),
  };
  const move = (id, ...path2) => path2.reduce((p, s) => p.then(() => dev.call('sciorex_change_status', { ticketId: id, status: s })), Promise.resolve());
  await move('T-042', 'in_progress');
  for (const s of ['sub-001', 'sub-002', 'sub-003']) await dev.call('sciorex_complete_subtask', { ticketId: 'T-042', subtaskId: s });
  await move(ids.lockout, 'planned', 'in_progress');
  await dev.call('sciorex_complete_subtask', { ticketId: ids.lockout, subtaskId: 'sub-001' });
  await move(ids.reset, 'planned', 'in_progress', 'in_review');
  for (const s of ['sub-001', 'sub-002']) await dev.call('sciorex_complete_subtask', { ticketId: ids.reset, subtaskId: s });
  await move(ids.names, 'planned', 'in_progress', 'done');
  await move(ids.docs, 'planned', 'in_progress', 'done');
  await move(ids.prefs, 'planned');
  await move(ids.sessions, 'planned');
  await move(ids.refactor, 'planned', 'in_progress', 'in_review');
  for (const s of ['sub-001', 'sub-002', 'sub-003']) await dev.call('sciorex_complete_subtask', { ticketId: ids.refactor, subtaskId: s });
  await dev.call('sciorex_add_blocker', { ticketId: ids.sessions, blockerTicketId: ids.refactor, reason: 'needs the auth module' });
  await dev.call('sciorex_add_comment', { ticketId: 'T-042', comment: 'Upload endpoint done; thumbnails next.' });
  await dev.call('sciorex_link_resource', { ticketId: 'T-042', url: 'https://example.com/acme/app/pull/318', title: 'Avatar upload endpoint', kind: 'pr' });

  const asker = await new StdioAgent(INTERACTIONS, workspace, { name: 'feature-developer' }).start();
  const reviewer = await new StdioAgent(INTERACTIONS, workspace, { name: 'code-reviewer' }).start();
  agents.push(asker, reviewer);
  // left waiting: the page shows them pending (the calls end when the agents stop); one after the
  // other, so that the inbox's order (newest first) is the same on every run
  const pending = async (n) => eventually(async () => {
    const r = await runCli(INTERACTIONS, ['inbox', '--json', '--workspace', workspace]);
    return JSON.parse(r.stdout).items.filter((i) => i.kind !== 'notification').length === n;
  }, { what: `${n} pending in the inbox` });
  await asker.call('sciorex_notify_user', { message: 'Thumbnails for 64, 128 and 256 px are generated on upload.', type: 'success', ticketId: 'T-042' });
  asker.call('sciorex_ask_user', {
    question: 'Store avatars in S3 or on local disk?', context: 'T-042 needs a place for the originals and three thumbnail sizes. S3 is what the rest of the app uses; local disk is simpler for self-hosting.',
    options: ['S3', 'Local disk'], urgency: 'blocking', ticketId: 'T-042', timeoutSeconds: 600,
  }).catch(() => {});
  await pending(1);
  reviewer.call('sciorex_request_approval', {
    action: 'Drop the legacy avatars table', reason: 'Nothing reads it since the S3 migration; it holds 2 GB.', impact: 'high',
    alternatives: ['Rename it to avatars_old', 'Archive it to cold storage'], ticketId: 'T-042', timeoutSeconds: 600,
  }).catch(() => {});
  await pending(2);

  return agents;
}
