/** `write!` for a response: the status line, the headers, a blank line, the body. */
export function write(response: Response, socket: Socket): void {
  const lines = [
    `HTTP/1.1 ${response.status}`,
    `Content-Type: ${response.contentType}; charset=utf-8`,
    'Cache-Control: no-cache, no-store, must-revalidate',
    'Connection: close',
  ];
  if (response.body !== undefined) {
    // The draft's (length body): characters, not bytes. Naive, as we'll see.
    lines.push(`Content-Length: ${response.body.length}`);
  }
  socket.write(lines.join(CRLF) + CRLF + CRLF + (response.body ?? ''));
}
