// The test host: what an MCP Apps host does, with the extension's own host side. An MCP client (the
// SDK v2 client over stdio, the extension declared) talks to a real server; ext-apps' AppBridge runs
// here in Node on that client, and its transport ends in a page of headless Debian chromium, which
// holds the view as a web host must: a sandbox proxy on another origin, and in it the view in an
// iframe (srcdoc, sandbox="allow-scripts": an opaque origin) under the extension's CSP (pages.mjs).
// The page relays postMessage between the proxy and Node (only messages whose source is the proxy).
// As the spec asks of a host, the view may call only the server's tools whose visibility includes
// "app" (the AppBridge forwards what it is given, so the host checks), and read its resources.
// Every message the view sends is checked against the published schemas (validate.mjs) before the
// AppBridge gets it; a test fails on any invalid one, on a script error or CSP report in the page
// or the view, and on any network request beyond the host's two pages.
import assert from 'node:assert/strict';
import { AppBridge } from '@modelcontextprotocol/ext-apps/app-bridge';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { ROOT, WAIT } from '../board/helpers.mjs';
import { startPages } from './pages.mjs';
import { checkViewMessage } from './validate.mjs';

export const EXTENSION = 'io.modelcontextprotocol/ui';
export const MIME = 'text/html;profile=mcp-app';

/**
 * An SDK v2 client on `binary --workspace DIR` over stdio. `extension`: declare MCP Apps;
 * `version`: 'auto' (the newest both speak), 'legacy' (2025 era) or a pinned modern version.
 */
export async function connectClient(binary, workspace, { extension = true, version = 'auto', name = 'sciorex-apps-test-host' } = {}) {
  const capabilities = extension ? { extensions: { [EXTENSION]: { mimeTypes: [MIME] } } } : {};
  const client = new Client({ name, version: '1.0.0' },
    { capabilities, versionNegotiation: { mode: version === 'auto' || version === 'legacy' ? version : { pin: version } } });
  let stderr = '';
  const transport = new StdioClientTransport({ command: binary, args: ['--workspace', workspace, '--log-level', 'warn'], cwd: ROOT, stderr: 'pipe' });
  transport.stderr?.setEncoding('utf8').on('data', (d) => { stderr = (stderr + d).slice(-20_000); });
  await client.connect(transport, { timeout: WAIT }).catch((e) => { throw new Error(`${e.message}\n${stderr}`); });
  return client;
}

/** The HTML of a UI resource, read as a host does (resources/read), with its mimeType checked. */
export async function readView(client, uri) {
  const { contents } = await client.readResource({ uri });
  assert.equal(contents.length, 1, `one content for ${uri}`);
  assert.equal(contents[0].mimeType, MIME);
  return contents[0].text ?? Buffer.from(contents[0].blob, 'base64').toString('utf8');
}

/**
 * One view in the host: `html` (the resource's text) loaded through the sandbox proxy, the
 * AppBridge on `client`; once the view is initialized the host sends `toolInput` and then
 * `toolResult` (when given). The initial host context: light theme, inline, a fixed width
 * (`width`), the tool `toolName` as toolInfo; `hostContext` adds to it.
 */
export class ViewHost {
  static async open(browser, client, html, options = {}) {
    const host = new ViewHost();
    try {
      await host.#open(browser, client, html, options);
    } catch (e) {
      await host.close();
      throw e;
    }
    return host;
  }

  messages = []; // every message from the view (and the proxy), as sent
  invalid = []; // [problem, message] for each that failed the schemas
  errors = []; // script errors and CSP reports in the page, the proxy or the view
  requests = []; // network requests other than the host's two pages
  sizes = []; // heights from ui/notifications/size-changed

  async #open(browser, client, html, { toolInput, toolResult, width = 960, hostContext = {}, toolName }) {
    this.pages = await startPages();
    this.context = await browser.newContext({ viewport: { width: width + 24, height: 900 } });
    this.page = await this.context.newPage();
    this.page.on('pageerror', (e) => this.errors.push(String(e)));
    this.page.on('console', (m) => { if (m.type() === 'error') this.errors.push(m.text()); });
    const own = new Set([this.pages.hostUrl, this.pages.sandboxUrl]);
    this.page.on('request', (r) => { if (!own.has(r.url()) && !/^(about|data):/.test(r.url())) this.requests.push(r.url()); });

    const hostRequests = new Map(); // id -> method of the host's requests to the view
    const transport = {
      start: async () => {},
      close: async () => transport.onclose?.(),
      send: async (message) => {
        if (message.method && message.id !== undefined) hostRequests.set(message.id, message.method);
        await this.page.evaluate((m) => window.__toView(m), message);
      },
    };
    await this.page.exposeFunction('__fromView', (message) => {
      this.messages.push(message);
      const problem = checkViewMessage(message, hostRequests);
      if (problem) this.invalid.push([problem, message]);
      transport.onmessage?.(message);
    });
    await this.page.goto(this.pages.hostUrl);

    const { tools } = await client.listTools();
    this.hostContext = {
      theme: 'light', platform: 'web', displayMode: 'inline', availableDisplayModes: ['inline'], locale: 'en-US',
      containerDimensions: { width, maxHeight: 4000 },
      ...(toolName ? { toolInfo: { tool: tools.find((t) => t.name === toolName) } } : {}),
      ...hostContext,
    };
    this.bridge = new AppBridge(null, { name: 'sciorex-test-host', version: '1.0.0' },
      { serverTools: {}, serverResources: {}, logging: {} }, { hostContext: this.hostContext });
    const visibility = new Map(tools.map((t) => [t.name, t._meta?.ui?.visibility ?? ['model', 'app']]));
    this.refused = []; // tools/call the host refused (not visible to the app)
    this.bridge.oncalltool = async (params) => {
      if (!(visibility.get(params.name) ?? []).includes('app')) {
        this.refused.push(params.name);
        throw new Error(`the view may not call ${params.name}`);
      }
      return client.callTool(params);
    };
    this.bridge.onreadresource = (params) => client.readResource(params);
    this.bridge.onloggingmessage = (params) => { if (params.level === 'error') this.errors.push(`view log: ${JSON.stringify(params.data)}`); };
    // the proxy is ready: it gets the resource's HTML (and its ui.csp; none here, so the default)
    this.bridge.onsandboxready = () => this.bridge.sendSandboxResourceReady({ html });
    this.bridge.onsizechange = ({ height }) => {
      this.sizes.push(height);
      if (height) this.page.evaluate((h) => { document.getElementById('view').style.height = `${h}px`; }, height).catch(() => {});
    };
    const initialized = new Promise((resolve) => {
      this.bridge.oninitialized = async () => {
        if (toolInput) await this.bridge.sendToolInput({ arguments: toolInput });
        if (toolResult) await this.bridge.sendToolResult(toolResult);
        resolve();
      };
    });
    await this.bridge.connect(transport);
    await this.page.evaluate((src) => window.__mount(src), this.pages.sandboxUrl);
    await Promise.race([initialized, new Promise((_, reject) => setTimeout(() => reject(new Error(
      `the view did not initialize within ${WAIT} ms; messages: ${JSON.stringify(this.messages)}; errors: ${this.errors}`)), WAIT))]);
  }

  /** The view's frame (inside the proxy's), for locators. */
  get view() {
    return this.page.frameLocator('#view').frameLocator('iframe');
  }

  /** A new host context (e.g. {theme: 'dark'}): the bridge sends host-context-changed. */
  setContext(partial) {
    this.hostContext = { ...this.hostContext, ...partial };
    this.bridge.setHostContext(this.hostContext);
  }

  /**
   * Tears the view down as a host does (ui/resource-teardown, which the view must answer), then
   * fails on invalid messages, script errors, network use or refused calls, and closes the page.
   */
  async done() {
    try {
      await this.bridge.teardownResource({ reason: 'the test is done' }, { timeout: WAIT });
      assert.deepEqual(this.invalid, [], 'messages from the view that break the schemas');
      assert.deepEqual(this.errors, [], 'script errors or CSP reports');
      assert.deepEqual(this.requests, [], 'network requests');
      assert.deepEqual(this.refused, [], 'tools the view called but may not');
    } finally {
      await this.close();
    }
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    await this.bridge?.close().catch(() => {});
    await this.context?.close().catch(() => {});
    await this.pages?.stop();
  }
}
