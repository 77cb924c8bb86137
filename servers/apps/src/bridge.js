// The view side of MCP Apps (extension io.modelcontextprotocol/ui, spec 2026-01-26): JSON-RPC 2.0
// over postMessage with the host (our own small implementation, not the SDK's App class).
// A view calls bridge.start(appInfo) once: it sends ui/initialize, applies the host context it gets
// (theme, style variables, container size), then ui/notifications/initialized; afterwards the host
// sends ui/notifications/tool-input and tool-result, and host-context-changed at any time. The view
// reports its content size (ui/notifications/size-changed) whenever it changes, and calls the
// server's tools through the host (tools/call). Messages from anything but the parent window are
// ignored. Every datum arrives through here: the document makes no network request.
const bridge = (() => {
  const PROTOCOL_VERSION = '2026-01-26';
  const listeners = {}; // event -> [fn]: tool-input, tool-input-partial, tool-result, tool-cancelled, context, teardown
  const waiting = new Map(); // request id -> {resolve, reject}
  let nextId = 1;
  let context = {};
  let lastSize = '';

  const post = (message) => window.parent.postMessage({ jsonrpc: '2.0', ...message }, '*');
  const emit = (event, params) => (listeners[event] ?? []).forEach((fn) => fn(params));

  function request(method, params) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      post({ id, method, params });
    });
  }

  function notify(method, params) {
    post({ method, params });
  }

  // Requests the host may send to a view: ping, and ui/resource-teardown before it removes the view.
  function answer(message) {
    const reply = (result) => post({ id: message.id, result });
    if (message.method === 'ping') return reply({});
    if (message.method === 'ui/resource-teardown') {
      emit('teardown', message.params ?? {});
      return reply({});
    }
    post({ id: message.id, error: { code: -32601, message: `Method not found: ${message.method}` } });
  }

  const NOTIFICATIONS = {
    'ui/notifications/tool-input': 'tool-input',
    'ui/notifications/tool-input-partial': 'tool-input-partial',
    'ui/notifications/tool-result': 'tool-result',
    'ui/notifications/tool-cancelled': 'tool-cancelled',
  };

  window.addEventListener('message', (event) => {
    if (event.source !== window.parent) return;
    const m = event.data;
    if (!m || typeof m !== 'object' || m.jsonrpc !== '2.0') return;
    if (m.method === undefined) {
      const w = waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id);
      if (m.error) w.reject(new Error(m.error.message ?? 'request failed'));
      else w.resolve(m.result);
    } else if (m.id !== undefined) {
      answer(m);
    } else if (m.method === 'ui/notifications/host-context-changed') {
      applyContext(m.params ?? {});
    } else if (NOTIFICATIONS[m.method]) {
      emit(NOTIFICATIONS[m.method], m.params ?? {});
    }
  });

  // --- host context: theme, the host's style variables, the container's size -------------------
  function applyContext(partial) {
    context = { ...context, ...partial };
    const root = document.documentElement;
    if (partial.theme === 'light' || partial.theme === 'dark') {
      root.dataset.theme = partial.theme;
      root.style.colorScheme = partial.theme;
    }
    for (const [name, value] of Object.entries(partial.styles?.variables ?? {})) {
      if (typeof value === 'string' && name.startsWith('--')) root.style.setProperty(name, value);
    }
    const dims = partial.containerDimensions;
    if (dims) {
      root.style.width = 'width' in dims ? '100vw' : '';
      root.style.maxWidth = dims.maxWidth ? `${dims.maxWidth}px` : '';
      root.style.height = 'height' in dims ? '100vh' : '';
      root.style.maxHeight = dims.maxHeight ? `${dims.maxHeight}px` : '';
      root.dataset.fixedHeight = 'height' in dims ? 'true' : 'false';
    }
    emit('context', context);
  }

  // The content's size, sent when it changes (a ResizeObserver on the document).
  function reportSize() {
    const root = document.documentElement;
    // <html> is as tall as its content (height: auto), not the frame: a frame taller than the
    // content may shrink again
    const box = root.getBoundingClientRect();
    const height = Math.ceil(root.dataset.fixedHeight === 'true' ? root.scrollHeight : box.height);
    const width = Math.ceil(box.width);
    const key = `${width}x${height}`;
    if (key === lastSize) return;
    lastSize = key;
    notify('ui/notifications/size-changed', { width, height });
  }

  async function start(appInfo) {
    const result = await request('ui/initialize', {
      appInfo,
      appCapabilities: { availableDisplayModes: ['inline'] },
      protocolVersion: PROTOCOL_VERSION,
    });
    applyContext(result?.hostContext ?? {});
    notify('ui/notifications/initialized', {});
    const observer = new ResizeObserver(() => reportSize());
    observer.observe(document.documentElement);
    observer.observe(document.body);
    reportSize();
    return result;
  }

  /** Calls a server tool through the host; a tool error (isError) rejects with its text. */
  async function callTool(name, args) {
    const result = await request('tools/call', { name, arguments: args ?? {} });
    if (result?.isError) {
      const text = (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
      throw new Error(text || `${name} failed`);
    }
    return result;
  }

  return {
    start,
    callTool,
    request,
    notify,
    on: (event, fn) => (listeners[event] ??= []).push(fn),
    context: () => context,
    /** A log line for the host (notifications/message). */
    log: (level, data) => notify('notifications/message', { level, logger: 'sciorex-view', data }),
  };
})();
