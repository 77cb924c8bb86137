// The real Claude Code (the pinned npm package @anthropic-ai/claude-code) as the MCP host of our
// servers, offline: a temporary HOME, a project folder whose .mcp.json starts both servers over
// stdio, and the scripted model endpoint (scripted_model.mjs) instead of a model.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = process.env.SCIOREX_BIN ?? path.join(ROOT, 'build/bin');
export const CLAUDE = path.join(ROOT, 'node_modules/@anthropic-ai/claude-code/bin/claude.exe');
export const SERVERS = ['sciorex-tickets', 'sciorex-interactions'];

// A project folder set up the way a user does it, by `sciorex-tickets init` (.mcp.json naming both
// servers by absolute path with no workspace argument, as Claude Code hands each server
// CLAUDE_PROJECT_DIR; both enabled in .claude/settings.local.json; the workflow's subagents), and a
// HOME in which a person has trusted that folder once (Claude Code's first-run question).
export function makeProject(tag) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sciorex-host-${tag}-`));
  const project = path.join(dir, 'project');
  const home = path.join(dir, 'home');
  fs.mkdirSync(project);
  fs.mkdirSync(home);
  const init = execFileSync(path.join(BIN, 'sciorex-tickets'), ['init', project], { encoding: 'utf8' });
  fs.writeFileSync(path.join(home, '.claude.json'),
    JSON.stringify({ projects: { [project]: { hasTrustDialogAccepted: true } } }));
  return { dir, project, home, init, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

// Runs `claude ARGS` in the project against the model endpoint; resolves {code, stdout, stderr}.
// Killed (and failed) after `timeoutMs`.
export function runClaude(proj, modelUrl, args, { timeoutMs = 90_000 } = {}) {
  const env = {
    ...process.env,
    HOME: proj.home,
    ANTHROPIC_BASE_URL: modelUrl,
    ANTHROPIC_API_KEY: 'sk-ant-scripted',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ENABLE_TOOL_SEARCH: 'false',
  };
  delete env.CLAUDE_PROJECT_DIR;
  delete env.CLAUDE_CODE_SESSION_ID;
  return new Promise((resolve, reject) => {
    const child = spawn(CLAUDE, args, { cwd: proj.project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`claude ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

// A headless run (`claude -p PROMPT --output-format json`) with our servers' tools allowed;
// resolves Claude's JSON result (session_id, result, is_error, ...).
export async function runHeadless(proj, modelUrl, prompt, extra = []) {
  const args = ['-p', prompt, '--output-format', 'json',
    '--allowedTools', SERVERS.map((s) => `mcp__${s}__*`).join(','), ...extra];
  const r = await runClaude(proj, modelUrl, args);
  if (r.code !== 0) throw new Error(`claude -p exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

// One of our command lines on the project's store (the store Claude Code's servers used).
export function sciorex(proj, server, args) {
  return execFileSync(path.join(BIN, server), ['--workspace', proj.project, ...args], { encoding: 'utf8' });
}
export const showTicket = (proj, id) => JSON.parse(sciorex(proj, 'sciorex-tickets', ['show', id, '--json']));

// The structuredContent a tool result carries, parsed from the text Claude Code sent back.
export function parseResult(text) {
  try { return JSON.parse(text); } catch { return undefined; }
}

// The tool name Claude Code gives one of our tools.
export const tool = (server, name) => `mcp__${server}__${name}`;
