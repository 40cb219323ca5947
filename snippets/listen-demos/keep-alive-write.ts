  /** `write!` for a response: the status line, the headers, a blank line, the body. */
  function write(response: Response, socket: Socket): void {
    const lines = [
      `HTTP/1.1 ${response.status}`,
      `Content-Type: ${response.contentType}; charset=utf-8`,
      'Cache-Control: no-cache, no-store, must-revalidate',
      'Connection: keep-alive',
    ];
    if (response.body !== undefined) {
      lines.push(`Content-Length: ${Buffer.byteLength(response.body)}`);
    }
    socket.write(lines.join(CRLF) + CRLF + CRLF + (response.body ?? ''));
  }
