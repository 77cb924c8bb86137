// The ticket panel's Runs section in a real browser (issue 12): a flow run written through the
// store's repository (as the flows runner writes it; tests/servers/board/flow_runs_tool.cpp) shows
// in the open panel without reload, with each node's agent, status and session, and follows the
// run live: a node waiting for input, then the run's end.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  binariesMissing, boardPages, launchBrowser, makeWorkspace, removeWorkspace, ROOT, runCli, startBoard,
  TEST_TIMEOUT, tickets, WAIT,
} from './helpers.mjs';

const TOOL = path.join(ROOT, 'build/tests/servers/board/flow_runs_tool');

describe('the Runs section of the ticket panel', { skip: binariesMissing() ?? (existsSync(TOOL) ? undefined : `missing: ${TOOL}`), timeout: 120_000 }, () => {
  let workspace;
  let board;
  let browser;
  const { open, done, closeAll } = boardPages(() => browser, () => board.url);
  const flowRuns = async (...args) => {
    const r = await runCli(TOOL, [path.join(workspace, '.sciorex', 'sciorex.db'), ...args]);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim();
  };

  before(async () => {
    workspace = makeWorkspace('sciorex-runs');
    await tickets(workspace, 'create', 'Automate the avatar upload');
    board = await startBoard(workspace);
    browser = await launchBrowser();
  });

  after(async () => {
    await closeAll();
    await browser?.close();
    await board?.stop();
    removeWorkspace(workspace);
  });

  test('a run written through the repository shows live, node by node', { timeout: TEST_TIMEOUT }, async () => {
    const p = await open('#/tickets/T-001');
    const { page } = p;
    const panel = page.locator('#panel');
    await panel.getByRole('heading', { name: /Automate the avatar upload/ }).waitFor({ timeout: WAIT });
    assert.equal(await panel.locator('section.runs').count(), 0, 'no Runs section before a run');

    const run = await flowRuns('start', 'T-001', 'Seed pipeline');
    const plan = await flowRuns('node', run, 'plan', 'technical-planner');
    const item = panel.locator(`li.run[data-run="${run}"]`);
    await item.waitFor({ timeout: WAIT });
    assert.match(await item.locator('.run-head').textContent(), /Seed pipeline\s+Running/);
    await item.locator('li.node[data-node="plan"]').filter({ hasText: 'technical-planner' }).waitFor({ timeout: WAIT });

    await flowRuns('done', run, plan, 'sess-42');
    const review = await flowRuns('node', run, 'review', 'code-reviewer');
    await flowRuns('wait', run, review);
    await item.locator('li.node[data-node="plan"] .node-session').filter({ hasText: 'sess-42' }).waitFor({ timeout: WAIT });
    await item.locator('li.node[data-node="review"] .node-status').filter({ hasText: 'Waiting for input' }).waitFor({ timeout: WAIT });

    await flowRuns('finish', run, 'cancelled');
    await item.locator('.run-status').filter({ hasText: 'Cancelled' }).waitFor({ timeout: WAIT });
    await item.locator('li.node[data-node="review"] .node-status').filter({ hasText: 'Cancelled' }).waitFor({ timeout: WAIT });
    // the history says which flow did it
    await panel.locator('section.history').getByText('system flow:Seed pipeline').first().waitFor({ timeout: WAIT });
    await done(p);
  });
});
