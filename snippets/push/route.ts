export function createPushServer(ticks: Ticks): Server {
  return createServer(async (socket) => {
    socket.on('error', () => socket.destroy()); // clients vanish; don't crash
    let requestLine: string;
    try {
      requestLine = await readRequestLine(socket);
    } catch (error) {
      const reason = `${(error as Error).message}\n`;
      return respond(socket, '431 Request Header Fields Too Large', reason);
    }

    const [method, target, version, ...rest] = requestLine.split(' ');
    const isHttp = version?.startsWith('HTTP/1.') && rest.length === 0;
    if (!target?.startsWith('/') || !isHttp) {
      const line = JSON.stringify(requestLine);
      const reason = `Not an HTTP/1.x request line: ${line}\n`;
      return respond(socket, '400 Bad Request', reason);
    }
    if (method !== 'GET') {
      const reason = `Only GET is served here, not ${method}\n`;
      // A 405 must say which methods would have worked (RFC 9110 §15.5.6).
      return respond(socket, '405 Method Not Allowed', reason, 'Allow: GET\r\n');
    }

    const url = new URL(target, `http://${HOST}`);
    const after = url.searchParams.get('after');
    if (url.pathname === '/poll') return longPoll(socket, ticks, after);
    if (url.pathname === '/events') return streamEvents(socket, ticks);
    const nothing = `Nothing at ${url.pathname}. Try /poll?after=0 or /events\n`;
    respond(socket, '404 Not Found', nothing);
  });
}
