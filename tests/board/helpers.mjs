// Shared helpers for the board's browser tests (and the screenshot and bench scripts): the real
// `sciorex-tickets board` on a temporary workspace, headless Debian chromium driven by
// playwright-core, agents over stdio (JSON-RPC lines), the command line, and waiting on conditions.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { stopProcess, waitFor } from '../interop/helpers.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TICKETS = path.join(ROOT, 'build/bin/sciorex-tickets');
export const INTERACTIONS = path.join(ROOT, 'build/bin/sciorex-interactions');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** Bound on one wait (ms): a live change must show well within it. */
export const WAIT = Number(process.env.BOARD_WAIT_MS ?? 10_000);
export const TEST_TIMEOUT = Number(process.env.BOARD_TEST_TIMEOUT ?? 60_000);
export const USER = 'alice';

const children = new Set();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function track(proc) {
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
  return proc;
}

export function makeWorkspace(tag = 'sciorex-board') {
  return mkdtempSync(path.join(os.tmpdir(), `${tag}-`));
}
export function removeWorkspace(dir) {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

export { stopProcess };

/**
 * Starts `sciorex-tickets board --workspace DIR --port 0 --user USER` (or on `port`) and waits for its
 * `board at http://HOST:PORT/` line on stderr. Resolves to {url, proc, stderr(), stop()}; rejects
 * with the server's stderr when it exits or says nothing within timeoutMs.
 */
export async function startBoard(workspace, { user = USER, port = 0, args = [], timeoutMs = 15_000 } = {}) {
  const argv = ['board', '--workspace', workspace, '--port', String(port), '--user', user, ...args];
  const proc = track(spawn(TICKETS, argv, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] }));
  let err = '';
  const stderr = () => err;
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { done(); reject(new Error(`no "board at http://..." line within ${timeoutMs} ms\n${err}`)); }, timeoutMs);
    const onData = (chunk) => {
      err += chunk;
      if (err.length > 1 << 20) err = err.slice(-(1 << 19));
      const m = /board at (https?:\/\/\S+)/.exec(err);
      if (m) { done(); resolve(m[1]); }
    };
    const onExit = (code, signal) => { done(); reject(new Error(`sciorex-tickets board exited (code ${code}, signal ${signal}) before listening:\n${err}`)); };
    function done() {
      clearTimeout(timer);
      proc.off('exit', onExit);
    }
    proc.stderr.setEncoding('utf8').on('data', onData);
    proc.on('exit', onExit);
    proc.on('error', (e) => { done(); reject(e); });
  }).catch(async (e) => { await stopProcess(proc); throw e; });
  return { url, proc, stderr, stop: () => stopProcess(proc) };
}

/** Runs a command-line tool to completion: {code, stdout, stderr}. */
export function runCli(binary, args, { timeoutMs = WAIT, env } = {}) {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { cwd: ROOT, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 << 20, env: { ...process.env, ...env } },
      (e, stdout, stderr) => {
        if (e && typeof e.code !== 'number') { reject(new Error(`${path.basename(binary)} ${args.join(' ')}: ${e.message}\n${stderr}`)); return; }
        resolve({ code: e ? e.code : 0, stdout, stderr });
      });
  });
}

/** `sciorex-tickets ARGS --workspace DIR`, which must succeed; resolves to its stdout. */
export async function tickets(workspace, ...args) {
  const r = await runCli(TICKETS, [...args, '--workspace', workspace]);
  if (r.code !== 0) throw new Error(`sciorex-tickets ${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
  return r.stdout;
}

/** The ticket as the store has it, every history entry included (`show ID --json`). */
export async function showTicket(workspace, id) {
  return JSON.parse(await tickets(workspace, 'show', id, '--json'));
}

/**
 * An MCP client over stdio speaking JSON-RPC lines to one of the servers (an agent, as far as the
 * store can tell): request() resolves with the result or rejects with the error.
 */
export class StdioAgent {
  constructor(binary, workspace, { name = 'test-agent', capabilities = {} } = {}) {
    this.name = name;
    this.capabilities = capabilities;
    this.proc = track(spawn(binary, ['--workspace', workspace, '--log-level', 'warn'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] }));
    this.next = 1;
    this.waiting = new Map();
    this.err = '';
    this.notifications = [];
    let buf = '';
    this.proc.stdout.setEncoding('utf8').on('data', (d) => {
      buf += d;
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i).trim();
        buf = buf.slice(i + 1);
        if (line) this.#message(JSON.parse(line));
      }
    });
    this.proc.stderr.setEncoding('utf8').on('data', (d) => { this.err = (this.err + d).slice(-20_000); });
    this.proc.on('exit', (code) => {
      for (const { reject } of this.waiting.values()) reject(new Error(`${path.basename(binary)} exited (${code}):\n${this.err}`));
      this.waiting.clear();
    });
  }

  #message(m) {
    if (m.id != null && this.waiting.has(m.id) && (m.result !== undefined || m.error !== undefined)) {
      const { resolve, reject } = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error) reject(Object.assign(new Error(m.error.message), { rpc: m.error }));
      else resolve(m.result);
    } else if (m.method) {
      this.notifications.push(m);
    }
  }

  send(msg) {
    this.proc.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...msg })}\n`);
  }

  request(method, params) {
    const id = this.next++;
    const p = new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.send({ id, method, params });
    return p;
  }

  async start() {
    await this.request('initialize', {
      protocolVersion: '2025-11-25', capabilities: this.capabilities, clientInfo: { name: this.name, version: '1.0.0' },
    });
    this.send({ method: 'notifications/initialized' });
    return this;
  }

  /** tools/call; resolves to the result's structuredContent, or rejects with a tool error's text. */
  async call(name, args) {
    const r = await this.request('tools/call', { name, arguments: args });
    if (r.isError) throw new Error(`${name}: ${(r.content ?? []).map((c) => c.text).join(' ')}`);
    return r.structuredContent ?? r;
  }

  stop() {
    this.proc.stdin.end();
    return stopProcess(this.proc);
  }
}

export function binariesMissing() {
  const missing = [TICKETS, INTERACTIONS, CHROMIUM].filter((b) => !existsSync(b));
  return missing.length ? `missing: ${missing.join(', ')} (bash scripts/setup.sh)` : undefined;
}

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true });
}

/**
 * A page on the board (a fresh browser context), with its script errors collected: errors() lists
 * them, and every test checks it is empty at its end.
 */
export async function openBoard(browser, url, { hash = '#/', viewport = { width: 1280, height: 800 }, permissions = [] } = {}) {
  const context = await browser.newContext({ viewport, permissions });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // the browser logs every 4xx answer as an error; a refused move or a stale save is one on purpose
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
  await page.goto(new URL(hash, url).href);
  await page.getByRole('region', { name: 'Backlog', exact: true }).or(page.getByRole('heading', { level: 1 })).first().waitFor({ timeout: WAIT });
  return { page, context, errors: () => errors };
}

/**
 * The pages one test file opens on the board: `open(hash, options)` opens one (openBoard's
 * options), `done(p)` fails on its script errors and closes it, `closeAll()` (the file's after
 * hook) closes what a failed test left open. `browser()` and `url()` are read at each open.
 */
export function boardPages(browser, url) {
  const opened = [];
  return {
    async open(hash, options = {}) {
      const p = await openBoard(browser(), url(), { hash, ...options });
      opened.push(p);
      return p;
    },
    async done(p) {
      assert.deepEqual(p.errors(), [], 'script errors on the page');
      await p.context.close();
    },
    async closeAll() {
      for (const p of opened) await p.context.close().catch(() => {});
    },
  };
}

/** The card of ticket `id` inside the column named `status`. */
export function cardIn(page, column, id) {
  return page.getByRole('region', { name: column, exact: true }).getByRole('link', { name: new RegExp(`\\b${id}\\b`) });
}

/** Polls check() (async, truthy when done) until it holds or timeoutMs passes; for store state. */
export const eventually = (check, { timeoutMs = WAIT, intervalMs = 50, what = 'condition' } = {}) =>
  waitFor(check, { timeoutMs, intervalMs, what });
