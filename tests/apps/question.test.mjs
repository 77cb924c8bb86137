// The question view in the test host, on the real sciorex-interactions: an agent (a separate
// client with no elicitation) waits in sciorex_ask_user or sciorex_request_approval; the host,
// which declares the extension, shows the view with the call's arguments; the person's answer in
// the view (sciorex_ui_answer_interaction through the host) returns the waiting call with it, and
// the view says "answered".
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { binariesMissing, INTERACTIONS, launchBrowser, makeWorkspace, removeWorkspace, StdioAgent, TEST_TIMEOUT } from '../board/helpers.mjs';
import { connectClient, readView, ViewHost } from './host.mjs';

describe('the question view in a host', { skip: binariesMissing(), timeout: 120_000 }, () => {
  let workspace;
  let browser;
  let client;
  let agent;
  let tools;

  before(async () => {
    workspace = makeWorkspace('sciorex-apps');
    agent = await new StdioAgent(INTERACTIONS, workspace, { name: 'apps-test-agent' }).start();
    client = await connectClient(INTERACTIONS, workspace);
    browser = await launchBrowser();
    ({ tools } = await client.listTools());
  });
  after(async () => {
    await agent?.stop().catch(() => {});
    await client?.close().catch(() => {});
    await browser?.close().catch(() => {});
    removeWorkspace(workspace);
  });

  async function openQuestion(toolName, args) {
    const tool = tools.find((t) => t.name === toolName);
    assert.equal(tool?._meta?.ui?.resourceUri, 'ui://sciorex/question', `${toolName} names the question view`);
    const html = await readView(client, tool._meta.ui.resourceUri);
    const host = await ViewHost.open(browser, client, html, { toolInput: args, toolName, width: 640 });
    await host.view.locator('main[data-ready="true"]').waitFor({ timeout: TEST_TIMEOUT });
    return host;
  }

  test('sciorex_ask_user: the answer picked in the view returns the waiting call with it', { timeout: TEST_TIMEOUT }, async () => {
    const args = { question: 'Store avatars in S3 or on local disk?', options: ['S3', 'Local disk'], context: 'Uploads <b>grow</b> 2 GB a month', timeoutSeconds: 60 };
    const waiting = agent.call('sciorex_ask_user', args);
    const host = await openQuestion('sciorex_ask_user', args);
    try {
      assert.equal(await host.view.getByRole('heading', { level: 1 }).innerText(), args.question);
      assert.match(await host.view.locator('.context').innerText(), /<b>grow<\/b>/);
      await host.view.getByRole('radio', { name: 'S3' }).check();
      await host.view.getByLabel('Or in your words').fill('with a lifecycle rule');
      await host.view.getByRole('button', { name: 'Send answer' }).click();
      const answer = await waiting;
      assert.equal(answer.status, 'answered');
      assert.deepEqual(answer.selectedOptions, ['S3']);
      assert.equal(answer.customText, 'with a lifecycle rule');
      await host.view.getByText('Answered: S3 · with a lifecycle rule').waitFor({ timeout: TEST_TIMEOUT });
      assert.ok(await host.view.getByRole('button', { name: 'Send answer' }).isDisabled());
      // the host then hands the view the call's result, as it does when the tool returns
      await host.bridge.sendToolResult({ content: [{ type: 'text', text: JSON.stringify(answer) }], structuredContent: answer });
      await host.view.getByText('Answered: S3 · with a lifecycle rule').waitFor({ timeout: TEST_TIMEOUT });
      await host.done();
    } finally {
      await host.close();
    }
  });

  test('the host reports the call cancelled: the view says the agent stopped waiting', { timeout: TEST_TIMEOUT }, async () => {
    const args = { question: 'Which branch should I rebase on?', timeoutSeconds: 60 };
    const waiting = agent.call('sciorex_ask_user', args).catch(() => {});
    const host = await openQuestion('sciorex_ask_user', args);
    try {
      await host.bridge.sendToolCancelled({ reason: 'the person stopped the agent' });
      await host.view.getByText('The agent stopped waiting for this answer').waitFor({ timeout: TEST_TIMEOUT });
      // the question stays answerable (the interaction is still pending in the store), here too
      await host.view.getByLabel('Your answer').fill('main');
      await host.view.getByRole('button', { name: 'Send answer' }).click();
      const answer = await waiting;
      assert.equal(answer?.customText, 'main');
      await host.done();
    } finally {
      await host.close();
    }
  });

  test('sciorex_request_approval: "Deny" with a comment returns the waiting call denied, with the comment', { timeout: TEST_TIMEOUT }, async () => {
    const args = { action: 'Drop the legacy avatars table', reason: 'All avatars moved to S3', impact: 'high', alternatives: ['Rename it to avatars_old'], timeoutSeconds: 60 };
    const waiting = agent.call('sciorex_request_approval', args);
    const host = await openQuestion('sciorex_request_approval', args);
    try {
      await host.view.getByRole('radio', { name: 'Rename it to avatars_old' }).check();
      await host.view.getByLabel('Comment (optional)').fill('keep it a week');
      await host.view.getByRole('button', { name: 'Deny' }).click();
      const answer = await waiting;
      assert.equal(answer.status, 'answered');
      assert.equal(answer.approved, false);
      assert.equal(answer.selectedAlternative, 'Rename it to avatars_old');
      assert.equal(answer.userComment, 'keep it a week');
      await host.view.getByText(/^Answered: denied/).waitFor({ timeout: TEST_TIMEOUT });
      await host.done();
    } finally {
      await host.close();
    }
  });
});
