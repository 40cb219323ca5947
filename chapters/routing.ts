// Routing: what a request and a reply *are*, what an error means, and which handler
// answers. No bytes here: reading and writing them is the wire's job (parsing.ts).
// #region imports
import type { EventStream } from './pubsub.ts';
// #endregion imports

// #region request
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
  params: Params;               // the query string's parameters
  body: Uint8Array;             // the body's bytes, whatever their type: empty if none
}
// #endregion request

// #region replies
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
// #endregion replies

// #region status
/** The reason phrase of every status RFC 9110 (§15) defines, so that whichever one a
 *  handler throws, its status line says it in words; and 418, which it keeps unused
 *  (RFC 2324's joke), since handlers throw that one too. */
export const STATUS_TEXT: Record<number, string> = {
  100: 'Continue', 101: 'Switching Protocols',
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information',
  204: 'No Content', 205: 'Reset Content', 206: 'Partial Content',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other',
  304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden',
  404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  407: 'Proxy Authentication Required', 408: 'Request Timeout', 409: 'Conflict',
  410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed',
  413: 'Content Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable', 417: 'Expectation Failed', 418: "I'm a teapot",
  421: 'Misdirected Request', 422: 'Unprocessable Content', 426: 'Upgrade Required',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported',
};
// #endregion status

// #region errors
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
// #endregion errors

// #region router
/** The methods RFC 9110 (and RFC 5789, PATCH) define. Any other is a 501:
 *  the server doesn't know it at all, which is not the same as "not here" (405). */
export const KNOWN_METHODS = new Set([
  'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH',
]);

export class Router {
  // path → method → handler
  private readonly table = new Map<string, Map<string, Handler>>();

  on(method: string, path: string, handler: Handler): this {
    const methods = this.table.get(path) ?? new Map<string, Handler>();
    if (methods.has(method)) throw new Error(`${method} ${path} already has a handler`);
    this.table.set(path, methods.set(method, handler));
    return this;
  }

  /** The handler for this request. Unknown method: 501. Unknown path: 404.
   *  Known path, other method: 405 with Allow. HEAD runs the GET handler
   *  (the wire leaves the body out). */
  find(method: string, path: string): Handler {
    if (!KNOWN_METHODS.has(method)) {
      throw new HttpError(501, `this server does not know the method ${method}`);
    }
    const methods = this.table.get(path);
    if (!methods) throw new HttpError(404, `nothing at ${path}`);
    const handler = methods.get(method)
      ?? (method === 'HEAD' ? methods.get('GET') : undefined);
    if (handler) return handler;
    const allow = [...methods.keys(), ...(methods.has('GET') ? ['HEAD'] : [])].join(', ');
    throw new HttpError(405, `${path} accepts ${allow}`, { Allow: allow });
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
// #endregion router

// #region demo
if (process.argv[1] === import.meta.filename) {
  // What the router answers; the wire (next chapter) turns these values into bytes.
  const router = new Router()
    .on('GET', '/hello', () => text('Grüße aus dem Haus\n'))
    .on('GET', '/crash', () => { throw new Error('a bug in a handler'); });

  const tries = [
    ['GET', '/hello'], ['HEAD', '/hello'], ['GET', '/nowhere'], ['POST', '/hello'],
    ['BREW', '/hello'], ['GET', '/crash'],
  ] as const;
  for (const [method, path] of tries) {
    const request = {
      method, target: path, path, version: 'HTTP/1.1',
      headers: new Map(), params: new Map(), body: new Uint8Array(),
    };
    const reply = await router.handle(request) as Response;
    console.log(`--- ${method} ${path} → ${reply.status} ${STATUS_TEXT[reply.status]}`);
    console.log(reply);
  }
}
// #endregion demo
