/** Thrown anywhere while answering a request;
 *  becomes a response with this status and message. */
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

/** Any thrown value as a response. Our own HttpErrors say what was wrong;
 *  anything else is a bug in a handler, so the client gets a plain 500
 *  and the details stay in the server log. */
export function errorResponse(error: unknown): Response {
  if (error instanceof HttpError) {
    return { ...text(`${error.message}\n`, error.status), headers: error.headers };
  }
  console.error('house: a handler failed:', error);
  return text('500 Internal Server Error: the handler failed\n', 500);
}
