/** The head of an event stream. Its body ends only when the connection does, so it says
 *  so: `Connection: close`, no Content-Length. Nothing else can follow it on this
 *  connection. */
export function formatStreamHead(): string {
  return statusLine(200) + headerLines({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': NO_CACHE,
    ...NO_SNIFFING,
    Connection: 'close',
  }) + '\r\n';
}
