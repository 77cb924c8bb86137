// The test host's two web pages, served on a loopback port under two origins, as a web host must
// (spec 2026-01-26, "Sandbox proxy"): the host page at http://127.0.0.1:PORT/host.html and the
// sandbox proxy at http://localhost:PORT/sandbox.html (another origin). The host page holds the
// proxy in an iframe (sandbox="allow-scripts allow-same-origin") and relays its messages to and from
// Node (window.__fromView / window.__toView), accepting only messages whose source is that frame.
// The proxy says ui/notifications/sandbox-proxy-ready, loads the HTML it gets in
// ui/notifications/sandbox-resource-ready into an inner iframe (srcdoc, sandbox="allow-scripts" by
// default: an opaque origin) under the CSP built from the resource's ui.csp (the spec's restrictive
// default when none), and passes every other message through both ways.
import http from 'node:http';

const HOST_PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>test host</title>
<style>body{margin:0;padding:12px;background:#ccd;font:14px sans-serif} iframe{display:block;border:1px solid #889;border-radius:8px;width:100%;height:200px}</style>
</head><body><div id="slot"></div><script>
let frame = null;
window.addEventListener('message', (e) => { if (frame && e.source === frame.contentWindow) window.__fromView(e.data); });
window.__toView = (m) => frame.contentWindow.postMessage(m, new URL(frame.src).origin);
window.__mount = (src) => {
  frame = document.createElement('iframe');
  frame.id = 'view';
  frame.title = 'MCP App view';
  frame.setAttribute('sandbox', 'allow-scripts allow-same-origin');
  frame.src = src;
  document.getElementById('slot').replaceChildren(frame);
};
</script></body></html>`;

const SANDBOX_PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>sandbox proxy</title>
<style>html,body{margin:0;height:100%;overflow:hidden;background:transparent} iframe{border:0;width:100%;height:100%;display:block}</style>
</head><body><script>
const parentOrigin = new URLSearchParams(location.search).get('host');
let inner = null;
const isSandboxMessage = (m) => typeof m?.method === 'string' && m.method.startsWith('ui/notifications/sandbox-');
function policy(csp) {
  const list = (a) => (Array.isArray(a) ? a.filter((d) => /^[a-z]+:\\/\\/[a-z0-9.*:-]+$/i.test(d)).join(' ') : '');
  const res = list(csp?.resourceDomains);
  return ["default-src 'none'", "script-src 'self' 'unsafe-inline' " + res, "style-src 'self' 'unsafe-inline' " + res,
    "img-src 'self' data: " + res, "font-src 'self' " + res, "media-src 'self' data: " + res,
    'connect-src ' + (list(csp?.connectDomains) || "'none'"), 'frame-src ' + (list(csp?.frameDomains) || "'none'"),
    "object-src 'none'", 'base-uri ' + (list(csp?.baseUriDomains) || "'self'")].join('; ');
}
function load({ html, sandbox, csp }) {
  inner = document.createElement('iframe');
  inner.setAttribute('sandbox', sandbox || 'allow-scripts');
  const meta = '<meta http-equiv="Content-Security-Policy" content="' + policy(csp).replaceAll('"', '&quot;') + '">';
  inner.srcdoc = /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (m) => m + meta) : meta + html;
  document.body.replaceChildren(inner);
}
window.addEventListener('message', (e) => {
  if (e.source === window.parent && e.origin === parentOrigin) {
    if (e.data?.method === 'ui/notifications/sandbox-resource-ready') load(e.data.params ?? {});
    else if (!isSandboxMessage(e.data) && inner) inner.contentWindow.postMessage(e.data, '*');
  } else if (inner && e.source === inner.contentWindow && !isSandboxMessage(e.data)) {
    window.parent.postMessage(e.data, parentOrigin);
  }
});
window.parent.postMessage({ jsonrpc: '2.0', method: 'ui/notifications/sandbox-proxy-ready', params: {} }, parentOrigin);
</script></body></html>`;

/** Starts the pages' server; resolves to {hostUrl, sandboxUrl, stop()}. */
export async function startPages() {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const body = path === '/host.html' ? HOST_PAGE : path === '/sandbox.html' ? SANDBOX_PAGE : null;
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const hostOrigin = `http://127.0.0.1:${port}`;
  return {
    hostUrl: `${hostOrigin}/host.html`,
    sandboxUrl: `http://localhost:${port}/sandbox.html?host=${encodeURIComponent(hostOrigin)}`,
    stop: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}
