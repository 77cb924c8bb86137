// Shared helpers for the interop tests: where the fixture and the two servers are, how to start
// them over stdio or Streamable HTTP, how to wait for a port line, how to stop them, temporary
// workspaces and the servers' command-line tools.
//
// The server under test defaults to build/bin/sciorex-conformance-server. Override (e.g. to aim the
// harness at a stand-in) with shell command strings:
//   INTEROP_STDIO_CMD  a command serving MCP on stdio            (default: FIXTURE)
//   INTEROP_HTTP_CMD   a command serving Streamable HTTP, printing "listening on http://127.0.0.1:PORT..."
//                      (default: FIXTURE --http --host 127.0.0.1 --port 0)
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURE = path.join(ROOT, 'build/bin/sciorex-conformance-server');

/** Per-test bound (ms); each test also passes it to node:test as `timeout`. */
export const TEST_TIMEOUT = Number(process.env.INTEROP_TEST_TIMEOUT ?? 20_000);
/** Bound on one SDK request (ms). */
export const REQUEST_TIMEOUT = Number(process.env.INTEROP_REQUEST_TIMEOUT ?? 10_000);
/** Bound on a server printing its port line (ms). */
export const START_TIMEOUT = Number(process.env.INTEROP_START_TIMEOUT ?? 15_000);

const children = new Set();
// never leave a server behind, even when a test run dies
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** {command, args} for StdioClientTransport: the stdio server under test. */
export function stdioServerParams() {
  const cmd = process.env.INTEROP_STDIO_CMD;
  if (cmd) return { command: '/bin/sh', args: ['-c', `exec ${cmd}`], cwd: ROOT };
  return { command: FIXTURE, args: [], cwd: ROOT };
}

/** A reason to skip when the default fixture is not built yet (undefined when it is, or overridden). */
export function fixtureMissing() {
  if (process.env.INTEROP_STDIO_CMD || process.env.INTEROP_HTTP_CMD) return undefined;
  return existsSync(FIXTURE) ? undefined : `${path.relative(ROOT, FIXTURE)} is not built (bash scripts/setup.sh)`;
}

/**
 * Starts the server under test over Streamable HTTP on a free loopback port and waits for its
 * "listening on http://127.0.0.1:PORT" line (stderr or stdout). `command` (a shell command string)
 * starts another server than the fixture (see serverCommand). Resolves to
 * { url, port, proc, output(), stop() }; url is http://127.0.0.1:PORT/mcp.
 */
export async function startHttpServer({ timeoutMs = START_TIMEOUT, command } = {}) {
  const cmd = command ?? process.env.INTEROP_HTTP_CMD ?? `'${FIXTURE}' --http --host 127.0.0.1 --port 0`;
  const proc = spawn('/bin/sh', ['-c', `exec ${cmd}`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
  let out = '';
  const output = () => out;
  const stop = () => stopProcess(proc);
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no "listening on http://127.0.0.1:PORT" line within ${timeoutMs} ms from: ${cmd}\n${out}`));
    }, timeoutMs);
    const onData = (chunk) => {
      out += chunk;
      if (out.length > 1 << 20) out = out.slice(-(1 << 19));
      const m = /listening on\D*https?:\/\/[^\s/]+:(\d+)/i.exec(out);
      if (m) { done(); resolve(Number(m[1])); }
    };
    const onExit = (code, signal) => {
      done();
      reject(new Error(`server exited (code ${code}, signal ${signal}) before listening: ${cmd}\n${out}`));
    };
    const onError = (e) => { done(); reject(e); };
    function done() {
      clearTimeout(timer);
      proc.off('exit', onExit);
      proc.off('error', onError);
    }
    proc.stdout.setEncoding('utf8').on('data', onData);
    proc.stderr.setEncoding('utf8').on('data', onData);
    proc.on('exit', onExit);
    proc.on('error', onError);
  }).catch(async (e) => { await stop(); throw e; });
  return { url: new URL(`http://127.0.0.1:${port}/mcp`), port, proc, output, stop };
}

/** SIGTERM, then SIGKILL after graceMs; resolves once the process has exited. Idempotent. */
export function stopProcess(proc, graceMs = 3000) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    proc.once('exit', () => { clearTimeout(killer); resolve(); });
    proc.kill('SIGTERM');
  });
}

/** Rejects when promise takes longer than ms. */
export function within(ms, promise, what = 'operation') {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/** All text blocks of a tool/prompt result, joined. */
export function textOf(result) {
  return (result?.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

/** Runs a test suite body once per transport: ['stdio', 'http']. */
export const TRANSPORTS = (process.env.INTEROP_TRANSPORTS ?? 'stdio,http').split(',').filter(Boolean);

// ---- the project's own servers (tickets.test.mjs, interactions.test.mjs) ----

export const TICKETS = path.join(ROOT, 'build/bin/sciorex-tickets');
export const INTERACTIONS = path.join(ROOT, 'build/bin/sciorex-interactions');

/** A reason to skip when one of `binaries` is not built (undefined when all are). */
export function binariesMissing(...binaries) {
  const missing = binaries.filter((b) => !existsSync(b)).map((b) => path.relative(ROOT, b));
  return missing.length ? `${missing.join(', ')} not built (bash scripts/setup.sh)` : undefined;
}

/** A fresh temporary workspace folder; remove it with removeWorkspace. */
export function makeWorkspace(tag = 'sciorex-interop') {
  return mkdtempSync(path.join(os.tmpdir(), `${tag}-`));
}
export function removeWorkspace(dir) {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/**
 * The store arguments of sciorex-tickets on `workspace`: `--workspace DIR`, and with INTEROP_PG set
 * (a PostgreSQL connection string of a throwaway cluster, tests/interop/run.sh) `--db URI` of a
 * database made for this workspace, the same on every call: the same tests on PostgreSQL.
 */
const pgStores = new Map();
export function storeArgs(workspace) {
  const base = process.env.INTEROP_PG;
  if (!base) return ['--workspace', workspace];
  if (!pgStores.has(workspace)) {
    const db = `sxi_${path.basename(workspace).replace(/[^A-Za-z0-9]/g, '_').toLowerCase()}`;
    execFileSync('/usr/lib/postgresql/15/bin/psql', ['-X', '-q', base, '-c', `CREATE DATABASE ${db}`]);
    // postgresql://USER@HOST/DB?host=... with this database (URL() refuses an empty host)
    const uri = base.replace(/^(postgres(?:ql)?:\/\/[^/?]*)(\/[^?]*)?/, `$1/${db}`);
    pgStores.set(workspace, uri);
  }
  return ['--workspace', workspace, '--db', pgStores.get(workspace)];
}

/** A shell command string running `binary args...` (quoted), for startHttpServer({command}). */
export function serverCommand(binary, args) {
  const q = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;
  return [binary, ...args].map(q).join(' ');
}

/**
 * Runs a command-line tool (e.g. `sciorex-interactions answer`) to completion, bounded by
 * timeoutMs. Resolves to {code, stdout, stderr}; rejects on timeout or spawn failure.
 */
export function runCli(binary, args, { timeoutMs = REQUEST_TIMEOUT, env } = {}) {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { cwd: ROOT, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 8 << 20, env: env ?? process.env },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') {
          reject(new Error(`${path.basename(binary)} ${args.join(' ')}: ${err.message}\n${stderr}`));
          return;
        }
        resolve({ code: err ? err.code : 0, stdout, stderr });
      });
  });
}

/** Polls `check` (async, returns a truthy value when done) every intervalMs until timeoutMs. */
export async function waitFor(check, { timeoutMs = REQUEST_TIMEOUT, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
