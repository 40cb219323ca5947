/** A complete answer, with a length: the connection may carry more requests after it. */
export interface Response {
  status: number;
  contentType: string;          // a media type without charset: the body is always UTF-8
  body: string;
  headers?: Record<string, string>;
}

/** An answer that keeps the connection: the writer sends the event-stream head, then
 *  hands `open` the connection as an event stream, which it usually subscribes to a
 *  channel. The stream owns the connection from then on, until one side closes it. */
export interface Stream {
  /** May return a promise: if that rejects, the failure is logged
   *  and the connection closed. */
  open(events: EventStream): unknown;
}

export type Reply = Response | Stream;
export type Handler = (request: Request) => Reply | Promise<Reply>;

export function text(body: string, status = 200): Response {
  return { status, contentType: 'text/plain', body };
}

export function html(body: string, status = 200): Response {
  return { status, contentType: 'text/html', body };
}

export function stream(open: (events: EventStream) => unknown): Stream {
  return { open };
}

export function isStream(reply: Reply): reply is Stream {
  return 'open' in reply;
}
