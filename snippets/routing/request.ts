// @filename: chapters/routing.request.twoslash.ts
// Routing, handling and writing: from a parsed request to the bytes of a response.
import type { Socket } from 'node:net';
import { formatEvent } from './pubsub.ts';

// ---cut-before---
/** Every value of each parameter, in arrival order: query string first, then form body.
 *  A Map, so names like `__proto__` or `constructor` are ordinary keys,
 *  not object machinery. */
export type Params = Map<string, string[]>;

export interface Request {
  method: string;               // 'GET', 'POST', … exactly as sent
                                // (methods are case-sensitive)
  target: string;               // the raw request-target: '/send?room=lobby'
  path: string;                 // its path part, percent-decoded: '/send'
  version: string;              // 'HTTP/1.1' or 'HTTP/1.0'
  headers: Map<string, string>; // names in lower case; repeated headers joined with ', '
  params: Params;
}
// ---cut-after---

/** A complete answer: written, then the connection is closed. */
export interface Response {
  status: number;
  contentType: string;          // a media type without charset: the body is always UTF-8
  body: string;
  headers?: Record<string, string>;
}

/** An answer that keeps the connection: the writer sends the event-stream head,
 *  then hands the connection over to `open`, which usually subscribes it to a channel. */
export interface Stream {
  open(connection: Socket): void;
}

export type Reply = Response | Stream;
export type Handler = (request: Request) => Reply | Promise<Reply>;

export function text(body: string, status = 200): Response {
  return { status, contentType: 'text/plain', body };
}

export function html(body: string, status = 200): Response {
  return { status, contentType: 'text/html', body };
}

export function stream(open: (connection: Socket) => void): Stream {
  return { open };
}

export function isStream(reply: Reply): reply is Stream {
  return 'open' in reply;
}

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

export class Router {
  // path → method → handler
  private readonly table = new Map<string, Map<string, Handler>>();

  on(method: string, path: string, handler: Handler): this {
    const methods = this.table.get(path) ?? new Map<string, Handler>();
    if (methods.has(method)) throw new Error(`${method} ${path} already has a handler`);
    this.table.set(path, methods.set(method, handler));
    return this;
  }

  /** The handler for this request.
   *  Unknown path: 404. Known path, other method: 405 with Allow. */
  find(method: string, path: string): Handler {
    const methods = this.table.get(path);
    if (!methods) throw new HttpError(404, `404 Not Found: nothing at ${path}`);
    const handler = methods.get(method);
    if (handler) return handler;
    const allow = [...methods.keys()].join(', ');
    const message = `405 Method Not Allowed: ${path} accepts ${allow}`;
    throw new HttpError(405, message, { Allow: allow });
  }

  /** Routes and runs a request.
   *  Never throws: whatever goes wrong becomes an error response. */
  async handle(request: Request): Promise<Reply> {
    try {
      return await this.find(request.method, request.path)(request);
    } catch (error) {
      return errorResponse(error);
    }
  }
}

export const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 303: 'See Other',
  400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed',
  408: 'Request Timeout', 413: 'Content Too Large', 415: 'Unsupported Media Type',
  500: 'Internal Server Error', 501: 'Not Implemented', 505: 'HTTP Version Not Supported',
};

const NO_CACHE = 'no-cache, no-store, must-revalidate';

function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? ''}\r\n`;
}

function headerLines(headers: Record<string, string>): string {
  let lines = '';
  for (const [name, value] of Object.entries(headers)) {
    // A CR or LF in a value would let a handler smuggle in headers
    // (or a whole second response).
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n]/.test(value)) {
      throw new Error(`refusing to write the malformed header ${JSON.stringify(name)}`);
    }
    lines += `${name}: ${value}\r\n`;
  }
  return lines;
}

/** The exact bytes of a closing response.
 *  Content-Length counts bytes of UTF-8, not characters. */
export function formatResponse(response: Response): Buffer {
  const body = Buffer.from(response.body, 'utf8');
  const head = statusLine(response.status) + headerLines({
    'Content-Type': `${response.contentType}; charset=utf-8`,
    'Cache-Control': NO_CACHE,
    ...response.headers,
    // Framing headers come last: a handler can't override them.
    'Content-Length': String(body.length),
    Connection: 'close',
  });
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'utf8'), body]);
}

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

if (process.argv[1] === import.meta.filename) {
  // Print the exact bytes a client would receive, with each CRLF made visible.
  const show = (title: string, bytes: string | Buffer) => {
    const visible = String(bytes).replaceAll('\r\n', '\\r\\n\n');
    process.stdout.write(`--- ${title}\n${visible}\n`);
  };

  const router = new Router()
    .on('GET', '/hello', () => text('Grüße aus dem Haus\n'))
    .on('GET', '/crash', () => { throw new Error('a bug in a handler'); });

  const tries = [
    ['GET', '/hello'], ['GET', '/nowhere'], ['POST', '/hello'], ['GET', '/crash'],
  ] as const;
  for (const [method, path] of tries) {
    const request = {
      method, target: path, path, version: 'HTTP/1.1',
      headers: new Map(), params: new Map(),
    };
    show(`${method} ${path}`, formatResponse(await router.handle(request) as Response));
  }
  show('the head of an event stream', formatStreamHead());
  const event = { event: 'chat', data: 'first line\nsecond line' };
  show('one event on it', formatEvent(event));
}
