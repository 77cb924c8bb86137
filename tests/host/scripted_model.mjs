// A scripted model endpoint for the real Claude Code: a local HTTP server speaking the Messages API
// (POST /v1/messages, streaming and not) that answers the agent's turns from a script instead of a
// model. No network, no model: the tests decide every tool call and every final text, then check
// through our servers what the host did with them.
//
// A script is a function (or an array) of turns. The agent's conversation decides the turn: turn
// k answers a request whose messages hold k assistant messages already, so a retried request gets
// the same answer. A turn is {text} (the final answer), {tools: [{name, input}, ...]} (tool_use
// blocks, optionally with text), or a function of the request returning one of those (to read an
// earlier tool result). Requests that are not the agent's own turn (no tools offered: titles,
// summaries, quota checks) get a short text.
import http from 'node:http';

function sse(res, event, data) {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

let nextId = 0;
const msgId = () => `msg_scripted_${++nextId}`;

function blocksOf(turn) {
  const blocks = [];
  if (turn.text !== undefined) blocks.push({ type: 'text', text: String(turn.text) });
  for (const t of turn.tools ?? []) {
    blocks.push({ type: 'tool_use', id: `toolu_${++nextId}`, name: t.name, input: t.input ?? {} });
  }
  if (!blocks.length) blocks.push({ type: 'text', text: '' });
  return blocks;
}

function writeStream(res, model, blocks) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const usage = { input_tokens: 10, output_tokens: 0 };
  sse(res, 'message_start', {
    type: 'message_start',
    message: { id: msgId(), type: 'message', role: 'assistant', model, content: [], stop_reason: null,
      stop_sequence: null, usage },
  });
  blocks.forEach((b, index) => {
    if (b.type === 'text') {
      sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: b.text } });
    } else {
      sse(res, 'content_block_start', { type: 'content_block_start', index,
        content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } });
      sse(res, 'content_block_delta', { type: 'content_block_delta', index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(b.input) } });
    }
    sse(res, 'content_block_stop', { type: 'content_block_stop', index });
  });
  const stop = blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  sse(res, 'message_delta', { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null },
    usage: { output_tokens: 5 } });
  sse(res, 'message_stop', { type: 'message_stop' });
  res.end();
}

function writeJson(res, model, blocks) {
  const stop = blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ id: msgId(), type: 'message', role: 'assistant', model, content: blocks,
    stop_reason: stop, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 5 } }));
}

// The text of every tool_result block the agent sent back, in order (what our servers answered).
export function toolResults(request) {
  const out = [];
  for (const m of request.messages ?? []) {
    if (m.role !== 'user' || !Array.isArray(m.content)) continue;
    for (const b of m.content) {
      if (b.type !== 'tool_result') continue;
      const parts = Array.isArray(b.content) ? b.content : [{ type: 'text', text: String(b.content ?? '') }];
      out.push({ id: b.tool_use_id, isError: !!b.is_error, text: parts.filter((p) => p.type === 'text').map((p) => p.text).join('') });
    }
  }
  return out;
}

// The text of a request's system prompt (a string, or text blocks as Claude Code sends it).
export function systemText(request) {
  const sys = request.system ?? '';
  return typeof sys === 'string' ? sys : sys.map((b) => b.text ?? '').join('\n');
}

// The text of the conversation's first user message: the prompt the agent was started with.
export function promptText(request) {
  const first = (request.messages ?? []).find((m) => m.role === 'user');
  if (!first) return '';
  return typeof first.content === 'string' ? first.content
    : first.content.filter((b) => b.type === 'text').map((b) => b.text).join('\n');
}

// One endpoint for several agents (a flow's planner, developer, reviewer, each a headless run of
// its own): `scripts` maps a piece of an agent's systemPrompt (Claude Code sends it inside its own
// system prompt) to that agent's script (turns, or a function of (request, k)). Each conversation
// of an agent starts again at turn 0. A request whose system prompt holds none of them gets a text
// saying so.
export function byAgent(scripts) {
  return (req, k) => {
    const sys = systemText(req);
    for (const [needle, script] of Object.entries(scripts)) {
      if (sys.includes(needle)) return typeof script === 'function' ? script(req, k) : script[k];
    }
    return { text: 'No script for this agent.' };
  };
}

// Starts the endpoint on a free loopback port. Returns {url, requests, agentRequests, close()}.
export async function startScriptedModel(script) {
  const requests = [];
  const agentRequests = [];
  const turnFor = (req) => {
    const k = (req.messages ?? []).filter((m) => m.role === 'assistant').length;
    const turn = typeof script === 'function' ? script(req, k) : script[k];
    if (turn === undefined) return { text: 'Done.' };
    return typeof turn === 'function' ? turn(req, k) : turn;
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const path = req.url.split('?')[0];
      if (req.method !== 'POST' || !path.endsWith('/v1/messages')) {
        if (path.endsWith('/count_tokens')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ input_tokens: 10 }));
          return;
        }
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: `no ${req.method} ${path}` } }));
        return;
      }
      let parsed;
      try { parsed = JSON.parse(body); } catch { parsed = {}; }
      requests.push(parsed);
      const model = parsed.model ?? 'claude-scripted';
      const isAgentTurn = Array.isArray(parsed.tools) && parsed.tools.length > 0;
      let blocks;
      if (isAgentTurn) {
        agentRequests.push(parsed);
        blocks = blocksOf(turnFor(parsed));
      } else {
        blocks = [{ type: 'text', text: 'Scripted.' }];
      }
      if (parsed.stream) writeStream(res, model, blocks);
      else writeJson(res, model, blocks);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    agentRequests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
