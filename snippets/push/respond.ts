/** A complete response: its length is known, and we hang up after it. */
function respond(socket: Socket, status: string, body: string, extra = ''): void {
  socket.end(
    `HTTP/1.1 ${status}\r\n` +
      extra + // more header lines, each ending in CRLF
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n' +
      '\r\n' +
      body,
  );
}

/** How each event reads in a long-poll answer: `7 2026-11-23T20:41:07.000Z`. */
function asLine(tick: Tick): string {
  return `${tick.id} ${tick.time}\n`;
}
