// The wire's weaknesses, as failures you can run. Each demonstration is a client: it
// sends bytes to whatever server listens on the port it is given, and prints what came
// back. Run each against the first server and against the chat:
//
//   npx tsx chapters/parsing-demos.ts <late-body|every-byte|smuggling|length> <port>
//   npx tsx chapters/parsing-demos.ts first-reading-bytes  serves the chat on PORT (4242)
//   npx tsx chapters/parsing-demos.ts first-with-one-reading  the same, and refusing

// #region demo-imports
import { connect, createServer, type Socket } from 'node:net';
import {
  answer, CRLF, fail as failWith, servers, serveChat, type Response,
} from './first.ts';
import { fail, HOST, listen, parsePort } from './program.ts';
// #endregion demo-imports

// #region demo-client
/** A request's bytes: its head's lines, the empty line that ends them, and a body. */
function request(head: string[], body = ''): Buffer {
  return Buffer.from(head.join(CRLF) + CRLF + CRLF + body, 'utf8');
}

/** A form posted to the chat, the way its page posts one. */
function post(form: string): Buffer {
  return request([
    'POST /send-message HTTP/1.1', `Host: ${HOST}`, 'Connection: close',
    'Content-Type: application/x-www-form-urlencoded',
    `Content-Length: ${Buffer.byteLength(form)}`,
  ], form);
}

/** Sends `pieces` on one connection, each only once the server has read the ones before,
 *  and resolves with all it answered, once it has closed the connection. */
async function send(port: number, ...pieces: Buffer[]): Promise<Buffer> {
  const socket = connect(port, HOST);
  const [answer] = await Promise.all([everything(socket), inTurn(socket, port, pieces)]);
  return answer;
}

async function inTurn(socket: Socket, port: number, pieces: Buffer[]): Promise<void> {
  for (const piece of pieces) {
    if (!socket.writable) return;  // it has answered and hung up already
    socket.write(piece);
    await allRead(port);
  }
}

/** Resolves once the server has read every byte sent to it so far. It reads whatever
 *  waits on its sockets each time round its loop, so once it has answered a request on
 *  a new connection, it has read what was waiting on the others. */
async function allRead(port: number): Promise<void> {
  const socket = connect(port, HOST);
  const answer = everything(socket);
  socket.end(request(['GET /nowhere HTTP/1.1', `Host: ${HOST}`, 'Connection: close']));
  await answer;
}

/** Everything `socket` receives, once it has closed. An error before any answer (no
 *  server on the port) fails; a reset after the answer still ends with 'close'. */
function everything(socket: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    socket.on('error', (error) => chunks.length === 0 && reject(error));
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

/** An answer in one line: `400 Bad Request: room: is required`. */
function said(answer: Buffer): string {
  const text = answer.toString('utf8');
  const status = text.slice('HTTP/1.1 '.length, text.indexOf(CRLF));
  const body = text.slice(text.indexOf(CRLF + CRLF) + 4).trim();
  return body === '' ? status : `${status}: ${body}`;
}
// #endregion demo-client

// #region demo-late-body
/** A post whose head arrives first, and its body a moment later. */
async function lateBody(port: number): Promise<string[]> {
  const bytes = post('room=later&name=Ada&message=hello+all');
  const headEnd = bytes.indexOf(CRLF + CRLF) + 4;
  const answer = await send(port, bytes.subarray(0, headEnd), bytes.subarray(headEnd));
  return [said(answer)];
}
// #endregion demo-late-body

// #region demo-every-byte
/** One post sent three ways. A subscriber in the room says what each one published. */
async function everyByte(port: number): Promise<string[]> {
  const bytes = post('room=bytes&message=hello+all&name=Zoë');  // ë: two bytes, C3 AB
  const ways: [string, Buffer[]][] = [
    ['in one piece', [bytes]],
    ['cut inside the ë', [bytes.subarray(0, -1), bytes.subarray(-1)]],
    ['one byte at a time', [...bytes].map((byte) => Buffer.of(byte))],
  ];
  const room = await subscribe(port, 'bytes');
  const lines: string[] = [];
  for (const [way, pieces] of ways) {
    const answer = said(await send(port, ...pieces));
    const result = answer.startsWith('200') ? `heard ${await room.next()}` : answer;
    lines.push(`${way.padEnd(19)} ${result}`);
  }
  room.socket.destroy();
  return lines;
}

/** A raw-socket subscriber to `room`: `next()` resolves with its next message's data. */
async function subscribe(port: number, room: string) {
  const socket = connect(port, HOST);
  let text = '';
  let wake = () => {};
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    text += chunk;
    wake();
  });
  const event = (pattern: RegExp) => new Promise<string>((resolve) => {
    wake = () => {
      const found = pattern.exec(text);
      if (!found) return;
      text = text.slice(found.index + found[0].length);
      wake = () => {};
      resolve(found[1]!);
    };
    wake();
  });
  socket.write(request([`GET /source?room=${room} HTTP/1.1`, `Host: ${HOST}`]));
  await event(/event: joined\n([^]*?)\n\n/);
  // A message is an event without a name: its last line is its data.
  return { socket, next: () => event(/^data: (.*)\n\n/m) };
}
// #endregion demo-every-byte

// #region reading-bytes
/** `start`: listens on `port`, and reads each connection until its request's head
 *  and the body it announces have come; then that request is answered, and nothing
 *  more is read. */
export function start(port: number): Promise<number> {
  const server = createServer((socket) => {
    socket.on('error', () => {}); // a client's reset is no reason to crash
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const length = requestLength(received);
      if (length === undefined) return; // `complete?`: not yet
      socket.off('data', onData);
      answer(socket, received.toString('utf8', 0, length));
    };
    socket.on('data', onData);
  });
  servers.push(server);
  return listen(server, port);
}

/** `complete?`: once the head has ended and as many bytes as it announces have followed,
 *  the request's length in bytes; until then, undefined. */
export function requestLength(received: Buffer): number | undefined {
  const headEnd = received.indexOf(CRLF + CRLF);
  if (headEnd === -1) return undefined;
  const head = received.toString('latin1', 0, headEnd);
  const announced = /^content-length: *(\d+)/im.exec(head)?.[1] ?? '0';
  const length = headEnd + 4 + Number(announced);
  return received.length >= length ? length : undefined;
}
// #endregion reading-bytes

// #region demo-smuggling
/** Two requests whose framing headers a proxy could read one way and a server another. */
async function smuggling(port: number): Promise<string[]> {
  const form = 'room=smuggled&name=Eve&message=hidden';
  const twoLengths = request([
    'POST /send-message HTTP/1.1', `Host: ${HOST}`, 'Connection: close',
    'Content-Type: application/x-www-form-urlencoded',
    'Content-Length: 0', `Content-Length: ${form.length}`,
  ], form);
  const hidden = request(['GET /admin HTTP/1.1', `Host: ${HOST}`]).toString();
  const body = `0${CRLF}${CRLF}${hidden}`;
  const bothHeaders = request([
    'POST /send-message?room=smuggled&name=Ada&message=hello+all HTTP/1.1',
    `Host: ${HOST}`, 'Connection: close',
    'Content-Type: application/x-www-form-urlencoded',
    `Content-Length: ${body.length}`, 'Transfer-Encoding: chunked',
  ], body);
  return [
    `Content-Length: 0, then Content-Length: ${form.length}`,
    `  ${said(await send(port, twoLengths))}`,
    `Content-Length: ${body.length} and Transfer-Encoding: chunked`,
    `  ${said(await send(port, bothHeaders))}`,
  ];
}
// #endregion demo-smuggling

// #region one-reading
/** Serves the first server's chat with the `start` that reads bytes, changed to refuse
 *  a head that says in two ways where its request ends. */
async function firstWithOneReading(): Promise<void> {
  /** `start`: listens on `port`, and reads each connection until its request's head
   *  and the body it announces have come; then that request is answered, and nothing
   *  more is read. */
  function start(port: number): Promise<number> {
    const server = createServer((socket) => {
      socket.on('error', () => {}); // a client's reset is no reason to crash
      let received = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        const length = requestLength(received);
        if (length === undefined) return; // `complete?`: not yet
        socket.off('data', onData);
        if (typeof length === 'string') return refuse(socket, length);
        answer(socket, received.toString('utf8', 0, length));
      };
      socket.on('data', onData);
    });
    servers.push(server);
    return listen(server, port);
  }

  /** `complete?`: once the head has ended and as many bytes as it announces have
   *  followed, the request's length in bytes; until then, undefined; and if the head
   *  frames the request in two ways, the reason it can't be read. */
  function requestLength(received: Buffer): number | string | undefined {
    const headEnd = received.indexOf(CRLF + CRLF);
    if (headEnd === -1) return undefined;
    const head = received.toString('latin1', 0, headEnd);
    const lengths = head.match(/^content-length:/gim) ?? [];
    if (lengths.length > 1) return 'more than one Content-Length';
    const coded = /^transfer-encoding:/im.test(head);
    if (coded) return 'Transfer-Encoding, which this server doesn\'t read';
    const announced = /^content-length: *(\d+)/im.exec(head)?.[1] ?? '0';
    const length = headEnd + 4 + Number(announced);
    return received.length >= length ? length : undefined;
  }

  await serveChat('A first server with one reading', start);
}

/** Answers 400 with `reason`, and hangs up: the first server's `fail`. */
function refuse(socket: Socket, reason: string): void {
  const body = `${reason}\n`;
  failWith(socket, { status: '400 Bad Request', contentType: 'text/plain', body });
}
// #endregion one-reading

// #region demo-length
/** Asks for the chat's script, and holds the length its head announces against the
 *  bytes that follow the head. */
async function length(port: number): Promise<string[]> {
  const answer = await send(port, request([
    'GET /chat.js HTTP/1.1', `Host: ${HOST}`, 'Connection: close',
  ]));
  const headEnd = answer.indexOf(CRLF + CRLF) + 4;
  const header = /^content-length: *(\d+)/im.exec(answer.toString('latin1', 0, headEnd));
  const announced = Number(header![1]);
  const body = answer.subarray(headEnd);
  const lines = [`Content-Length: ${announced}; bytes after the head: ${body.length}`];
  if (body.length > announced) {
    const unread = JSON.stringify(body.subarray(announced).toString('utf8'));
    lines.push(`a client that believes the header never reads ${unread}`);
  }
  return lines;
}
// #endregion demo-length

// #region write-in-bytes
/** `write!` for a response: the status line, the headers, a blank line, the body. */
export function write(response: Response, socket: Socket): void {
  const lines = [
    `HTTP/1.1 ${response.status}`,
    `Content-Type: ${response.contentType}; charset=utf-8`,
    'Cache-Control: no-cache, no-store, must-revalidate',
    'Connection: close',
  ];
  if (response.body !== undefined) {
    lines.push(`Content-Length: ${Buffer.byteLength(response.body)}`);
  }
  socket.write(lines.join(CRLF) + CRLF + CRLF + (response.body ?? ''));
}
// #endregion write-in-bytes

// #region demo-main
export const demos: Record<string, (port: number) => Promise<string[]>> = {
  'late-body': lateBody, 'every-byte': everyByte, smuggling, length,
};

if (process.argv[1] === import.meta.filename) {
  const [name = '', port = '4242'] = process.argv.slice(2);
  const demo = demos[name];
  if (name === 'first-reading-bytes' || name === 'first-with-one-reading') {
    const served = name === 'first-with-one-reading'
      ? firstWithOneReading() : serveChat('A first server reading bytes', start);
    served.catch((error) => fail('parsing-demos', error));
  } else if (demo === undefined) {
    const names = Object.keys(demos).join('|');
    console.error(`Usage: npx tsx chapters/parsing-demos.ts <${names}> [port]`);
    console.error('       npx tsx chapters/parsing-demos.ts first-reading-bytes');
    console.error('       npx tsx chapters/parsing-demos.ts first-with-one-reading');
    process.exit(2);
  } else {
    demo(parsePort(port))
      .then((lines) => console.log(lines.join('\n')))
      .catch((error) => fail('parsing-demos', error));
  }
}
// #endregion demo-main
