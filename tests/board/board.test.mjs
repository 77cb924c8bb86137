// The board in a real browser against the real `sciorex-tickets board`: it renders imported
// tickets; an agent's ticket appears live; moves by the Status control and by drag; a refused move
// says why and the card stays; the panel's edits are history entries by the user; a stale save is
// refused with the current version shown; a page that went offline catches up; a script in a title
// stays text.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  binariesMissing, boardPages, cardIn, eventually, launchBrowser, makeWorkspace, removeWorkspace, ROOT, showTicket,
  startBoard, StdioAgent, TEST_TIMEOUT, TICKETS, tickets, USER, WAIT,
} from './helpers.mjs';

// The transition table of the contract (docs/board-api.md, storage's allowed_transitions).
const TABLE = {
  backlog: ['planned', 'cancelled'],
  planned: ['backlog', 'in_progress', 'cancelled'],
  in_progress: ['planned', 'in_review', 'done', 'cancelled'],
  in_review: ['in_progress', 'done', 'cancelled'],
  done: ['in_progress'],
  cancelled: ['backlog'],
};
const COLUMNS = ['Backlog', 'Planned', 'In Progress', 'In Review', 'Done'];

const isUser = (entry) => (entry.actor?.type ?? entry.actor?.kind) === 'user' && entry.actor?.id === USER;

describe('the board page', { skip: binariesMissing(), timeout: 240_000 }, () => {
  let workspace;
  let board;
  let browser;
  const { open, done, closeAll } = boardPages(() => browser, () => board.url);
  const ids = {};
  const create = async (...args) => (await tickets(workspace, 'create', ...args)).trim().split(/\s+/).pop();

  before(async () => {
    workspace = makeWorkspace();
    await tickets(workspace, 'import', path.join(ROOT, 'examples/tickets'));
    ids.low = await create('Tidy the changelog', '--type', 'documentation', '--priority', 'low');
    ids.critical = await create('Login loops after password reset', '--type', 'bug', '--priority', 'critical', '--label', 'auth');
    ids.drag = await create('Cache avatar thumbnails', '--type', 'task', '--priority', 'medium', '--label', 'perf');
    ids.refuse = await create('Write the release notes', '--type', 'documentation', '--priority', 'high');
    ids.edit = await create('Rename the settings page', '--type', 'task', '--subtask', 'Change the route', '--subtask', 'Update the menu');
    board = await startBoard(workspace);
    browser = await launchBrowser();
  });

  after(async () => {
    await closeAll();
    await browser?.close();
    await board?.stop();
    removeWorkspace(workspace);
  });

  test('renders the imported and created tickets in their columns, higher priority first', { timeout: TEST_TIMEOUT }, async () => {
    const p = await open('#/');
    const { page } = p;
    for (const name of COLUMNS) await page.getByRole('region', { name, exact: true }).waitFor({ timeout: WAIT });
    assert.equal(await page.getByRole('region', { name: 'Cancelled', exact: true }).count(), 0, 'Cancelled is behind its toggle');
    const t042 = cardIn(page, 'Planned', 'T-042');
    await t042.waitFor({ timeout: WAIT });
    const text = await t042.textContent();
    assert.match(text, /Add user profile avatar upload/);
    assert.match(text, /0\/5/, 'subtask progress');
    // within Backlog: the critical ticket above the low one
    const backlogIds = await page.getByRole('region', { name: 'Backlog', exact: true }).locator('.card').evaluateAll((els) => els.map((e) => e.dataset.id));
    assert.ok(backlogIds.indexOf(ids.critical) < backlogIds.indexOf(ids.low), `critical before low in ${backlogIds}`);
    assert.match(await cardIn(page, 'Backlog', ids.critical).textContent(), /auth/, 'labels on the card');
    await page.getByLabel('Show cancelled').check();
    await page.getByRole('region', { name: 'Cancelled', exact: true }).waitFor({ timeout: WAIT });
    await done(p);
  });

  test('filters by type, label and text search narrow the board', { timeout: TEST_TIMEOUT }, async () => {
    const p = await open('#/');
    const { page } = p;
    const cards = page.locator('.columns .card');
    await cardIn(page, 'Backlog', ids.critical).waitFor({ timeout: WAIT });
    await page.getByLabel('Type', { exact: true }).selectOption('bug');
    await page.waitForFunction(() => [...document.querySelectorAll('.columns .card')].every((c) => c.querySelector('.type-bug')), null, { timeout: WAIT });
    assert.ok(await cards.count() >= 1);
    await page.getByLabel('Type', { exact: true }).selectOption('');
    await page.getByLabel('Label', { exact: true }).fill('perf');
    await page.waitForFunction((id) => {
      const all = [...document.querySelectorAll('.columns .card')];
      return all.length === 1 && all[0].dataset.id === id;
    }, ids.drag, { timeout: WAIT });
    await page.getByLabel('Label', { exact: true }).fill('');
    await page.getByLabel('Search', { exact: true }).fill('changelog');
    await page.waitForFunction((id) => {
      const all = [...document.querySelectorAll('.columns .card')];
      return all.length === 1 && all[0].dataset.id === id;
    }, ids.low, { timeout: WAIT });
    await done(p);
  });

  test('at a phone\'s width the page does not overflow; the columns scroll sideways and the panel fits', { timeout: TEST_TIMEOUT }, async () => {
    const p = await open('#/', { viewport: { width: 390, height: 800 } });
    const { page } = p;
    await page.getByRole('region', { name: 'Backlog', exact: true }).waitFor({ timeout: WAIT });
    const widths = () => page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    let [scroll, inner] = await widths();
    assert.ok(scroll <= inner, `the page is ${scroll} px wide in a ${inner} px window`);
    const box = await page.getByRole('region', { name: 'Backlog', exact: true }).boundingBox();
    assert.ok(box.width <= inner, 'a column fits the screen');
    await page.goto(new URL('#/tickets/T-042', board.url).href);
    await page.getByLabel('Status', { exact: true }).waitFor({ timeout: WAIT });
    [scroll, inner] = await widths();
    assert.ok(scroll <= inner, `with the panel: ${scroll} px in ${inner} px`);
    const panel = await page.locator('#panel').boundingBox();
    assert.ok(panel.x >= 0 && panel.x + panel.width <= inner, 'the panel fits the screen');
    await done(p);
  });

  test('a ticket created by an agent over stdio appears without reload', { timeout: TEST_TIMEOUT }, async () => {
    const p = await open('#/');
    const { page } = p;
    await page.evaluate(() => { window.sameDocument = true; });
    const agent = await new StdioAgent(TICKETS, workspace, { name: 'feature-developer' }).start();
    try {
      const t = await agent.call('sciorex_create_ticket', { title: 'Made by an agent just now', type: 'feature', priority: 'high' });
      const c = page.getByRole('link', { name: new RegExp(`${t.id}.*Made by an agent just now`) });
      await c.waitFor({ timeout: WAIT });
      assert.equal(await page.evaluate(() => window.sameDocument), true, 'no reload');
    } finally {
      await agent.stop();
    }
    await done(p);
  });

  test('the Status control offers only the allowed targets and moves the ticket', { timeout: TEST_TIMEOUT }, async () => {
    const p = await open('#/tickets/T-042');
    const { page } = p;
    const status = page.getByLabel('Status', { exact: true });
    await status.waitFor({ timeout: WAIT });
    const values = await status.locator('option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(values.slice(1).sort(), [...TABLE.planned].sort(), 'the targets of planned');
    assert.equal(values[0], 'planned', 'the current status first');
    await status.selectOption('in_progress');
    await cardIn(page, 'In Progress', 'T-042').waitFor({ timeout: WAIT });
    const t = await showTicket(workspace, 'T-042');
    assert.equal(t.status, 'in_progress');
    const moved = t.history.findLast((e) => e.action === 'status_changed');
    assert.ok(moved && isUser(moved), `the move is by user ${USER}: ${JSON.stringify(moved)}`);
    const after = await page.getByLabel('Status', { exact: true }).locator('option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(after.slice(1).sort(), [...TABLE.in_progress].sort(), 'the targets of in_progress');
    await done(p);
  });

  test('by keyboard: Enter on a card opens its panel, Escape closes it and focus goes back to the card', { timeout: TEST_TIMEOUT }, async () => {
    const p = await open('#/');
    const { page } = p;
    const c = cardIn(page, 'Backlog', ids.critical);
    await c.waitFor({ timeout: WAIT });
    // Tab from the search field reaches the cards (no pointer involved)
    await page.getByLabel('Search', { exact: true }).focus();
    for (let i = 0; i < 40 && !(await c.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    assert.equal(await c.evaluate((el) => el === document.activeElement), true, 'the card is reachable by Tab');
    await page.keyboard.press('Enter');
    const heading = page.locator('#panel-title');
    await heading.filter({ hasText: ids.critical }).waitFor({ timeout: WAIT });
    await page.waitForFunction(() => document.activeElement?.id === 'panel-title', null, { timeout: WAIT });
    await page.keyboard.press('Escape');
    await page.locator('#panel').waitFor({ state: 'hidden', timeout: WAIT });
    assert.equal(await c.evaluate((el) => el === document.activeElement), true, 'focus is back on the card');
    await done(p);
  });

  test('an epic and a ticket with subtasks created from the page', { timeout: TEST_TIMEOUT }, async () => {
    const p = await open('#/');
    const { page } = p;
    await page.getByRole('button', { name: 'New epic', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Title', { exact: true }).fill('Notifications overhaul');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    const epicLink = page.getByRole('link', { name: /Notifications overhaul/ });
    await epicLink.waitFor({ timeout: WAIT });
    const epicId = (await epicLink.locator('.id').textContent()).trim();
    await page.getByRole('progressbar', { name: `${epicId} progress` }).waitFor({ timeout: WAIT });

    await page.getByRole('button', { name: 'New ticket', exact: true }).click();
    await dialog.getByLabel('Title', { exact: true }).fill('E-mail digest of agent questions');
    await dialog.getByLabel('Type', { exact: true }).selectOption('feature');
    await dialog.getByLabel('Epic', { exact: true }).selectOption(epicId);
    await dialog.getByLabel('Subtasks', { exact: true }).fill('Template\nSchedule\n');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    const heading = page.locator('#panel-title');
    await heading.filter({ hasText: 'E-mail digest of agent questions' }).waitFor({ timeout: WAIT });
    const id = (await heading.locator('.id').textContent()).trim();
    const t = await showTicket(workspace, id);
    assert.deepEqual([t.type, t.epicId, t.subtasks.map((x) => x.title)], ['feature', epicId, ['Template', 'Schedule']]);
    assert.ok(isUser(t.history[0]), `created by user ${USER}: ${JSON.stringify(t.history[0])}`);
    await done(p);
  });

  test('dragging a card to another column moves it', { timeout: TEST_TIMEOUT }, async () => {
    const p = await open('#/');
    const { page } = p;
    const c = cardIn(page, 'Backlog', ids.drag);
    await c.waitFor({ timeout: WAIT });
    await c.dragTo(page.getByRole('region', { name: 'Planned', exact: true }));
    await cardIn(page, 'Planned', ids.drag).waitFor({ timeout: WAIT });
    await eventually(async () => (await showTicket(workspace, ids.drag)).status === 'planned', { what: 'stored as planned' });
    await done(p);
  });

  test('a refused move says why and the card stays where it was', { timeout: TEST_TIMEOUT }, async () => {
    const p = await open('#/');
    const { page } = p;
    const c = cardIn(page, 'Backlog', ids.refuse);
    await c.waitFor({ timeout: WAIT });
    await c.dragTo(page.getByRole('region', { name: 'Done', exact: true }));
    const alert = page.getByRole('alert').filter({ hasText: ids.refuse });
    await alert.waitFor({ timeout: WAIT });
    assert.match(await alert.textContent(), /cannot move to Done/);
    assert.match(await alert.textContent(), /planned/, 'the message names an allowed target');
    await cardIn(page, 'Backlog', ids.refuse).waitFor({ timeout: WAIT });
    assert.equal(await cardIn(page, 'Done', ids.refuse).count(), 0);
    assert.equal((await showTicket(workspace, ids.refuse)).status, 'backlog');
    await done(p);
  });

  test('the panel\'s edits, comment and subtasks are history entries by the user', { timeout: TEST_TIMEOUT }, async () => {
    const p = await open(`#/tickets/${ids.edit}`);
    const { page } = p;
    const panel = page.locator('#panel');
    await panel.getByRole('button', { name: 'Edit', exact: true }).click();
    await panel.getByLabel('Title', { exact: true }).fill('Rename the settings page to Preferences');
    await panel.getByLabel('Priority', { exact: true }).selectOption('high');
    await panel.getByLabel('Labels', { exact: true }).fill('ui, settings');
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    await panel.getByRole('heading', { name: /Rename the settings page to Preferences/ }).waitFor({ timeout: WAIT });
    await panel.getByLabel('Comment', { exact: true }).fill('Checked with design: "Preferences" it is.');
    await panel.getByRole('button', { name: 'Add comment', exact: true }).click();
    await panel.getByText('Checked with design: "Preferences" it is.').first().waitFor({ timeout: WAIT });
    await panel.getByRole('checkbox', { name: 'Change the route', exact: true }).check();
    await panel.getByText('1/2').waitFor({ timeout: WAIT });
    await panel.getByLabel('New subtask', { exact: true }).fill('Redirect the old route');
    await panel.getByRole('button', { name: 'Add subtask', exact: true }).click();
    await panel.getByRole('checkbox', { name: 'Redirect the old route', exact: true }).waitFor({ timeout: WAIT });

    const t = await showTicket(workspace, ids.edit);
    assert.equal(t.title, 'Rename the settings page to Preferences');
    assert.equal(t.priority, 'high');
    assert.deepEqual([...t.labels].sort(), ['settings', 'ui']);
    const mine = t.history.filter(isUser);
    const all = JSON.stringify(t.history.map((e) => [e.action, e.actor, e.details]));
    for (const action of ['updated', 'comment_added', 'subtask_added']) {
      assert.ok(mine.some((e) => e.action === action), `${action} by user ${USER} in ${all}`);
    }
    assert.ok(mine.some((e) => /^subtask_(completed|status_changed)$/.test(e.action) && (e.details?.to ?? 'done') === 'done'),
      `the tick by user ${USER} in ${all}`);
    // the history on the page names the actor
    await panel.locator('.history').getByText(`user ${USER}`).first().waitFor({ timeout: WAIT });
    await done(p);
  });

  test('a stale save is refused and shows the current version; the store keeps the other edit', { timeout: TEST_TIMEOUT }, async () => {
    const id = await create('Pick a date format', '--type', 'task');
    const p = await open(`#/tickets/${id}`);
    const { page } = p;
    const panel = page.locator('#panel');
    await panel.getByRole('button', { name: 'Edit', exact: true }).click();
    await panel.getByLabel('Title', { exact: true }).fill('Pick a date format (mine)');
    await tickets(workspace, 'edit', id, '--title', 'Pick a date format (theirs)');
    // the live feed redraws the panel around the form (its heading takes their title, which can move
    // the Save button): the page says the ticket changed before the person saves, and the click lands
    // on a settled page
    await panel.locator('.notice').getByText('This ticket changed since you started editing').waitFor({ timeout: WAIT });
    await panel.locator('.ticket-title').getByText('Pick a date format (theirs)').waitFor({ timeout: WAIT });
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    const conflict = panel.locator('.conflict-box');
    await conflict.waitFor({ timeout: WAIT });
    assert.match(await conflict.textContent(), /Pick a date format \(theirs\)/);
    assert.equal(await panel.getByLabel('Title', { exact: true }).inputValue(), 'Pick a date format (mine)', 'the person\'s text is kept');
    assert.equal((await showTicket(workspace, id)).title, 'Pick a date format (theirs)');
    await done(p);
  });

  test('a page that was offline catches up on what happened meanwhile', { timeout: TEST_TIMEOUT }, async () => {
    const p = await open('#/');
    const { page, context } = p;
    await page.locator('#live[data-state="live"]').waitFor({ timeout: WAIT });
    await context.setOffline(true);
    await page.locator('#live[data-state="offline"]').waitFor({ timeout: WAIT });
    const id = await create('Written while the page was away', '--priority', 'high');
    await tickets(workspace, 'move', ids.low, 'planned');
    assert.equal(await cardIn(page, 'Backlog', id).count(), 0, 'not shown while offline');
    await context.setOffline(false);
    await cardIn(page, 'Backlog', id).waitFor({ timeout: WAIT });
    await cardIn(page, 'Planned', ids.low).waitFor({ timeout: WAIT });
    await done(p);
  });

  test('a script in a title or description stays text and never runs', { timeout: TEST_TIMEOUT }, async () => {
    const title = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> & more';
    const id = await create(title, '--description', '<script>window.__pwned=3</script>\n\n[x](javascript:window.__pwned=4) <b onclick="window.__pwned=5">bold</b>');
    const p = await open(`#/tickets/${id}`);
    const { page } = p;
    const heading = page.locator('#panel-title .ticket-title');
    await heading.waitFor({ timeout: WAIT });
    assert.equal(await heading.textContent(), title);
    const c = page.locator(`.card[data-id="${id}"] .title`);
    await c.waitFor({ timeout: WAIT });
    assert.equal(await c.textContent(), title);
    assert.equal(await page.locator('#panel .markdown script, #panel .markdown [onclick], #panel .markdown img').count(), 0);
    assert.equal(await page.locator('#panel .markdown a[href^="javascript"]').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script ran');
    await done(p);
  });

  test('a long column shows its first cards and the rest when scrolled to its end', { timeout: TEST_TIMEOUT }, async () => {
    const agent = await new StdioAgent(TICKETS, workspace, { name: 'bulk-importer' }).start();
    try {
      await Promise.all(Array.from({ length: 60 }, (_, i) => agent.call('sciorex_create_ticket', { title: `Bulk ticket ${i}`, type: 'task', priority: 'low' })));
    } finally {
      await agent.stop();
    }
    const total = JSON.parse(await tickets(workspace, 'list', '--status', 'backlog', '--json', '--limit', '200')).count;
    const p = await open('#/');
    const { page } = p;
    const backlog = page.getByRole('region', { name: 'Backlog', exact: true });
    await backlog.getByRole('link', { name: /Bulk ticket/ }).first().waitFor({ timeout: WAIT });
    const first = await backlog.locator('.card').count();
    assert.ok(first < total, `a first page (${first}) of the ${total} cards`);
    const more = backlog.getByRole('button', { name: new RegExp(`Show more \\(${total - first} more\\)`) });
    await more.waitFor({ timeout: WAIT });
    await more.scrollIntoViewIfNeeded(); // reaching the end of the column loads the rest by itself
    await page.waitForFunction(([n]) => document.querySelectorAll('.column[data-status="backlog"] .card').length === n, [total], { timeout: WAIT });
    assert.equal(await backlog.getByRole('button', { name: /Show more/ }).count(), 0);
    await done(p);
  });
});
