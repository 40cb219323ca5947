export interface Response {
  status: string;
  contentType: string;
  /** No body: the response goes on for as long as the connection does (a stream). */
  body?: string;
}

const CRLF = '\r\n';

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

export interface ServerSentEvent {
  id?: string;
  event?: string;
  retry?: number;
  data: string;
}

/** `write!` for an event: a few `field: value` lines, and a blank line to end it. */
export function writeEvent(event: ServerSentEvent, socket: Socket): void {
  const fields = [
    event.id === undefined ? '' : `id: ${event.id}\n`,
    event.event === undefined ? '' : `event: ${event.event}\n`,
    event.retry === undefined ? '' : `retry: ${event.retry}\n`,
  ];
  socket.write(`${fields.join('')}data: ${event.data}\n\n`);
}
