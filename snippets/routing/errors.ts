/** Thrown anywhere while reading or answering a request; becomes a response with this
 *  status, and the message as its body. The status line gives the reason phrase,
 *  so the message says only what was wrong. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The one place any thrown value becomes a response. Our own HttpErrors say what was
 *  wrong; anything else is a bug in a handler, so the client gets a plain 500 and the
 *  details stay in the server log. */
export function errorResponse(error: unknown): Response {
  const known = error instanceof HttpError;
  if (!known) logHandlerBug(error);
  const status = known ? error.status : 500;
  const body = known ? `${error.message}\n` : 'the handler failed\n';
  return { ...text(body, status), headers: known ? error.headers : {} };
}

/** A bug in a handler: the details go to the server's log, and only there. */
export function logHandlerBug(error: unknown): void {
  console.error('house: a handler failed:', error);
}
