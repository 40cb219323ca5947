/** The head of an event stream: no Content-Length, because the body never ends. */
export function formatStreamHead(): string {
  return statusLine(200) + headerLines({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': NO_CACHE,
    Connection: 'keep-alive',
  }) + '\r\n';
}

/** Sends a reply. A Response is written whole and the connection closed once it has gone;
 *  a Stream gets its head and then owns the connection. */
export function writeReply(connection: Socket, reply: Reply): void {
  if (isStream(reply)) {
    connection.write(formatStreamHead());
    reply.open(connection);
  } else {
    connection.end(formatResponse(reply));
  }
}
