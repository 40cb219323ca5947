// A first server, small and whole: the draft's house as the draft wrote it, naive
// parts and all, in one file. It serves the chat; the chapters after it harden each
// piece in turn.
//
//   npx tsx chapters/first.ts                 serve the chat on PORT (4242)
//   npx tsx chapters/first.ts leaving         both publishes, and a subscriber who left

// #region imports
import { readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import {
  closer, fail as failProgram, HOST, listen, portFromEnv, stopOnSignal,
} from './program.ts';
// #endregion imports

// #region channels
/** Channel name → the sockets subscribed to it: the draft's `*channels*`. */
export const channels = new Map<string, Socket[]>();

/** `subscribe!`: from now on, `socket` hears everything said on `channel`. */
export function subscribe(channel: string, socket: Socket): void {
  const subscribers = channels.get(channel) ?? [];
  subscribers.push(socket);
  channels.set(channel, subscribers);
}
// #endregion channels

// #region publish-naive
/** The draft's first `publish!`: write the message to every subscriber; that's all. */
export function publishNaive(channel: string, message: string): void {
  for (const socket of channels.get(channel) ?? []) {
    writeEvent({ data: message }, socket);
  }
}
// #endregion publish-naive

// #region publish
/** The draft's second `publish!`: keeps only the subscribers that can still be written
 *  to, writes to them, and says how many it reached. */
export function publish(channel: string, message: string): number {
  const subscribers = channels.get(channel);
  if (subscribers === undefined) return 0;
  const listening = subscribers.filter((socket) => socket.writable);
  for (const socket of listening) writeEvent({ data: message }, socket);
  channels.set(channel, listening);
  return listening.length;
}
// #endregion publish

// #region response
export interface Response {
  status: string;
  contentType: string;
  /** No body: the response goes on for as long as the connection does (a stream). */
  body?: string;
}

export const CRLF = '\r\n';
// #endregion response

// #region write
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
// #endregion write

// #region write-event
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
// #endregion write-event

// #region handlers
/** What a handler gets: the connection, the request's parameters (still encoded) and
 *  its headers. */
export type Handler = (
  socket: Socket, parameters: Map<string, string>, headers: Map<string, string>,
) => void;

/** Path → handler: the draft's `*handlers*`. */
const handlers = new Map<string, Handler>();

/** `handle-request`: the handler registered for the path answers, or a 404 does. */
function handleRequest(socket: Socket, request: Request): void {
  const handler = handlers.get(request.resource);
  if (handler === undefined) {
    const body = `no handler for ${request.resource}\n`;
    return fail(socket, { status: NOT_FOUND, contentType: 'text/plain', body });
  }
  handler(socket, request.parameters, request.headers);
}

const NOT_FOUND = '404 Not Found';
const BAD_REQUEST = '400 Bad Request';

/** `error!`: answer with `response`, and hang up. */
export function fail(socket: Socket, response: Response): void {
  write(response, socket);
  socket.end();
}
// #endregion handlers

// #region parse
export interface Request {
  resource: string;
  headers: Map<string, string>;
  parameters: Map<string, string>;
}

/** The draft's `http-assertion-error`: a rule of the request was broken. */
export class HttpAssertionError extends Error {}

export function assertHttp(holds: boolean, rule: string): void {
  if (!holds) throw new HttpAssertionError(rule);
}

/** `parse-params`: `room=lobby&name=Ada` → [room, lobby], [name, Ada]. */
function parseParams(text: string | undefined): [string, string][] {
  if (!text) return [];
  return text.split('&').map((pair) => {
    const [name = '', value = ''] = pair.split('=');
    return [name, value];
  });
}

/** `parse`: the whole request text, cut into lines, and each line cut by spaces. */
export function parse(text: string): Request {
  const lines = text.split(/\r?\n/);
  const [, path = '', version] = lines.shift()!.split(' ');
  assertHttp(version === 'HTTP/1.1', 'the request must be HTTP/1.1');
  const [resource = '', query] = path.split('?');
  const headers = new Map<string, string>();
  for (let line = lines.shift(); line; line = lines.shift()) {
    const [name = '', value = ''] = line.split(': ');
    headers.set(name.toLowerCase(), value);
  }
  const body = lines.shift(); // the body's first line, if it came with the head
  const parameters = new Map([...parseParams(query), ...parseParams(body)]);
  return { resource, headers, parameters };
}
// #endregion parse

// #region listen
/** `start`: listens on `port`, and reads each connection until the blank line that
 *  ends a request's head; then that request is answered, and nothing more is read. */
export function start(port: number): Promise<number> {
  const server = createServer((socket) => {
    socket.on('error', () => {}); // a client's reset is no reason to crash
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (!received.includes(CRLF + CRLF)) return; // `complete?`: not yet
      socket.off('data', onData);
      answer(socket, received);
    };
    socket.on('data', onData);
  });
  servers.push(server);
  return listen(server, port);
}
// #endregion listen

// #region answer
/** Every server `start` made, so a program can stop them. */
export const servers: Server[] = [];

/** Parse, then handle; any error on the way is a 400 that says what went wrong. */
export function answer(socket: Socket, text: string): void {
  try {
    handleRequest(socket, parse(text));
  } catch (error) {
    const rule = error instanceof HttpAssertionError;
    const body = `${rule ? '' : 'bad request: '}${(error as Error).message}\n`;
    fail(socket, { status: BAD_REQUEST, contentType: 'text/plain', body });
  }
}
// #endregion answer

// #region define-handler
/** A parameter's rule: the draft's `(name :string :min 1 :max 64)`. */
export interface Rule {
  min?: number;
  max?: number;
}

/** What a handler's body gets: one decoded string for each declared parameter. */
export type Arguments<Declared> = { [Name in keyof Declared]: string };
// #endregion define-handler

// #region define-closing-handler
/** `make-closing-handler`: read each parameter, check it, run the body, write the
 *  response, close. */
export function defineClosingHandler<Declared extends Record<string, Rule>>(
  path: string,
  declared: Declared,
  body: (args: Arguments<Declared>) => string,
  contentType = 'text/html',
): void {
  bindHandler(path, (socket, parameters) => {
    const args = readArguments(declared, parameters);
    write({ status: '200 OK', contentType, body: body(args) }, socket);
    socket.end();
  });
}
// #endregion define-closing-handler

// #region define-stream-handler
/** The same, for a connection that stays open: the head of an event stream, then
 *  the body, which may subscribe the socket; no close. */
export function defineStreamHandler<Declared extends Record<string, Rule>>(
  path: string,
  declared: Declared,
  body: (args: Arguments<Declared>, socket: Socket, headers: Map<string, string>) => void,
): void {
  bindHandler(path, (socket, parameters, headers) => {
    const args = readArguments(declared, parameters);
    write({ status: '200 OK', contentType: 'text/event-stream' }, socket);
    body(args, socket, headers);
  });
}

/** `bind-handler`: the handler answers for `path`, and says so if it replaces one. */
export function bindHandler(path: string, handler: Handler): void {
  if (handlers.has(path)) console.warn(`Redefining handler '${path}'`);
  handlers.set(path, handler);
}
// #endregion define-stream-handler

// #region read-arguments
/** The draft's unrolled loop, as a loop: for each declared parameter, find it, decode
 *  it, and check its rule. The first one missing or broken ends the request. */
export function readArguments<Declared extends Record<string, Rule>>(
  declared: Declared,
  parameters: Map<string, string>,
): Arguments<Declared> {
  const args: Record<string, string> = {};
  for (const [name, { min, max }] of Object.entries(declared)) {
    const encoded = parameters.get(name);
    assertHttp(encoded !== undefined, `${name}: is required`);
    const value = uriDecode(encoded!);
    const length = [...value].length;
    assertHttp(min === undefined || length >= min, `${name}: ${atLeast(min!)}`);
    assertHttp(max === undefined || length <= max, `${name}: ${atMost(max!)}`);
    args[name] = value;
  }
  return args as Arguments<Declared>;
}
// #endregion read-arguments

// #region decoding
/** `uri-decode`: a form sends `%XX` escapes, and `+` for a space. */
export function uriDecode(text: string): string {
  return decodeURIComponent(text.replaceAll('+', ' '));
}

const characters = (n: number) => `${n} character${n === 1 ? '' : 's'}`;
export const atLeast = (n: number) => `must be at least ${characters(n)}`;
export const atMost = (n: number) => `must be at most ${characters(n)}`;
// #endregion decoding

// #region chat
/** The rule of a room's name, which both of the chat's handlers take. */
export const room = { min: 1, max: 16 };
// #endregion chat

// #region source
defineStreamHandler('/source', { room }, ({ room }, socket) => {
  subscribe(room, socket);
  writeEvent({ event: 'joined', data: room }, socket); // the page shows "live"
});
// #endregion source

// #region send-message
defineClosingHandler(
  '/send-message',
  { room, name: { min: 1, max: 64 }, message: { min: 5, max: 256 } },
  ({ room, name, message }) => {
    const heard = publish(room, JSON.stringify({ name, message }));
    return `sent to ${heard} listener${heard === 1 ? '' : 's'}\n`;
  },
  'text/plain',
);
// #endregion send-message

// #region front-end
/** The chat's page, its style and its script: three plain files beside this one. */
const asset = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');
const page = asset('chat.html');

defineClosingHandler('/', {}, () => page);
defineClosingHandler('/index', {}, () => page);
defineClosingHandler('/chat.css', {}, () => asset('chat.css'), 'text/css');
defineClosingHandler('/chat.js', {}, () => asset('chat.js'), 'text/javascript');
// #endregion front-end

// #region leaving
/** Two subscribers in a room; one leaves. What does each `publish` do with it? */
async function leaving(): Promise<void> {
  const port = await start(0);
  const [ada, bea] = [subscriber(port), subscriber(port)];
  await Promise.all([ada.joined, bea.joined]);
  const adaAtServer = channels.get('demo')!
    .find((socket) => socket.remotePort === ada.socket.localPort)!;
  const gone = new Promise((resolve) => adaAtServer.once('close', resolve));
  ada.socket.end(); // Ada closes her tab
  await gone; // and the server has seen her go
  const count = () => {
    const listed = channels.get('demo')!.length;
    return `${listed} subscriber${listed === 1 ? '' : 's'} listed`;
  };
  publishNaive('demo', 'one');
  console.log(`publishNaive: ${count()}, one of them gone`);
  publish('demo', 'two');
  console.log(`publish:      ${count()}`);
  await bea.heard(/data: two/);
  const said = bea.text().match(/^data: .*/gm)!.slice(1); // after `joined`
  console.log(`Bea heard:    ${said.join(', ')}`);
  bea.socket.destroy();
  servers[0]!.close();
}

/** A raw-socket subscriber to the room `demo`. */
function subscriber(port: number) {
  const socket = connect(port, HOST);
  let text = '';
  const waiters: (() => void)[] = [];
  socket.on('data', (chunk) => {
    text += chunk;
    waiters.forEach((check) => check());
  });
  const heard = (pattern: RegExp) => new Promise<void>((resolve) => {
    const check = () => pattern.test(text) && resolve();
    waiters.push(check);
    check();
  });
  socket.write(`GET /source?room=demo HTTP/1.1${CRLF}Host: ${HOST}${CRLF}${CRLF}`);
  return { socket, text: () => text, heard, joined: heard(/event: joined/) };
}
// #endregion leaving

// #region main
/** Serves the chat on PORT (4242) until Ctrl-C, with this file's `start` or a changed
 *  one; `name` opens the line that says where. */
export async function serveChat(name = 'A first server', begin = start): Promise<void> {
  const port = await begin(portFromEnv(4242));
  // Before saying we're ready: a Ctrl-C may come next.
  stopOnSignal(closer(servers.at(-1)!));
  console.log(`${name}: the chat on http://${HOST}:${port}/`);
}

if (process.argv[1] === import.meta.filename) {
  (process.argv[2] === 'leaving' ? leaving() : serveChat())
    .catch((error) => failProgram('first', error));
}
// #endregion main
