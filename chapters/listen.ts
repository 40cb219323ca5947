// Listening and reading: a node:net server that gathers each connection's bytes
// into a request, answers it through a Router, and keeps nothing but a buffer
// and a timer per connection.
// #region imports
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Channels } from './pubsub.ts';
import { findHeadEnd, parseHead, parseRequest } from './parsing.ts';
import {
  HttpError, Router, errorResponse, html, isStream, stream, text, writeReply,
} from './routing.ts';
import type { Reply, Request } from './routing.ts';
// #endregion imports

// #region limits
/** The largest request we read: head and body together. Anything bigger gets 413. */
export const MAX_REQUEST_BYTES = 64 * 1024;
/** How long a client may take to send its whole request. A slower one gets 408. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** After a closing response, how long we keep reading (and dropping)
 *  what the client still sends. */
export const CLOSE_GRACE_MS = 2_000;

export interface Limits {
  maxRequestBytes: number;
  requestTimeoutMs: number;
}
export const DEFAULT_LIMITS: Limits = {
  maxRequestBytes: MAX_REQUEST_BYTES,
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
};
// #endregion limits

// #region read
/** Everything received so far → the request, once all of it is in
 *  (undefined until then). Complete means: the head, then exactly
 *  Content-Length bytes of body. */
export function readRequest(received: Buffer, maxBytes: number): Request | undefined {
  const headEnd = findHeadEnd(received);
  if (headEnd === -1) {
    if (received.length > maxBytes) throw tooLarge(maxBytes);
    return undefined;
  }
  const head = parseHead(received.subarray(0, headEnd));
  const end = headEnd + head.contentLength;
  // Known from Content-Length before the body arrives.
  if (end > maxBytes) throw tooLarge(maxBytes);
  if (received.length < end) return undefined;
  return parseRequest(head, received.subarray(headEnd, end));
}

function tooLarge(maxBytes: number): HttpError {
  const message = `413 Content Too Large: requests are limited to ${maxBytes} bytes`;
  return new HttpError(413, message);
}
// #endregion read

// #region connection
/** One connection, one request, one reply. Bytes after the request are read and dropped:
 *  every closing response says `Connection: close`,
 *  so a client never expects them answered. */
function serveConnection(connection: Socket, router: Router, limits: Limits): void {
  let received = Buffer.alloc(0);
  let state: 'reading' | 'handling' | 'replied' = 'reading';

  const reply = (answer: Reply) => {
    state = 'replied';
    clearTimeout(tooSlow);
    if (connection.destroyed) return;  // the client left while the handler was working
    try {
      writeReply(connection, answer);
    } catch (error) {
      // A stream that failed to open has already sent its head: all we can do is hang up.
      if (isStream(answer)) connection.destroy();
      else writeReply(connection, errorResponse(error));
    }
    if (!isStream(answer)) setTimeout(() => connection.destroy(), CLOSE_GRACE_MS).unref();
  };

  const tooSlow = setTimeout(() => {
    const waited = limits.requestTimeoutMs;
    reply(errorResponse(new HttpError(408,
      `408 Request Timeout: the request took longer than ${waited} ms to arrive`)));
  }, limits.requestTimeoutMs);

  connection.on('data', (chunk: Buffer) => {
    if (state !== 'reading') return;
    received = Buffer.concat([received, chunk]);
    let request: Request | undefined;
    try {
      request = readRequest(received, limits.maxRequestBytes);
    } catch (error) {
      return reply(errorResponse(error));
    }
    if (request) {
      state = 'handling';
      clearTimeout(tooSlow);
      void router.handle(request).then(reply);
    }
  });

  // The client has finished sending. Mid-request, that request will never complete:
  // say so. While handling, the reply is still to come. After it, we're done
  // (or the stream's reader left).
  connection.on('end', () => {
    if (state === 'reading') {
      const message = '400 Bad Request: the connection ended in the middle of a request';
      reply(errorResponse(new HttpError(400, message)));
    } else if (state === 'replied') {
      connection.end();
    }
  });
  // Resets, hang-ups, writes after close: this client's problem, not the server's.
  // 'close' follows.
  connection.on('error', () => connection.destroy());
  connection.on('close', () => clearTimeout(tooSlow));
}
// #endregion connection

// #region start
export interface Server {
  readonly port: number;
  readonly host: string;
  /** Stops listening, closes every open connection (streams too), resolves when done. */
  stop(): Promise<void>;
}

export interface StartOptions {
  port: number;
  host?: string;
  limits?: Partial<Limits>;
}

export function start(
  router: Router,
  { port, host = '127.0.0.1', limits = {} }: StartOptions,
): Promise<Server> {
  const settings = { ...DEFAULT_LIMITS, ...limits };
  const connections = new Set<Socket>();
  // allowHalfOpen: a client may finish sending (half-close)
  // and still wait for its answer.
  const server = createServer({ allowHalfOpen: true }, (connection) => {
    connections.add(connection);
    connection.once('close', () => connections.delete(connection));
    serveConnection(connection, router, settings);
  });

  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const inUse = `port ${port} on ${host} is already in use: ` +
        'stop the other server or pick another PORT';
      reject(error.code === 'EADDRINUSE' ? new Error(inUse) : error);
    });
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      server.on('error', (error) =>
        console.error('house: the listening socket failed:', error));
      const stop = () => new Promise<void>((done) => {
        server.close(() => done());
        for (const connection of connections) connection.destroy();
      });
      resolve({ port: (server.address() as AddressInfo).port, host, stop });
    });
  });
}
// #endregion start

// #region demo
if (process.argv[1] === import.meta.filename) {
  const channels = new Channels();
  const router = new Router()
    .on('GET', '/', () =>
      html('<h1>House</h1><p>Try <a href="/hello?name=you">/hello</a>.</p>\n'))
    .on('GET', '/hello', ({ params }) =>
      text(`Hello, ${params.get('name')?.[0] ?? 'stranger'}!\n`))
    .on('GET', '/events', () =>
      stream((connection) => channels.subscribe('news', connection)))
    .on('POST', '/say', ({ params }) => {
      const message = params.get('message')?.[0];
      if (!message) {
        throw new HttpError(400, '400 Bad Request: missing the parameter "message"');
      }
      return text(`Told ${channels.publish('news', message)} listener(s).\n`);
    });

  try {
    const server = await start(router, { port: Number(process.env.PORT ?? 4003) });
    const url = `http://${server.host}:${server.port}`;
    console.log(`House is listening on ${url}. Try:`);
    console.log(`  curl -i '${url}/hello?name=Ada'`);
    console.log(`  curl -N ${url}/events                  # then, in another terminal:`);
    console.log(`  curl -i -d 'message=hello everyone' ${url}/say`);
    console.log(`  curl -i -X DELETE ${url}/hello         # 405, with Allow`);
    console.log(`  curl -i ${url}/nowhere                 # 404`);
    const shutdown = () => void server.stop().then(() => {
      console.log('\nStopped.');
      process.exit(0);
    });
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  } catch (error) {
    console.error(`house: ${(error as Error).message}`);
    process.exit(1);
  }
}
// #endregion demo
