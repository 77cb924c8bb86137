// Preload (node --require) for running a third-party Node MCP server as a stand-in under test:
// forces every TCP listener in the process onto 127.0.0.1 (server-everything binds all interfaces
// and has no host option) and reports the bound port on stderr the way our executables do:
//   listening on http://127.0.0.1:PORT/mcp
// Start it with PORT=0 to get a free port.
'use strict';
const net = require('node:net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (first !== null && typeof first === 'object') {
    if (first.path === undefined) args[0] = { ...first, host: '127.0.0.1' };
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, callback]): keep the port and the callback only
    args = [Number(first), '127.0.0.1', ...args.slice(1).filter((a) => typeof a === 'function')];
  }
  this.once('listening', () => {
    const a = this.address();
    if (a && typeof a === 'object') process.stderr.write(`listening on http://127.0.0.1:${a.port}/mcp\n`);
  });
  return listen.apply(this, args);
};
