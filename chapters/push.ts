// Server push, two ways, from one event source: long-polling and Server-Sent
// Events, side by side on one port, so the difference can be watched with curl.
//
//   npx tsx chapters/push.ts
//   curl -i 'http://127.0.0.1:4020/poll?after=0'   long-polling
//   curl -N http://127.0.0.1:4020/events           Server-Sent Events

// #region imports
import { createServer, type Server, type Socket } from 'node:net';
import { closer, HOST, portFromEnv, serve } from './program.ts';
// #endregion imports

// #region constants
export const PUSH_PORT = 4020;

/** The event source ticks once a second. */
export const TICK_MS = 1_000;

/** How many past events we remember, for long-pollers away between requests. */
export const HISTORY = 100;

/** A longer request head is refused: we won't buffer without limit. */
export const MAX_HEAD_BYTES = 8 * 1024;
// #endregion constants

// #region ticks
/** One event: a number that only grows, and when it happened. */
export interface Tick {
  id: number;
  time: string;
}

/** What both kinds of push serve: numbered events, recent ones remembered. */
export class Ticks {
  readonly #recent: Tick[] = [];
  readonly #listeners = new Set<(tick: Tick) => void>();
  #lastId = 0;

  get lastId(): number {
    return this.#lastId;
  }

  /** How many connections are waiting for the next event right now. */
  get listeners(): number {
    return this.#listeners.size;
  }

  publish(now = new Date()): Tick {
    const tick = { id: ++this.#lastId, time: now.toISOString() };
    this.#recent.push(tick);
    if (this.#recent.length > HISTORY) this.#recent.shift();
    for (const listener of this.#listeners) listener(tick);
    return tick;
  }

  /** The remembered events newer than `id`, oldest first. */
  after(id: number): Tick[] {
    return this.#recent.filter((tick) => tick.id > id);
  }

  /** Calls `listener` with every new event, until the returned function runs. */
  listen(listener: (tick: Tick) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
// #endregion ticks

// #region request-line
/**
 * We have not built an HTTP parser yet (the parsing chapter does). Until then:
 * read the request head up to the blank line that ends it, and look only at its
 * first line, the request line, such as `GET /events HTTP/1.1`.
 */
export function readRequestLine(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1'); // a character per byte: lengths are bytes
      const end = head.indexOf('\r\n\r\n');
      if (end === -1 && head.length <= MAX_HEAD_BYTES) return; // not all here yet
      socket.off('data', onData);
      socket.resume(); // read and ignore the rest; notice when the client leaves
      if (end === -1 || end + 4 > MAX_HEAD_BYTES) {
        reject(new Error(`request head longer than ${MAX_HEAD_BYTES} bytes`));
      } else {
        resolve(head.slice(0, head.indexOf('\r\n')));
      }
    };
    socket.on('data', onData);
  });
}
// #endregion request-line

// #region respond
/** A complete response: its length is known, and we hang up after it. */
function respond(socket: Socket, status: string, body: string, extra = ''): void {
  socket.end(
    `HTTP/1.1 ${status}\r\n` +
      extra + // more header lines, each ending in CRLF
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n' +
      '\r\n' +
      body,
  );
}

/** How each event reads in a long-poll answer: `7 2026-11-23T20:41:07.000Z`. */
function asLine(tick: Tick): string {
  return `${tick.id} ${tick.time}\n`;
}
// #endregion respond

// #region route
export function createPushServer(ticks: Ticks): Server {
  return createServer(async (socket) => {
    socket.on('error', () => socket.destroy()); // clients vanish; don't crash
    let requestLine: string;
    try {
      requestLine = await readRequestLine(socket);
    } catch (error) {
      const reason = `${(error as Error).message}\n`;
      return respond(socket, '431 Request Header Fields Too Large', reason);
    }

    const [method, target, version, ...rest] = requestLine.split(' ');
    const isHttp = version?.startsWith('HTTP/1.') && rest.length === 0;
    if (!target?.startsWith('/') || !isHttp) {
      const line = JSON.stringify(requestLine);
      const reason = `Not an HTTP/1.x request line: ${line}\n`;
      return respond(socket, '400 Bad Request', reason);
    }
    if (method !== 'GET') {
      const reason = `Only GET is served here, not ${method}\n`;
      // A 405 must say which methods would have worked (RFC 9110 §15.5.6).
      return respond(socket, '405 Method Not Allowed', reason, 'Allow: GET\r\n');
    }

    const url = new URL(target, `http://${HOST}`);
    const after = url.searchParams.get('after');
    if (url.pathname === '/poll') return longPoll(socket, ticks, after);
    if (url.pathname === '/events') return streamEvents(socket, ticks);
    const nothing = `Nothing at ${url.pathname}. Try /poll?after=0 or /events\n`;
    respond(socket, '404 Not Found', nothing);
  });
}
// #endregion route

// #region long-poll
/** Answers with every event after `after`, waiting for the next if none yet. */
function longPoll(socket: Socket, ticks: Ticks, after: string | null): void {
  if (after === null || !/^\d{1,15}$/.test(after)) {
    const got = JSON.stringify(after);
    const reason = `after must be the number of the last event seen, got ${got}\n`;
    return respond(socket, '400 Bad Request', reason);
  }
  if (Number(after) > ticks.lastId) {
    const reason = `after=${after} is ahead of the newest event, ${ticks.lastId}\n`;
    return respond(socket, '400 Bad Request', reason);
  }

  const missed = ticks.after(Number(after));
  if (missed.length > 0) {
    return respond(socket, '200 OK', missed.map(asLine).join(''));
  }
  // Nothing new: hold the request open until the next event, or the client leaves.
  const stopListening = ticks.listen((tick) => {
    stopListening();
    respond(socket, '200 OK', asLine(tick));
  });
  socket.once('close', stopListening);
}
// #endregion long-poll

// #region sse
/** One response that never ends: a head now, then a `data:` frame per event. */
function streamEvents(socket: Socket, ticks: Ticks): void {
  socket.write(
    'HTTP/1.1 200 OK\r\n' +
      'Content-Type: text/event-stream\r\n' +
      'Cache-Control: no-cache\r\n' +
      'Connection: close\r\n' + // no length: the body ends when the connection does
      '\r\n',
  );
  const stopListening = ticks.listen((tick) => {
    socket.write(`data: ${tick.id} ${tick.time}\n\n`);
  });
  socket.once('close', stopListening);
}
// #endregion sse

// #region main
async function main(): Promise<void> {
  const ticks = new Ticks();
  const server = createPushServer(ticks);
  const port = portFromEnv(PUSH_PORT);
  const clock = setInterval(() => ticks.publish(), TICK_MS);
  const close = closer(server);
  const stop = () => {
    clearInterval(clock);
    return close();
  };
  const base = `http://${HOST}:${await serve('push', server, port, stop)}`;
  console.log(`An event every ${TICK_MS} ms, pushed two ways from ${base}.`);
  console.log('Stop with Ctrl-C. In another terminal, try:');
  console.log(`  curl -i '${base}/poll?after=0'    long-polling`);
  console.log(`  curl -N ${base}/events            Server-Sent Events`);
}

if (process.argv[1] === import.meta.filename) void main();
// #endregion main
