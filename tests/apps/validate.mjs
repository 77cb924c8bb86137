// Every message a view sends, checked against the published schemas: the JSON-RPC envelope
// (@modelcontextprotocol/core), the MCP Apps messages (@modelcontextprotocol/ext-apps' zod schemas,
// generated from the spec's types) and the standard MCP requests a view may send. The test host runs
// each message through checkViewMessage() before the AppBridge sees it; a test fails on any problem.
import {
  McpUiDownloadFileRequestSchema,
  McpUiInitializedNotificationSchema,
  McpUiInitializeRequestSchema,
  McpUiMessageRequestSchema,
  McpUiOpenLinkRequestSchema,
  McpUiRequestDisplayModeRequestSchema,
  McpUiRequestTeardownNotificationSchema,
  McpUiResourceTeardownResultSchema,
  McpUiSandboxProxyReadyNotificationSchema,
  McpUiSizeChangedNotificationSchema,
  McpUiUpdateModelContextRequestSchema,
} from '@modelcontextprotocol/ext-apps/app-bridge';
import {
  CallToolRequestSchema,
  EmptyResultSchema,
  JSONRPCMessageSchema,
  ListResourcesRequestSchema,
  LoggingMessageNotificationSchema,
  PingRequestSchema,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/core';

/** The methods a view may send (spec 2026-01-26: its ui/ messages and the MCP subset), by schema. */
const FROM_VIEW = {
  'ui/initialize': McpUiInitializeRequestSchema,
  'ui/notifications/initialized': McpUiInitializedNotificationSchema,
  'ui/notifications/size-changed': McpUiSizeChangedNotificationSchema,
  // from the sandbox proxy, on the view's channel
  'ui/notifications/sandbox-proxy-ready': McpUiSandboxProxyReadyNotificationSchema,
  'ui/notifications/request-teardown': McpUiRequestTeardownNotificationSchema,
  'ui/open-link': McpUiOpenLinkRequestSchema,
  'ui/message': McpUiMessageRequestSchema,
  'ui/request-display-mode': McpUiRequestDisplayModeRequestSchema,
  'ui/update-model-context': McpUiUpdateModelContextRequestSchema,
  'ui/download-file': McpUiDownloadFileRequestSchema,
  'tools/call': CallToolRequestSchema,
  'resources/read': ReadResourceRequestSchema,
  'resources/list': ListResourcesRequestSchema,
  'notifications/message': LoggingMessageNotificationSchema,
  ping: PingRequestSchema,
};

/** The result a view owes for each request the host sends it. */
const RESULT_OF = {
  'ui/resource-teardown': McpUiResourceTeardownResultSchema,
  ping: EmptyResultSchema,
};

const issues = (r) => r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

/**
 * Checks one message from a view. `hostRequests` maps the ids of the host's requests to their
 * methods (for the view's responses). Returns undefined when valid, else the problem.
 */
export function checkViewMessage(message, hostRequests) {
  const envelope = JSONRPCMessageSchema.safeParse(message);
  if (!envelope.success) return `not a JSON-RPC 2.0 message: ${issues(envelope)}`;
  if (typeof message.method === 'string') {
    const schema = FROM_VIEW[message.method];
    if (!schema) return `a view may not send ${message.method}`;
    const r = schema.safeParse({ method: message.method, params: message.params });
    return r.success ? undefined : `${message.method}: ${issues(r)}`;
  }
  const method = hostRequests.get(message.id);
  if (!method) return `a response to no request of the host (id ${message.id})`;
  if (message.error) return undefined;
  const r = (RESULT_OF[method] ?? EmptyResultSchema).safeParse(message.result);
  return r.success ? undefined : `result of ${method}: ${issues(r)}`;
}
