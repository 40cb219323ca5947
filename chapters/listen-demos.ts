// Two weaknesses of the first server, run against whichever server listens on a port:
// chapters/first.ts, or the finished chat (chapters/chat.ts); and the first server
// changed to fix each: with a deadline, and keeping connections open.
//
//   npx tsx chapters/listen-demos.ts endless-head <port> [seconds]
//   npx tsx chapters/listen-demos.ts two-requests <port>
//   npx tsx chapters/listen-demos.ts first-with-deadline   serves the chat on PORT (4242)
//   npx tsx chapters/listen-demos.ts first-keeping-alive   the same, on open connections

// #region demo-imports
import { connect, createServer, type Socket } from 'node:net';
import {
  answer, bindHandler, CRLF, fail, publish, readArguments, room, servers, serveChat,
  type Arguments, type Response, type Rule,
} from './first.ts';
import { requestLength } from './parsing-demos.ts';
import { fail as failProgram, HOST, listen, parsePort } from './program.ts';
// #endregion demo-imports

// #region demo-endless-head

/** Starts a request and never finishes its head (the blank line never comes), then waits
 *  at most `seconds` to see what the server does about it. */
async function endlessHead(port: number, seconds: number): Promise<void> {
  const client = await open(port);
  const started = Date.now();
  client.socket.write(`GET /source?room=lobby HTTP/1.1\r\nHost: ${HOST}\r\n`);
  const gaveUp = new Promise<'waiting'>((resolve) => {
    setTimeout(() => resolve('waiting'), seconds * 1000).unref();
  });
  const closed = client.closed.then(() => 'closed' as const);
  const outcome = await Promise.race([closed, gaveUp]);
  const waited = Math.round((Date.now() - started) / 1000);
  if (outcome === 'waiting') {
    console.log(`after ${waited} s: no answer, and the connection is still open`);
  } else {
    console.log(`after ${waited} s the server answered, and closed the connection:`);
    for (const answer of answers(client.received())) console.log(`  ${answer}`);
  }
  client.socket.destroy();
}
// #endregion demo-endless-head

// #region deadline
/** `start`: listens on `port`, and gives each connection `requestTimeoutMs` to send a
 *  request's head, up to the blank line that ends it; then that request is answered,
 *  or a 408 is, and nothing more is read. */
export function start(port: number, requestTimeoutMs = 10_000): Promise<number> {
  const server = createServer((socket) => {
    socket.on('error', () => {}); // a client's reset is no reason to crash
    let received = '';
    const tooSlow = setTimeout(() => {
      socket.off('data', onData);
      fail(socket, timedOut(requestTimeoutMs));
    }, requestTimeoutMs);
    socket.on('close', () => clearTimeout(tooSlow));
    const onData = (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (!received.includes(CRLF + CRLF)) return; // `complete?`: not yet
      clearTimeout(tooSlow);
      socket.off('data', onData);
      answer(socket, received);
    };
    socket.on('data', onData);
  });
  servers.push(server);
  return listen(server, port);
}

const timedOut = (ms: number): Response => ({
  status: '408 Request Timeout',
  contentType: 'text/plain',
  body: `the request took longer than ${ms} ms to arrive\n`,
});
// #endregion deadline

// #region demo-two-requests
/** A message to the room `demo`, as the chat's page posts it. */
function post(message: string): string {
  const form = `room=demo&name=Ada&message=${message}`;
  return `POST /send-message HTTP/1.1\r\nHost: ${HOST}\r\n` +
    'Content-Type: application/x-www-form-urlencoded\r\n' +
    `Content-Length: ${form.length}\r\n\r\n${form}`;
}

/** Two requests on one connection: first one after the other (keep-alive), then both in
 *  one write (pipelining). Prints what came back for each. */
async function twoRequests(port: number): Promise<void> {
  console.log('one request, its answer, then another on the same connection:');
  const oneByOne = await open(port);
  oneByOne.socket.write(post('hello+one'));
  await oneByOne.answered(1);
  oneByOne.socket.write(post('hello+two'));
  report(await oneByOne.answered(2), 2);
  oneByOne.socket.destroy();

  console.log('two requests in one write:');
  const pipelined = await open(port);
  pipelined.socket.write(post('hello+three') + post('hello+four'));
  report(await pipelined.answered(2), 2);
  pipelined.socket.destroy();
}

function report(got: string[], asked: number): void {
  for (let i = 0; i < asked; i++) console.log(`  ${i + 1}. ${got[i] ?? NO_ANSWER}`);
}

const NO_ANSWER = 'no answer: the server had closed the connection';
// #endregion demo-two-requests

// #region keeping-alive
/** Serves the first server's chat on connections that stay open: `write`, the handler
 *  that answers and `start` defined again, then `/send-message` with them. */
async function firstKeepingAlive(): Promise<void> {
  // #endregion keeping-alive
  // #region keep-alive-write
  /** `write!` for a response: the status line, the headers, a blank line, the body. */
  function write(response: Response, socket: Socket): void {
    const lines = [
      `HTTP/1.1 ${response.status}`,
      `Content-Type: ${response.contentType}; charset=utf-8`,
      'Cache-Control: no-cache, no-store, must-revalidate',
      'Connection: keep-alive',
    ];
    if (response.body !== undefined) {
      lines.push(`Content-Length: ${Buffer.byteLength(response.body)}`);
    }
    socket.write(lines.join(CRLF) + CRLF + CRLF + (response.body ?? ''));
  }
  // #endregion keep-alive-write

  // #region keep-alive-handler
  /** `make-closing-handler`, no longer closing: read each parameter, check it, run
   *  the body, write the response; the connection stays open for the next. */
  function defineClosingHandler<Declared extends Record<string, Rule>>(
    path: string,
    declared: Declared,
    body: (args: Arguments<Declared>) => string,
    contentType = 'text/html',
  ): void {
    bindHandler(path, (socket, parameters) => {
      const args = readArguments(declared, parameters);
      write({ status: '200 OK', contentType, body: body(args) }, socket);
    });
  }
  // #endregion keep-alive-handler

  // #region keep-alive-start
  /** `start`: listens on `port`, and reads from each connection one request after
   *  another, each as long as its head says, answering each in turn. */
  function start(port: number): Promise<number> {
    const server = createServer((socket) => {
      socket.on('error', () => {}); // a client's reset is no reason to crash
      let received = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        let length = requestLength(received);
        while (length !== undefined && socket.writable) {
          answer(socket, received.toString('utf8', 0, length));
          received = received.subarray(length);
          length = requestLength(received);
        }
      };
      socket.on('data', onData);
    });
    servers.push(server);
    return listen(server, port);
  }
  // #endregion keep-alive-start

  // #region keep-alive-main
  defineClosingHandler(
    '/send-message',
    { room, name: { min: 1, max: 64 }, message: { min: 5, max: 256 } },
    ({ room, name, message }) => {
      const heard = publish(room, JSON.stringify({ name, message }));
      return `sent to ${heard} listener${heard === 1 ? '' : 's'}\n`;
    },
    'text/plain',
  );
  await serveChat('A first server keeping alive', start);
}
// #endregion keep-alive-main

// #region demo-client
/** A connection, what it has received, and ways to wait for the server. */
export async function open(port: number) {
  const socket = connect(port, HOST);
  await new Promise((connected) => socket.once('connect', connected));
  socket.on('error', () => {}); // writing to a server that hung up: seen as 'close'
  let text = '';
  const waiters = new Set<() => void>();
  socket.on('data', (chunk) => {
    text += chunk;
    waiters.forEach((check) => check());
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  /** Resolves with the answers so far once there are `count` of them, or the server
   *  has closed the connection. */
  const answered = (count: number) => new Promise<string[]>((resolve) => {
    const check = () => {
      if (answers(text).length < count) return;
      waiters.delete(check);
      resolve(answers(text));
    };
    waiters.add(check);
    void closed.then(() => resolve(answers(text)));
    check();
  });
  return { socket, closed, answered, received: () => text };
}

/** Each whole response in `text`, as one line: its status, its `Connection` header and
 *  its body (the bodies here are ASCII, so characters count as bytes). */
function answers(text: string): string[] {
  const found: string[] = [];
  for (let rest = text; ;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) return found;
    const [statusLine = '', ...fields] = rest.slice(0, end).split('\r\n');
    const header = (name: string) => fields
      .find((field) => field.toLowerCase().startsWith(`${name}:`))?.split(': ')[1];
    const length = Number(header('content-length') ?? 0);
    const body = rest.slice(end + 4, end + 4 + length);
    if (body.length < length) return found;
    const status = statusLine.split(' ').slice(1).join(' ');
    found.push(`${status}, Connection: ${header('connection')}: ${body.trim()}`);
    rest = rest.slice(end + 4 + length);
  }
}
// #endregion demo-client

// #region demo-main
const demos: Record<string, (port: number, seconds: number) => Promise<void>> = {
  'endless-head': endlessHead,
  'two-requests': twoRequests,
};

if (process.argv[1] === import.meta.filename) {
  const [name = '', port = '', seconds = '12'] = process.argv.slice(2);
  const demo = demos[name];
  if (name === 'first-with-deadline' || name === 'first-keeping-alive') {
    const served = name === 'first-with-deadline'
      ? serveChat('A first server with a deadline', start) : firstKeepingAlive();
    served.catch((error) => failProgram('listen-demos', error));
  } else if (demo === undefined) {
    const usage = `<${Object.keys(demos).join('|')}> <port> [seconds]`;
    console.error(`Usage: npx tsx chapters/listen-demos.ts ${usage}`);
    console.error('       npx tsx chapters/listen-demos.ts first-with-deadline');
    console.error('       npx tsx chapters/listen-demos.ts first-keeping-alive');
    process.exit(2);
  } else {
    demo(parsePort(port), Number(seconds))
      .catch((error) => failProgram('listen-demos', error));
  }
}
// #endregion demo-main
