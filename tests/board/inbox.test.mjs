// The inbox in a real browser: an agent waiting in `sciorex_ask_user` or
// `sciorex_request_approval` over stdio (without the elicitation capability, so the question waits
// for a person) gets the answer given on the page; the header counts what is pending on every view;
// an agent's text is shown as text.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  binariesMissing, boardPages, INTERACTIONS, launchBrowser, makeWorkspace, removeWorkspace, startBoard, StdioAgent,
  TEST_TIMEOUT, tickets, WAIT,
} from './helpers.mjs';

describe('the inbox page', { skip: binariesMissing(), timeout: 180_000 }, () => {
  let workspace;
  let board;
  let browser;
  let agent;
  const { open, done, closeAll } = boardPages(() => browser, () => board.url);
  /** The inbox item whose heading is `title`. */
  const item = (page, title) => page.getByRole('article', { name: title, exact: true });
  const count = (page) => page.locator('#inbox-count');

  before(async () => {
    workspace = makeWorkspace('sciorex-inbox');
    await tickets(workspace, 'create', 'Add user profile avatar upload');
    board = await startBoard(workspace);
    browser = await launchBrowser();
    agent = await new StdioAgent(INTERACTIONS, workspace, { name: 'feature-developer' }).start();
  });

  after(async () => {
    await closeAll();
    await agent?.stop();
    await browser?.close();
    await board?.stop();
    removeWorkspace(workspace);
  });

  test('a single-choice question answered by its option button returns the waiting call', { timeout: TEST_TIMEOUT }, async () => {
    const p = await open('#/');
    const { page } = p;
    await count(page).filter({ hasText: /^0$/ }).waitFor({ timeout: WAIT });
    const call = agent.call('sciorex_ask_user', {
      question: 'Store avatars in S3 or on local disk?', context: 'The **profile** page needs them.',
      options: ['S3', 'Local disk'], urgency: 'blocking', ticketId: 'T-001', timeoutSeconds: 120,
    });
    // the count in the header, on the board view, without reload
    await count(page).filter({ hasText: /^1$/ }).waitFor({ timeout: WAIT });
    await page.getByRole('link', { name: /Inbox/ }).click();
    const q = item(page, 'Store avatars in S3 or on local disk?');
    await q.waitFor({ timeout: WAIT });
    assert.match(await q.textContent(), /The \*\*profile\*\* page needs them\./, 'context as text');
    await q.getByRole('button', { name: 'S3', exact: true }).click();
    const r = await call;
    assert.equal(r.status, 'answered');
    assert.deepEqual(r.selectedOptions, ['S3']);
    assert.equal(r.skipped, false);
    await count(page).filter({ hasText: /^0$/ }).waitFor({ timeout: WAIT });
    await q.waitFor({ state: 'detached', timeout: WAIT });
    await done(p);
  });

  test('text in the Answer field and Send; several options as checkboxes', { timeout: TEST_TIMEOUT }, async () => {
    const p = await open('#/inbox');
    const { page } = p;
    const textCall = agent.call('sciorex_ask_user', { question: 'Largest thumbnail size?', responseType: 'text', timeoutSeconds: 120 });
    const q = item(page, 'Largest thumbnail size?');
    await q.waitFor({ timeout: WAIT });
    await q.getByLabel('Answer', { exact: true }).fill('256px');
    await q.getByRole('button', { name: 'Send', exact: true }).click();
    const r = await textCall;
    assert.equal(r.customText, '256px');

    const multiCall = agent.call('sciorex_ask_user', {
      question: 'Which formats?', responseType: 'multiple', options: ['JPEG', 'PNG', 'GIF'], allowCustomText: false, timeoutSeconds: 120,
    });
    const m = item(page, 'Which formats?');
    await m.waitFor({ timeout: WAIT });
    assert.equal(await m.getByLabel('Answer', { exact: true }).count(), 0, 'no text field when custom text is not allowed');
    await m.getByRole('checkbox', { name: 'PNG', exact: true }).check();
    await m.getByRole('checkbox', { name: 'GIF', exact: true }).check();
    await m.getByRole('button', { name: 'Send', exact: true }).click();
    const rm = await multiCall;
    assert.deepEqual([...rm.selectedOptions].sort(), ['GIF', 'PNG']);
    await done(p);
  });

  test('approvals (Approve with a comment, Deny, an alternative) and a skipped question return to the waiting calls', { timeout: TEST_TIMEOUT }, async () => {
    const p = await open('#/inbox');
    const { page } = p;
    const call = agent.call('sciorex_request_approval', {
      action: 'Drop the avatars table', reason: 'It is replaced by S3', impact: 'high', alternatives: ['Rename it'], timeoutSeconds: 120,
    });
    const a = item(page, 'Drop the avatars table');
    await a.waitFor({ timeout: WAIT });
    await a.getByLabel('Comment', { exact: true }).fill('after the backup');
    await a.getByRole('button', { name: 'Approve', exact: true }).click();
    const r = await call;
    assert.equal(r.approved, true);
    assert.equal(r.userComment, 'after the backup');

    const denied = agent.call('sciorex_request_approval', { action: 'Delete old avatars', reason: 'space', timeoutSeconds: 120 });
    const d = item(page, 'Delete old avatars');
    await d.waitFor({ timeout: WAIT });
    await d.getByRole('button', { name: 'Deny', exact: true }).click();
    assert.equal((await denied).approved, false);

    const alt = agent.call('sciorex_request_approval', {
      action: 'Purge the CDN cache', reason: 'stale avatars', alternatives: ['Purge only /avatars'], timeoutSeconds: 120,
    });
    const c = item(page, 'Purge the CDN cache');
    await c.waitFor({ timeout: WAIT });
    await c.getByRole('button', { name: 'Purge only /avatars', exact: true }).click();
    const ra = await alt;
    assert.deepEqual([ra.approved, ra.selectedAlternative], [false, 'Purge only /avatars']);

    const skipped = agent.call('sciorex_ask_user', { question: 'Any naming preference?', timeoutSeconds: 120 });
    const q = item(page, 'Any naming preference?');
    await q.waitFor({ timeout: WAIT });
    await q.getByRole('button', { name: 'Skip', exact: true }).click();
    assert.equal((await skipped).skipped, true);
    await done(p);
  });

  test('an agent\'s markup in a question is shown as text', { timeout: TEST_TIMEOUT }, async () => {
    const p = await open('#/inbox');
    const { page } = p;
    const question = '<img src=x onerror="window.__pwned=1">Proceed?';
    const call = agent.call('sciorex_ask_user', {
      question, context: '<script>window.__pwned=2</script>', options: ['<b>yes</b>', 'no'], timeoutSeconds: 120,
    });
    const q = item(page, question);
    await q.waitFor({ timeout: WAIT });
    assert.equal(await q.locator('img, script, b').count(), 0);
    await q.getByRole('button', { name: '<b>yes</b>', exact: true }).click();
    assert.deepEqual((await call).selectedOptions, ['<b>yes</b>']);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await done(p);
  });

  test('notifications are listed', { timeout: TEST_TIMEOUT }, async () => {
    const p = await open('#/inbox');
    const { page } = p;
    await agent.call('sciorex_notify_user', { message: 'Thumbnails are generated', type: 'success', details: '64, 128 and 256 px' });
    const n = item(page, 'Thumbnails are generated');
    await n.waitFor({ timeout: WAIT });
    assert.match(await n.textContent(), /64, 128 and 256 px/);
    await done(p);
  });
});
