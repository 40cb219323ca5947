// Demonstrations for "Subscriptions and broadcasts": what goes wrong for the first
// server's subscribers, run over raw sockets against whichever server listens on the
// port given (the first server, or the finished chat).
//
//   npx tsx chapters/pubsub-demos.ts turn                  one write per turn
//   npx tsx chapters/pubsub-demos.ts reconnect <port>      said while one was away
//   npx tsx chapters/pubsub-demos.ts first-with-replay     serves the chat on PORT
//   npx tsx chapters/pubsub-demos.ts idle <port> [ms]      a room where nobody speaks
//   npx tsx chapters/pubsub-demos.ts stalled <port>        one that stops reading
//   npx tsx chapters/pubsub-demos.ts first-with-heartbeat [ms]   serves the chat on PORT
//   npx tsx chapters/pubsub-demos.ts first-letting-go      serves the chat on PORT

// #region imports
import { connect, type Socket } from 'node:net';
import {
  channels, defineClosingHandler, defineStreamHandler, publish as publishAtOnce, room,
  servers, serveChat, start, subscribe, writeEvent, type ServerSentEvent,
} from './first.ts';
import { fail, HOST, parsePort } from './program.ts';
// #endregion imports

// #region clients
/** A subscriber to a room over a raw socket: the events its stream carried, parsed as
 *  EventSource parses them, how many comments and bytes, and whether it was hung up. */
interface Subscriber {
  socket: Socket;
  events: ServerSentEvent[];
  comments: number;
  bytes: number;
  /** Resolves once `holds()` is true, or once the server has hung up. */
  until(holds: () => boolean): Promise<void>;
}

function joinRoom(port: number, room: string, lastEventId?: string): Subscriber {
  const socket = connect(port, HOST);
  const me: Subscriber = { socket, events: [], comments: 0, bytes: 0, until };
  let head = true;
  let pending = '';
  const checks = new Set<() => void>();
  socket.setEncoding('utf8');
  socket.on('error', () => {}); // a reset ends the stream, as a close does
  socket.on('close', () => checks.forEach((check) => check()));
  socket.on('data', (chunk: string) => {
    pending += chunk;
    if (head) {
      if (!pending.includes('\r\n\r\n')) return;
      pending = pending.slice(pending.indexOf('\r\n\r\n') + 4);
      head = false;
    }
    me.bytes += Buffer.byteLength(chunk); // (the head's bytes too: close enough)
    const blocks = pending.split('\n\n');
    pending = blocks.pop()!;
    for (const block of blocks) readBlock(me, block);
    checks.forEach((check) => check());
  });
  function until(holds: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (holds() || socket.closed) && resolve();
      checks.add(check);
      check();
    });
  }
  const header = lastEventId === undefined ? '' : `Last-Event-ID: ${lastEventId}\r\n`;
  socket.write(`GET /source?room=${room} HTTP/1.1\r\nHost: ${HOST}\r\n${header}\r\n`);
  return me;
}

/** One event, or a comment: `field: value` lines. */
function readBlock(subscriber: Subscriber, block: string): void {
  const fields = block.split('\n').map((line) => /^([^:]*): ?(.*)$/.exec(line)!);
  if (fields.every(([, name]) => name === '')) return void subscriber.comments++;
  const value = (name: string) => fields.find(([, field]) => field === name)?.[2];
  const data = fields.filter(([, name]) => name === 'data').map(([, , text]) => text);
  const event: ServerSentEvent = { data: data.join('\n') };
  if (value('id') !== undefined) event.id = value('id');
  if (value('event') !== undefined) event.event = value('event');
  subscriber.events.push(event);
}

/** Where a demonstration says what it saw: the console, or a test. */
type Log = (line: string) => void;

const joined = (subscriber: Subscriber) => () =>
  subscriber.events.some((event) => event.event === 'joined');

/** Posts `message` to `room` on a connection of its own, as the chat's page does, and
 *  resolves with the server's answer, e.g. "sent to 2 listeners". */
function post(port: number, room: string, message: string, name = 'Bea') {
  const form = new URLSearchParams({ room, name, message }).toString();
  const request = `POST /send-message HTTP/1.1\r\nHost: ${HOST}\r\n` +
    'Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n' +
    `Content-Length: ${Buffer.byteLength(form)}\r\n\r\n${form}`;
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, HOST);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer.split('\r\n\r\n')[1]!.trim()));
    socket.write(request);
  });
}
// #endregion clients

// #region publish-per-turn
/** The draft's second `publish!`: keeps only the subscribers that can still be written
 *  to, and says how many it reached. What it says is written at the end of the turn. */
export function publish(channel: string, message: string): number {
  const subscribers = channels.get(channel);
  if (subscribers === undefined) return 0;
  const listening = subscribers.filter((socket) => socket.writable);
  writeLater(channel, `data: ${message}\n\n`);
  channels.set(channel, listening);
  return listening.length;
}

/** Channel name → what it published this turn, to be written when the turn ends. */
const unsent = new Map<string, string[]>();

function writeLater(channel: string, event: string): void {
  if (unsent.size === 0) setImmediate(writeAll);
  unsent.set(channel, [...(unsent.get(channel) ?? []), event]);
}

function writeAll(): void {
  for (const [channel, events] of unsent) {
    const text = events.join('');
    for (const socket of channels.get(channel) ?? []) {
      if (socket.writable) socket.write(text);
    }
  }
  unsent.clear();
}
// #endregion publish-per-turn

// #region turn
/** Ten messages published in one turn to two subscribers of the first server, by its
 *  own `publish` and by the one above: how many writes reach each subscriber? */
export async function turn(log: Log = console.log): Promise<number[][]> {
  const port = await start(0);
  const [ada, bea] = [joinRoom(port, 'turn'), joinRoom(port, 'turn')];
  await Promise.all([ada.until(joined(ada)), bea.until(joined(bea))]);
  const counts = channels.get('turn')!.map(countWrites);
  const writes: number[][] = [];
  const said: string[] = [];
  const ways = [['at once', publishAtOnce], ['per turn', publish]] as const;
  for (const [name, send] of ways) {
    counts.forEach((count) => (count.writes = 0));
    for (let i = 1; i <= 10; i++) said.push(`${name} ${i}`);
    said.slice(-10).forEach((message) => send('turn', message));
    const all = 1 + said.length; // `joined`, and what was said
    await Promise.all([ada, bea].map((s) => s.until(() => s.events.length === all)));
    writes.push(counts.map((count) => count.writes));
    log(`publish ${name.padEnd(8)}: 10 messages, ${writes.at(-1)!.join(' and ')} writes`);
  }
  const heard = (s: Subscriber) => s.events.slice(1).map((event) => event.data);
  const inOrder = (s: Subscriber) => heard(s).join('\n') === said.join('\n');
  log(`both heard all 20, once each, in order: ${inOrder(ada) && inOrder(bea)}`);
  [ada, bea].forEach((s) => s.socket.destroy());
  servers[0]!.close();
  return writes;
}

/** Counts the writes on a socket from now on. */
function countWrites(socket: Socket): { writes: number } {
  const count = { writes: 0 };
  const write = socket.write;
  socket.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
    count.writes++;
    return write.apply(this, args);
  } as Socket['write'];
  return count;
}
// #endregion turn

// #region reconnect
/** Ada hears a message, loses her connection, and comes back the way EventSource does:
 *  with the id of the last event she got, if it had one. What was said meanwhile? */
export async function reconnect(port: number, log: Log = console.log): Promise<string[]> {
  const before = joinRoom(port, 'reconnect');
  await before.until(joined(before));
  await post(port, 'reconnect', 'before you left');
  await before.until(() => before.events.length === 2);
  const lastId = before.events.at(-1)!.id;
  before.socket.destroy(); // the Wi-Fi drops
  for (const message of ['lunch?', 'at noon']) await post(port, 'reconnect', message);

  const after = joinRoom(port, 'reconnect', lastId);
  await after.until(joined(after));
  await post(port, 'reconnect', 'welcome back');
  await after.until(() => after.events.some((event) => event.data.includes('welcome')));
  const heard = after.events.filter((event) => event.event === undefined)
    .map((event) => JSON.parse(event.data).message);
  log(`Ada heard "before you left", ${lastId ? 'with an id' : 'without an id'}`);
  log('while she was away, Bea said "lunch?" and "at noon"');
  log(`Ada came back with ${lastId ? 'Last-Event-ID' : 'no Last-Event-ID'}`);
  log(`and heard: ${heard.join(', ')}`);
  after.socket.destroy();
  return heard;
}
// #endregion reconnect

// #region send-message
/** `/send-message` defined again, the first server's code, with the `publish` it is
 *  given: a changed `publish` reaches the chat only through a handler that calls it. */
function defineSendMessage(publish: (channel: string, message: string) => number): void {
  defineClosingHandler(
    '/send-message',
    { room, name: { min: 1, max: 64 }, message: { min: 5, max: 256 } },
    ({ room, name, message }) => {
      const heard = publish(room, JSON.stringify({ name, message }));
      return `sent to ${heard} listener${heard === 1 ? '' : 's'}\n`;
    },
    'text/plain',
  );
}
// #endregion send-message

// #region first-with-replay
/** Serves the first server's chat with ids: `publish` numbers every message and keeps
 *  each room's last `kept`, and `/source` first sends a subscriber coming back with the
 *  id of the last event it got whatever came after it. */
async function firstWithReplay(kept: number): Promise<void> {
  let lastId = 0;
  const history = new Map<string, ServerSentEvent[]>(); // channel → its last messages
  // #endregion first-with-replay

  // #region replay-publish
  /** The draft's second `publish!`, with ids: numbers the message and keeps it in the
   *  channel's history, then writes it to the subscribers that can still be written
   *  to, and says how many it reached. */
  function publish(channel: string, message: string): number {
    const event = { id: String(++lastId), data: message };
    history.set(channel, [...(history.get(channel) ?? []), event].slice(-kept));
    const subscribers = channels.get(channel);
    if (subscribers === undefined) return 0;
    const listening = subscribers.filter((socket) => socket.writable);
    for (const socket of listening) writeEvent(event, socket);
    channels.set(channel, listening);
    return listening.length;
  }
  // #endregion replay-publish

  // #region replay-source
  defineStreamHandler('/source', { room }, ({ room }, socket, headers) => {
    const seen = Number(headers.get('last-event-id') ?? lastId);
    for (const event of history.get(room) ?? []) {
      if (Number(event.id) > seen) writeEvent(event, socket); // said while it was away
    }
    subscribe(room, socket);
    writeEvent({ event: 'joined', data: room }, socket); // the page shows "live"
  });
  // #endregion replay-source

  // #region replay-main
  defineSendMessage(publish);
  await serveChat('A first server with replay');
}
// #endregion replay-main

// #region idle
/** Nobody speaks for `ms` milliseconds. Does the stream carry anything a proxy, which
 *  closes streams that have been quiet for a while, would see? */
export async function idle(port: number, ms: number, log: Log = console.log) {
  const listener = joinRoom(port, 'idle');
  await listener.until(joined(listener));
  const bytes = listener.bytes;
  await new Promise((resolve) => setTimeout(resolve, ms)); // the silence is the point
  const carried = listener.bytes - bytes; // bytes after `joined`
  const [what, verdict] = carried > 0 ? ['comments', 'keeps'] : ['nothing', 'drops'];
  log(`${ms} ms without a message: the stream carried ${what}`);
  log(`a proxy that drops streams quiet for ${ms} ms ${verdict} this one`);
  listener.socket.destroy();
  return carried;
}
// #endregion idle

// #region first-with-heartbeat
/** Serves the first server's chat with `/source` defined again, as one would at the
 *  draft's REPL: now each stream also gets a comment every `heartbeatMs`. */
async function firstWithHeartbeat(heartbeatMs: number): Promise<void> {
  defineStreamHandler('/source', { room }, ({ room }, socket) => {
    subscribe(room, socket);
    writeEvent({ event: 'joined', data: room }, socket); // the page shows "live"
    const heartbeat = setInterval(() => socket.write(':\n\n'), heartbeatMs);
    socket.on('close', () => clearInterval(heartbeat));
  });
  await serveChat('A first server with a heartbeat');
}
// #endregion first-with-heartbeat

// #region fill
/** The largest post the chat takes: every character one that JSON writes in six bytes. */
const [LARGEST_NAME, LARGEST_MESSAGE] = ['\u0001'.repeat(64), '\u0001'.repeat(256)];

/** Bea posts the largest messages, up to 128 at a time, until the server answers one
 *  of them with `enough`, or until she has heard `bytes` in all (so has everyone still
 *  in the room). Resolves with the server's last answer. */
async function talk(
  port: number, room: string, bea: Subscriber, bytes: number, enough: string,
) {
  let answers = [''];
  while (!answers.includes(enough) && bea.bytes < bytes) {
    const heard = bea.events.length;
    const count = Math.min(128, Math.ceil((bytes - bea.bytes) / 2000));
    answers = await Promise.all(Array.from({ length: count },
      () => post(port, room, LARGEST_MESSAGE, LARGEST_NAME)));
    await bea.until(() => bea.events.length === heard + count);
  }
  return answers.includes(enough) ? enough : answers.at(-1)!;
}
// #endregion fill

// #region stalled
/** Far more than a kernel holds for a connection whose reader has stopped (a few MB): a
 *  server that still counts Cy past it keeps her bytes in its own memory. */
const PLENTY = 16 * 1024 * 1024;

/** Bea reads everything. Cy stops reading but stays connected, as a client on a stalled
 *  network does, or a laptop whose lid was closed. The room talks on, until the server
 *  counts Bea alone, or until it has said `PLENTY`. */
export async function stalled(port: number, log: Log = console.log) {
  const room = 'stalled';
  const [bea, cy] = [joinRoom(port, room), joinRoom(port, room)];
  await Promise.all([bea.until(joined(bea)), cy.until(joined(cy))]);
  cy.socket.pause();
  const answer = await talk(port, room, bea, PLENTY, 'sent to 1 listener');
  log(`Cy stopped reading; the room talked on, ${PLENTY / 1024 / 1024} MB at most`);
  log(`Bea's last post: ${answer}`);
  cy.socket.resume();
  await cy.until(() => cy.events.length === bea.events.length);
  const cyHeard = { all: cy.events.length === bea.events.length, cut: cy.socket.closed };
  log(`Cy reads again: ${cyHeard.all ? 'every message came' : 'some came'}, and ` +
    (cyHeard.cut ? 'then the server hung up' : 'she is still connected'));
  [bea, cy].forEach((s) => s.socket.destroy());
  return { answer, cyHeard };
}
// #endregion stalled

// #region first-letting-go
/** Serves the first server's chat with `/send-message` defined again, its `publish`
 *  letting go of any subscriber more than `maxUnsentBytes` behind. */
async function firstLettingGo(maxUnsentBytes: number): Promise<void> {
  /** The draft's second `publish!`: keeps only the subscribers that can still be written
   *  to, writes to them, and says how many it reached. */
  function publish(channel: string, message: string): number {
    const subscribers = channels.get(channel);
    if (subscribers === undefined) return 0;
    for (const socket of subscribers) {
      if (socket.writableLength > maxUnsentBytes) socket.destroy(); // too far behind
    }
    const listening = subscribers.filter((socket) => socket.writable);
    for (const socket of listening) writeEvent({ data: message }, socket);
    channels.set(channel, listening);
    return listening.length;
  }
  defineSendMessage(publish);
  await serveChat('A first server letting go');
}
// #endregion first-letting-go

// #region main
const demos: Record<string, (port: number, ms: number) => Promise<unknown>> = {
  reconnect: (port) => reconnect(port), idle: (port, ms) => idle(port, ms),
  stalled: (port) => stalled(port),
};

/** Milliseconds from the command line: a whole number above 0, or the program was
 *  started wrongly. */
function msFrom(text: string): number {
  if (/^[1-9][0-9]*$/.test(text)) return Number(text);
  console.error(`ms must be a whole number of milliseconds, got ${JSON.stringify(text)}`);
  process.exit(2);
}

if (process.argv[1] === import.meta.filename) {
  const [name = '', ...args] = process.argv.slice(2);
  const run = demos[name];
  const demo = name === 'turn' ? () => turn()
    : name === 'first-with-heartbeat'
      ? () => firstWithHeartbeat(msFrom(args[0] ?? '15000'))
    : name === 'first-letting-go' ? () => firstLettingGo(128 * 1024)
    : name === 'first-with-replay' ? () => firstWithReplay(100)
    : run && (() => run(parsePort(args[0] ?? ''), msFrom(args[1] ?? '1000')));
  if (demo === undefined) {
    console.error('Usage: npx tsx chapters/pubsub-demos.ts turn | <demo> <port> [ms]');
    console.error('       npx tsx chapters/pubsub-demos.ts first-with-heartbeat [ms]');
    console.error('       npx tsx chapters/pubsub-demos.ts first-letting-go');
    console.error('       npx tsx chapters/pubsub-demos.ts first-with-replay');
    console.error(`  where <demo> is one of: ${Object.keys(demos).join(', ')}`);
    process.exit(2);
  }
  demo().catch((error) => fail('pubsub-demos', error));
}
// #endregion main
