// The life of a connection: a node:net server that reads requests off each connection one
// after another, answers each through a Router in order, and keeps the connection open
// between them, until a limit, a `Connection: close` or the client ends it.
// #region imports
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import {
  CONTINUE, RequestReader, formatResponse, formatStreamHead, type Framing,
} from './parsing.ts';
import {
  HttpError, Router, errorResponse, html, isStream, logHandlerBug, stream, text,
} from './routing.ts';
import type { Reply, Request, Response, Stream } from './routing.ts';
import { EventStream, MAX_UNSENT_BYTES } from './pubsub.ts';
import { fail, portFromEnv, stopOnSignal } from './program.ts';
// #endregion imports

// #region limits
/** What one client may make the server hold, and for how long. Each limit is named, and
 *  a server can set its own (`start`'s `limits`). */
export interface Limits {
  /** The largest request we read: head and body together. Anything bigger gets 413. */
  maxRequestBytes: number;
  /** How long a client may take to send a whole request, from its first byte
   *  (or, on a new connection, from the connection). A slower one gets 408. */
  requestTimeoutMs: number;
  /** How long a kept-alive connection may wait, quiet, for its next request.
   *  Then it is closed without a word: the client asked for nothing. */
  keepAliveTimeoutMs: number;
  /** After a closing response has gone out, how long we keep reading (and dropping)
   *  what the client still sends, so that our close doesn't reset the connection. */
  closeGraceMs: number;
  /** How many bytes of answers may wait to leave for one client before we stop reading
   *  its next requests. A client that pipelines and never reads would otherwise have
   *  us hold every answer it asked for. We go on once they have left. */
  maxUnsentBytes: number;
  /** How many bytes of events may wait to leave for one event stream before it counts
   *  as a reader that has stopped (see pubsub's EventStream). */
  maxUnsentEventBytes: number;
  /** How long one connection's pipelined requests are answered back to back before the
   *  other connections get their turn. */
  turnMs: number;
  /** How many connections may be open at once. Every socket is a file descriptor, and a
   *  process that runs out of them can't even accept a connection to say it is full:
   *  we stay below its limit (`ulimit -n`), keeping a margin for files, outgoing
   *  connections and the 503s we send past this limit. */
  maxConnections: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxRequestBytes: 64 * 1024,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  closeGraceMs: 2_000,
  maxUnsentBytes: 1024 * 1024,
  maxUnsentEventBytes: MAX_UNSENT_BYTES,
  turnMs: 10,
  maxConnections: Math.max(64, (openFileLimit() ?? 11_024) - 1024),
};

/** The most files this process may open, where the system says (Linux does, in /proc). */
function openFileLimit(): number | undefined {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const soft = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
    return soft === undefined ? undefined : Number(soft);
  } catch {
    return undefined;
  }
}
// #endregion limits

// #region connection
/** Where a connection is in its life. One request at a time: the next one is read only
 *  once this one is answered, so answers go out in order, each exactly once. */
type State = 'reading' | 'handling' | 'idle' | 'draining' | 'streaming' | 'closing';

class Connection {
  #state: State = 'reading';
  /** When the current state's time limit runs out (ms since 1970);
   *  the server's clock looks. */
  #deadline = Infinity;
  #clientDone = false;        // the client has finished sending (half-close)
  #continued = false;         // `100 Continue` sent for the current request
  #keepAlive = false;         // the current request's head lets the connection stay
  #turnStarted = 0;           // when this connection's turn began (see turnMs)
  readonly #reader: RequestReader;

  constructor(
    private readonly socket: Socket,
    private readonly router: Router,
    private readonly limits: Limits,
  ) {
    this.#reader = new RequestReader(limits.maxRequestBytes);
    this.#wait(limits.requestTimeoutMs);
    // What we write is a whole answer, or a whole turn's events: it should leave now.
    // By default TCP holds a small write until the client has acknowledged the one
    // before (Nagle's algorithm), and a client may wait to acknowledge.
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#received(chunk));
    socket.on('end', () => this.#ended());
    // Resets, hang-ups, writes after close: this client's problem, not the server's.
    socket.on('error', () => socket.destroy());
  }
  // #endregion connection

  // #region reading
  #received(chunk: Buffer): void {
    // Read, and dropped:
    if (this.#state === 'streaming' || this.#state === 'closing') return;
    this.#turnStarted = Date.now();
    this.#reader.append(chunk);
    this.#advance();
  }

  /** The one place that decides what comes next, after bytes, an answer or the client's
   *  end: nothing while a request is being answered; else the next request, if it's
   *  here; and once the client has finished sending and all it sent is answered, the
   *  close. */
  #advance(): void {
    if (this.#state === 'handling' || this.#state === 'draining') return this.#holdBack();
    if (this.#state === 'idle' && this.#reader.buffered > 0) {
      this.#state = 'reading';
      this.#wait(this.limits.requestTimeoutMs);
    }
    if (this.#state === 'reading' && this.#takeRequest()) return;  // it is being answered
    if (!this.#clientDone) return;
    if (this.#state !== 'reading' || this.#reader.buffered === 0) return this.#close();
    // Mid-request: that request can never complete. Say so.
    this.fail(new HttpError(400, 'the connection ended in the middle of a request'));
  }

  /** Starts on the next request if all of it is here, and says whether it did; says
   *  `100 Continue` if the client waits for that; refuses it if it's bad. */
  #takeRequest(): boolean {
    let request: Request | undefined;
    try {
      const head = this.#reader.head();
      if (!head) return false;
      // Refused on its head alone (404, 405, 501)? Then the body is never asked for.
      if (head.expectsContinue) this.router.find(head.method, head.path);
      request = this.#reader.request();
      this.#keepAlive = head.keepAlive;
      if (!request && head.expectsContinue && !this.#continued) {
        this.#continued = true;
        this.socket.write(CONTINUE);
      }
    } catch (error) {
      // After a bad request we can't know where the next one would start: close.
      this.fail(error);
    }
    if (request) this.#handle(request);
    return request !== undefined;
  }

  /** Runs the request's handler now, or, once this connection has had its turn, as soon
   *  as everyone else has had theirs: a client that pipelines hundreds of requests must
   *  not freeze the server, as one long chain of callbacks, until all are answered. */
  #handle(request: Request): void {
    this.#state = 'handling';
    this.#continued = false;
    this.#stopWaiting();
    if (Date.now() - this.#turnStarted < this.limits.turnMs) return this.#run(request);
    setImmediate(() => {
      this.#turnStarted = Date.now();
      this.#run(request);
    });
  }

  #run(request: Request): void {
    void this.router.handle(request).then((reply) => this.#reply(request, reply));
  }

  /** A client may send its next requests before this one is answered (pipelining). They
   *  wait, unread, in the reader; once more than a request's worth waits, we stop
   *  reading, and the rest waits in the kernel, which in time tells the client
   *  to stop sending. */
  #holdBack(): void {
    if (this.#reader.buffered > this.limits.maxRequestBytes) this.socket.pause();
  }
  // #endregion reading

  // #region replying
  #reply(request: Request, reply: Reply): void {
    if (this.socket.destroyed) return;  // the client left while the handler worked
    this.socket.resume();
    if (isStream(reply)) return this.#stream(request, reply);
    const headOnly = request.method === 'HEAD';
    // A client that has finished sending gets `close` on its last answer.
    const last = this.#clientDone && this.#reader.buffered === 0;
    const stays = this.#keepAlive && !last;
    const bytes = this.#format(reply, { keepAlive: stays, headOnly });
    if (!stays) return this.#close(bytes);
    this.socket.write(bytes);
    if (this.socket.writableLength > this.limits.maxUnsentBytes) this.#drain();
    else this.#ready();
  }

  /** Our answers pile up unread: read no more requests until they have left. The client
   *  gets as long to take them as it had to send a request. */
  #drain(): void {
    this.#state = 'draining';
    this.socket.pause();
    this.#wait(this.limits.requestTimeoutMs);
    this.socket.once('drain', () => {
      this.socket.resume();
      this.#ready();
    });
  }

  /** Ready for the next request, which may be here already (pipelined). */
  #ready(): void {
    this.#state = 'idle';
    this.#wait(this.limits.keepAliveTimeoutMs);
    this.#advance();
  }

  #format(reply: Response, framing: Framing): Buffer {
    try {
      return formatResponse(reply, framing);
    } catch (error) {
      return formatResponse(errorResponse(error), framing);
    }
  }

  /** A stream owns the connection from its head on; whatever else the client sends
   *  is read and dropped (the head says `Connection: close`). */
  #stream(request: Request, { open }: Stream): void {
    this.#state = 'streaming';
    this.#reader.discard();  // nothing after a stream's request is ever read
    this.socket.write(formatStreamHead());
    if (request.method === 'HEAD') return this.#close();
    try {
      const opened = open(new EventStream(this.socket, this.limits.maxUnsentEventBytes));
      if (opened instanceof Promise) opened.catch((error) => this.#streamFailed(error));
    } catch (error) {
      this.#streamFailed(error);
    }
  }

  /** The head has gone out: all we can do is say so in the log, and hang up. */
  #streamFailed(error: unknown): void {
    logHandlerBug(error);
    this.socket.destroy();
  }
  // #endregion replying

  // #region closing
  #tooSlow(): void {
    const waited = this.limits.requestTimeoutMs;
    this.fail(new HttpError(408, `the request took longer than ${waited} ms to arrive`));
  }

  /** Answers with the error, and closes: nothing after it on this connection is read. */
  fail(error: unknown): void {
    this.#close(formatResponse(errorResponse(error)));
  }

  /** The client has finished sending; it may still wait for answers. */
  #ended(): void {
    this.#clientDone = true;
    this.#advance();
  }

  /** Sends the last bytes, if any, and closes our side. We go on reading (and dropping)
   *  for a grace period once they are out: closing a socket with unread bytes in it
   *  resets the connection, and a reset can destroy our answer before the client
   *  reads it. */
  #close(last?: Buffer): void {
    if (this.#state === 'closing') return;
    this.#state = 'closing';
    // A client that stops reading would keep our answer, and this connection, forever:
    // it gets as long to take the answer as it had to send its request.
    this.#wait(this.limits.requestTimeoutMs);
    this.socket.resume();
    this.socket.once('finish', () => this.#wait(this.limits.closeGraceMs));
    if (last) this.socket.end(last);
    else this.socket.end();
  }

  /** Gives the current state `ms` to end; what happens then depends on the state. */
  #wait(ms: number): void {
    this.#deadline = Date.now() + ms;
  }

  #stopWaiting(): void {
    this.#deadline = Infinity;
  }

  /** The server's clock calls this a few times per shortest limit. */
  checkTime(now: number): void {
    if (now < this.#deadline) return;
    this.#stopWaiting();
    if (this.#state === 'reading') this.#tooSlow();
    else if (this.#state === 'idle') this.#close();  // quietly: nothing was asked
    // It stopped reading its answers, or the last one, or the grace period is over:
    else if (this.#state === 'draining' || this.#state === 'closing') {
      this.socket.destroy();
    }
  }
}
// #endregion closing

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

/** One timer for every connection, instead of one per connection, set and cleared for
 *  every request: it looks at each connection's deadline ten times per shortest limit,
 *  so a limit of 2 s runs out between 2 and 2.2 s. */
function startClock(
  connections: Map<Socket, Connection>, limits: Limits,
): NodeJS.Timeout {
  const shortest =
    Math.min(limits.requestTimeoutMs, limits.keepAliveTimeoutMs, limits.closeGraceMs);
  const clock = setInterval(() => {
    const now = Date.now();
    for (const connection of connections.values()) connection.checkTime(now);
  }, Math.max(1, shortest / 10));
  clock.unref();
  return clock;
}

/** What a client past `maxConnections` is told: come back in a moment. It is answered
 *  and closed like any refused request, so it lingers for at most the close's grace
 *  period. The log says so once each time the server fills up, not once per client. */
function fullHouse(maxConnections: number) {
  let full = false;
  const message = `the server is at its limit of ${maxConnections} connections`;
  return {
    error(): HttpError {
      if (!full) console.error(`house: ${message}; new clients get 503 until some leave`);
      full = true;
      return new HttpError(503, `${message}; try again soon`, { 'Retry-After': '1' });
    },
    /** An admitted client left: there is room again. */
    left(): void {
      full = false;
    },
  };
}

export function start(
  router: Router,
  { port, host = '127.0.0.1', limits = {} }: StartOptions,
): Promise<Server> {
  const settings = { ...DEFAULT_LIMITS, ...limits };
  const connections = new Map<Socket, Connection>();
  const full = fullHouse(settings.maxConnections);
  let turnedAway = 0;  // refused, and closing: they hold no client's place
  // allowHalfOpen: a client may finish sending (half-close)
  // and still wait for its answer.
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    const connection = new Connection(socket, router, settings);
    const admitted = connections.size - turnedAway < settings.maxConnections;
    connections.set(socket, connection);
    if (!admitted) {
      turnedAway++;
      connection.fail(full.error());
    }
    socket.on('close', () => {
      connections.delete(socket);
      if (admitted) full.left(); else turnedAway--;
    });
  });
  const clock = startClock(connections, settings);

  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const inUse = `port ${port} on ${host} is already in use: ` +
        'stop the other server or pick another PORT';
      clearInterval(clock);
      reject(error.code === 'EADDRINUSE' ? new Error(inUse) : error);
    });
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      server.on('error', (error) =>
        console.error('house: the listening socket failed:', error));
      const stop = () => new Promise<void>((done) => {
        clearInterval(clock);
        server.close(() => done());
        for (const socket of connections.keys()) socket.destroy();
      });
      resolve({ port: (server.address() as AddressInfo).port, host, stop });
    });
  });
}
// #endregion start

// #region demo
if (process.argv[1] === import.meta.filename) {
  // Whoever keeps GET /events open hears what is said to POST /say. Just enough
  // broadcasting to watch a stream: pubsub.ts has the real one, with ids and replay.
  const listeners = new Set<EventStream>();
  const router = new Router()
    .on('GET', '/', () =>
      html('<h1>House</h1><p>Try <a href="/hello?name=you">/hello</a>.</p>\n'))
    .on('GET', '/hello', ({ params }) =>
      text(`Hello, ${params.get('name')?.[0] ?? 'stranger'}!\n`))
    .on('GET', '/events', () =>
      stream((events) => {
        listeners.add(events);
        events.onClose(() => listeners.delete(events));
      }))
    .on('POST', '/say', ({ body }) => {
      const message = new TextDecoder().decode(body);  // the whole body is the message
      if (!message) throw new HttpError(400, 'say something: the body is the message');
      for (const listener of listeners) listener.send(message);
      return text(`Told ${listeners.size} listener(s).\n`);
    });

  const server = await start(router, { port: portFromEnv(4003) })
    .catch((error) => fail('house', error));
  stopOnSignal(() => server.stop());  // before saying we're ready: a Ctrl-C may come next
  const url = `http://${server.host}:${server.port}`;
  console.log(`House is listening on ${url}. Try:`);
  console.log(`  curl -i '${url}/hello?name=Ada'`);
  console.log(`  curl -N ${url}/events                  # then, in another terminal:`);
  console.log(`  curl -i -d 'hello everyone' ${url}/say`);
  console.log(`  curl -i -X DELETE ${url}/hello         # 405, with Allow`);
  console.log(`  curl -i ${url}/nowhere                 # 404`);
}
// #endregion demo
