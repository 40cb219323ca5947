import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { Server as NetServer, Socket, connect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { Channels } from '../chapters/pubsub.ts';
import { paramsOf } from '../chapters/handlers.ts';
import { RequestReader, formatStreamHead } from '../chapters/parsing.ts';
import {
  DEFAULT_LIMITS, start, type Limits, type Server,
} from '../chapters/listen.ts';
import { HttpError, Router, STATUS_TEXT, stream, text } from '../chapters/routing.ts';
import {
  closed, exchange, openSocket, parseResponse, record, runChapter, stopAfterTest, within, type ParsedResponse,
} from './helpers.ts';

/** The config's wait: what a test may wait for anything. As a time limit of a server under test, it
 *  is the one that must never run out, so that another, shorter one is seen to act first. */
const WAIT_MS = inject('waitMs');

/** How every response starts: the version, and a status of three digits (d). */
const STATUS_START = 'HTTP/1.1 ddd ';

/** The bytes so far hold only the start of a response: more are to come. */
class Incomplete extends Error {}

/** The responses in a stream of bytes, one after another, each framed by its Content-Length
 *  (none for answers to HEAD, whose indexes `headOnly` lists). Each must start right where the one
 *  before it ends, with a status line: a byte too many or too few before it, and this throws. */
function responses(raw: string, headOnly: number[] = []): ParsedResponse[] {
  const found: ParsedResponse[] = [];
  let rest = Buffer.from(raw, 'utf8');
  while (rest.length > 0) {
    const start = rest.subarray(0, STATUS_START.length).toString('latin1');
    if (![...start].every((char, i) => (STATUS_START[i] === 'd' ? /\d/.test(char) : char === STATUS_START[i]))) {
      throw new Error(`response ${found.length + 1} does not start with a status line: ${JSON.stringify(rest.toString())}`);
    }
    if (start.length < STATUS_START.length) throw new Incomplete(`an incomplete status line: ${JSON.stringify(start)}`);
    const split = rest.indexOf('\r\n\r\n');
    if (split === -1) throw new Incomplete(`an incomplete response: ${JSON.stringify(rest.toString())}`);
    const { headers, head } = parseResponse(rest.subarray(0, split + 4).toString());
    const length = headOnly.includes(found.length) ? 0 : Number(headers['content-length'] ?? rest.length - split - 4);
    const end = split + 4 + length;
    if (rest.length < end) throw new Incomplete(`an incomplete body: ${JSON.stringify(rest.toString())}`);
    found.push({ ...parseResponse(rest.subarray(0, end).toString()), head });
    rest = rest.subarray(end);
  }
  return found;
}

/** Resolves with everything received once `count` whole responses have arrived. */
async function awaitResponses(socket: Socket, count: number, headOnly: number[] = []): Promise<ParsedResponse[]> {
  const heard = record(socket);
  await heard.waitFor(new RegExp(`^(HTTP/1\\.1 [\\s\\S]*){${count}}`));
  for (;;) {
    try {
      const all = responses(heard.text(), headOnly);
      if (all.length >= count) return all;
    } catch (error) {
      if (!(error instanceof Incomplete)) throw error;   // the last one is still arriving: wait
    }
    await heard.waitFor(new RegExp(`[\\s\\S]{${heard.text().length + 1}}`));
  }
}

/**
 * Watches what the server's side of each connection to `port` reads (its 'data' and 'end' events,
 * in this process), so that a test can wait until the server has read a piece before sending the
 * next: then no kernel, Nagle or coalescing can hand the two pieces to the server as one read.
 * Stopped when the test ends.
 */
function watchServerReads(port: number) {
  const read = new Map<number, number>();             // the client's port → bytes the server read
  const ended = new Set<number>();                    // clients whose half-close the server has seen
  const wake = new Set<() => void>();
  const emit = Socket.prototype.emit;
  const spy = vi.spyOn(Socket.prototype, 'emit').mockImplementation(
    function (this: Socket, event: string | symbol, ...args: unknown[]) {
      const client = this.remotePort;
      if (this.localPort === port && client !== undefined && (event === 'data' || event === 'end')) {
        if (event === 'data') read.set(client, (read.get(client) ?? 0) + (args[0] as Buffer).length);
        else ended.add(client);
        for (const check of [...wake]) check();
      }
      return Reflect.apply(emit, this, [event, ...args]) as boolean;
    });
  onTestFinished(() => spy.mockRestore());
  const until = (what: string, done: () => boolean) => within(new Promise<void>((resolve) => {
    const check = () => {
      if (!done()) return;
      wake.delete(check);
      resolve();
    };
    wake.add(check);
    check();
  }), what);
  return {
    /** Resolves once the server has read `bytes` from the client socket `client`, in all. */
    read: (client: Socket, bytes: number) => until(`the server reading ${bytes} bytes from :${client.localPort}`,
      () => (read.get(client.localPort!) ?? 0) >= bytes),
    /** Resolves once the server has seen `client` half-close. */
    ended: (client: Socket) => until(`the server seeing :${client.localPort} half-close`,
      () => ended.has(client.localPort!)),
    /** How many bytes the server has read from `client`. */
    bytesFrom: (client: Socket) => read.get(client.localPort!) ?? 0,
  };
}

const LIMIT = 2_048;
const channels = new Channels();
let handled: string[] = [];
let slowStarted = false;
let releaseSlow: () => void = () => {};
const router = new Router()
  .on('GET', '/hello', ({ params }) => { handled.push('hello'); return text(`Hello, ${params.get('name')?.[0] ?? 'stranger'}!`); })
  .on('POST', '/echo', (request) => { handled.push('echo'); return text(JSON.stringify([...paramsOf(request)])); })
  .on('GET', '/second', () => { handled.push('second'); return text('second'); })
  .on('GET', '/teapot', () => { throw new HttpError(418, 'no coffee here'); })
  .on('GET', '/crash', () => { throw new Error('handler bug'); })
  .on('GET', '/framing', () => ({ ...text('four'), headers: { 'content-length': '1', CONNECTION: 'close', 'Transfer-Encoding': 'chunked' } }))
  .on('GET', '/slow', () => new Promise((resolve) => {
    slowStarted = true;
    releaseSlow = () => { slowStarted = false; handled.push('slow'); resolve(text('late')); };
  }))
  .on('GET', '/huge', () => text('x'.repeat(32 * 1024 * 1024)))   // more than the kernel buffers
  .on('GET', '/dawdle', ({ params }) =>
    new Promise((resolve) => setTimeout(() => resolve(text('done')), Number(params.get('ms')?.[0]))))
  .on('GET', '/events', ({ params }) => stream((connection) => channels.subscribe(params.get('room')?.[0] ?? 'lobby', connection)))
  .on('GET', '/smuggle', () => ({ ...text('hi'), headers: { 'X-Note': 'a\r\nSet-Cookie: stolen=1' } }))
  .on('GET', '/broken-stream', () => stream(() => { throw new Error('the stream failed to open'); }));

let server: Server;
beforeAll(async () => { server = await start(router, { port: 0, limits: { maxRequestBytes: LIMIT } }); });
afterAll(async () => { await server.stop(); });

/** A server with some limits of its own, stopped after `run` whatever happens. */
async function withLimits(limits: Partial<Limits>, run: (port: number) => Promise<void>): Promise<void> {
  const own = await start(router, { port: 0, limits });
  try {
    await run(own.port);
  } finally {
    await own.stop();
  }
}

const get = (target: string, extra = '') => `GET ${target} HTTP/1.1\r\nHost: test\r\n${extra}\r\n`;
const close = (target: string) => get(target, 'Connection: close\r\n');
const post = (target: string, form: string, extra = '') =>
  `POST ${target} HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-www-form-urlencoded\r\n${extra}` +
  `Content-Length: ${Buffer.byteLength(form)}\r\n\r\n${form}`;

describe('persistent connections', () => {
  it('keeps an HTTP/1.1 connection open and answers the next request on it', async () => {
    const socket = await openSocket(server.port);
    try {
      let answers = awaitResponses(socket, 1);
      socket.write(get('/hello?name=Ada'));
      const [first] = await answers;
      expect(first!.status).toBe(200);
      expect(first!.headers.connection).toBe('keep-alive');
      expect(first!.body).toBe('Hello, Ada!');
      answers = awaitResponses(socket, 1);
      socket.write(get('/hello?name=Bea'));
      expect((await answers)[0]!.body).toBe('Hello, Bea!');
      expect(socket.closed).toBe(false);
    } finally {
      socket.destroy();
    }
  });

  it('sends what it writes at once: Nagle\'s algorithm is off on every connection it accepts', async () => {
    const noDelay = vi.spyOn(Socket.prototype, 'setNoDelay');
    onTestFinished(() => noDelay.mockRestore());
    await exchange(server.port, close('/hello'));
    const sockets = noDelay.mock.contexts as Socket[];
    const onAccepted = noDelay.mock.calls.filter((_, i) => sockets[i]!.localPort === server.port);
    expect(onAccepted).toEqual([[true]]);
  });

  it('closes after answering a request that says Connection: close, and says so', async () => {
    const [answer, ...more] = responses(await exchange(server.port, close('/hello')));
    expect(answer!.headers.connection).toBe('close');
    expect(more).toEqual([]);
  });

  it('closes an HTTP/1.0 connection unless the request asks for keep-alive', async () => {
    const [plain] = responses(await exchange(server.port, 'GET /hello HTTP/1.0\r\n\r\n'));
    expect(plain!.headers.connection).toBe('close');
    const socket = await openSocket(server.port);
    try {
      const answers = awaitResponses(socket, 2);
      socket.write('GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /second HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n');
      expect((await answers).map((r) => r.headers.connection)).toEqual(['keep-alive', 'keep-alive']);
    } finally {
      socket.destroy();
    }
  });

  it('answers a POST with a form body, and a chunked one', async () => {
    const chunked = 'POST /echo?x=1 HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
      'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nx=2\r\n9\r\n&msg=hi+t\r\n5\r\nhere!\r\n0\r\n\r\n';
    const [plain, decoded] = responses(await exchange(server.port, post('/echo?x=1', 'x=2&msg=hi+there!'), chunked));
    expect(JSON.parse(plain!.body)).toEqual([['x', ['1', '2']], ['msg', ['hi there!']]]);
    expect(decoded!.body).toBe(plain!.body);
  });

  it('answers HEAD like GET without the body: the next response starts right after its head', async () => {
    const socket = await openSocket(server.port);
    try {
      const heard = record(socket);
      const answers = awaitResponses(socket, 2, [0]);
      socket.write(get('/hello').replace('GET', 'HEAD') + get('/hello?name=after'));
      const [head, next] = await answers;
      expect(head!.status).toBe(200);
      expect(head!.headers['content-length']).toBe(String('Hello, stranger!'.length));
      expect(head!.body).toBe('');
      // The boundary: the byte after the HEAD answer's blank line is the next status line's first.
      expect(heard.text().slice(head!.head.length)).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(next!.body).toBe('Hello, after!');
    } finally {
      socket.destroy();
    }
  });

  it('answers HEAD on a stream with the stream\'s head alone, then closes: nothing is subscribed', async () => {
    const socket = await openSocket(server.port);
    onTestFinished(() => { socket.destroy(); });
    const heard = record(socket);
    socket.write(get('/events?room=head-only').replace('GET', 'HEAD'));
    await heard.waitFor(/\r\n\r\n$/);
    // A stream opens right after its head is written, so by now a subscriber would be counted.
    expect(channels.subscribers('head-only')).toBe(0);
    expect(channels.publish('head-only', 'nobody hears this')).toBe(0);
    await within(heard.closed, 'the server closing after the head');
    expect(heard.text()).toBe(formatStreamHead());
  });

  it('never lets a handler duplicate or override the framing headers', async () => {
    const raw = await exchange(server.port, get('/framing'), close('/hello'));
    const [framed, next] = responses(raw);
    expect(framed!.head.match(/content-length/gi)).toHaveLength(1);
    expect(framed!.head.match(/connection/gi)).toHaveLength(1);
    expect(framed!.head).not.toMatch(/transfer-encoding/i);
    expect(framed!.headers).toMatchObject({ 'content-length': '4', connection: 'keep-alive' });
    expect(next!.body).toBe('Hello, stranger!');
  });
});

describe('pipelining: requests sent back to back', () => {
  const pipeline = Buffer.from(get('/hello?name=one') + post('/echo', 'n=2') + close('/second'));
  const expected = ['Hello, one!', '[["n",["2"]]]', 'second'];

  it('answers each request of one packet once, in order', async () => {
    handled = [];
    const answers = responses(await exchange(server.port, pipeline));
    expect(answers.map((r) => r.body)).toEqual(expected);
    expect(handled).toEqual(['hello', 'echo', 'second']);
  });

  it('answers them the same at every split point, the server reading each piece on its own', async () => {
    const reads = watchServerReads(server.port);
    for (let cut = 1; cut < pipeline.length; cut++) {
      const socket = await openSocket(server.port);
      onTestFinished(() => { socket.destroy(); });
      const heard = record(socket);
      socket.write(pipeline.subarray(0, cut));
      await reads.read(socket, cut);
      expect(reads.bytesFrom(socket), `split at byte ${cut}`).toBe(cut);     // the first piece, alone
      socket.write(pipeline.subarray(cut));
      await within(heard.closed, `the answers to a pipeline split at byte ${cut}`);
      expect(responses(heard.text()).map((r) => r.body), `split at byte ${cut}`).toEqual(expected);
    }
  });

  it('answers in order even when a later request would be quicker: it waits its turn', async () => {
    handled = [];
    const socket = await openSocket(server.port);
    try {
      const answers = awaitResponses(socket, 2);
      socket.write(get('/slow') + get('/hello'));
      await expect.poll(() => slowStarted).toBe(true);
      expect(handled).toEqual([]);          // the quick one has not run ahead
      releaseSlow();
      expect((await answers).map((r) => r.body)).toEqual(['late', 'Hello, stranger!']);
      expect(handled).toEqual(['slow', 'hello']);
    } finally {
      socket.destroy();
    }
  });

  it('stops reading a client that pipelines more than a request\'s worth ahead, and answers it all later', async () => {
    handled = [];
    const pause = vi.spyOn(Socket.prototype, 'pause');
    const socket = await openSocket(server.port);
    try {
      const heard = record(socket);
      const ahead = Math.ceil((2 * LIMIT) / get('/hello').length);   // twice the server's limit
      socket.write(get('/slow'));
      await expect.poll(() => slowStarted).toBe(true);
      expect(pause).not.toHaveBeenCalled();                           // one request waits unpaused
      socket.write(get('/hello').repeat(ahead - 1) + close('/hello'));
      await expect.poll(() => pause.mock.calls.length).toBeGreaterThan(0);
      expect(handled).toEqual([]);
      releaseSlow();
      await heard.closed;
      const bodies = responses(heard.text()).map((r) => r.body);
      expect(bodies).toEqual(['late', ...Array<string>(ahead).fill('Hello, stranger!')]);
    } finally {
      pause.mockRestore();
      socket.destroy();
    }
  });

  it('goes on reading while at most a request\'s worth waits behind the one being handled', async () => {
    const pause = vi.spyOn(Socket.prototype, 'pause');
    onTestFinished(() => { pause.mockRestore(); });
    const reads = watchServerReads(server.port);
    const socket = await openSocket(server.port);
    onTestFinished(() => { socket.destroy(); });
    const heard = record(socket);
    socket.write(get('/slow'));
    await expect.poll(() => slowStarted).toBe(true);
    const padding = LIMIT - get('/hello', 'X-Pad: \r\n').length;
    const exactlyTheLimit = get('/hello', `X-Pad: ${'a'.repeat(padding)}\r\n`);
    expect(exactlyTheLimit).toHaveLength(LIMIT);
    socket.write(exactlyTheLimit);
    await reads.read(socket, get('/slow').length + LIMIT);
    expect(pause).not.toHaveBeenCalled();                      // the limit itself is not past it
    socket.write('G');                                         // one byte more is
    await reads.read(socket, get('/slow').length + LIMIT + 1);
    expect(pause).toHaveBeenCalled();
    socket.write(close('/hello').slice(1));
    releaseSlow();
    await within(heard.closed, 'all three answers');
    expect(responses(heard.text()).map((r) => r.body)).toEqual(['late', 'Hello, stranger!', 'Hello, stranger!']);
  });

  it('answers every request of a client that pipelines, then half-closes, and then closes', async () => {
    const socket = await openSocket(server.port);
    const heard = record(socket);
    socket.end(get('/hello?name=one') + post('/echo', 'n=2') + get('/second'));
    await heard.closed;
    expect(responses(heard.text()).map((r) => r.body)).toEqual(expected);
  });

  it('gives a stream the rest of the connection: later requests are read and dropped, never run', async () => {
    handled = [];
    const socket = await openSocket(server.port);
    try {
      const heard = record(socket);
      const reads = watchServerReads(server.port);
      const pipelined = get('/hello?name=first') + get('/events?room=pipelined') + get('/second');
      socket.write(pipelined);
      await heard.waitFor(/Connection: close\r\n\r\n$/);
      expect(heard.text()).toContain('Hello, first!');
      expect(heard.text().endsWith(formatStreamHead())).toBe(true);
      const kept = vi.spyOn(RequestReader.prototype, 'append');
      onTestFinished(() => kept.mockRestore());
      socket.write(get('/second'));
      await reads.read(socket, pipelined.length + get('/second').length);   // read by the server…
      expect(handled).toEqual(['hello']);                                   // …and dropped,
      expect(kept).not.toHaveBeenCalled();                                  // not kept for the stream's life
      expect(channels.publish('pipelined', 'still here')).toBe(1);
      await heard.waitFor(/data: still here\n\n$/);
      expect(handled).toEqual(['hello']);
    } finally {
      socket.destroy();
    }
  });

  it('reads a 64 KiB request sent in many small packets', async () => {
    await withLimits({}, async (port) => {
      const body = `x=${'a'.repeat(64 * 1024 - 300)}`;
      const raw = Buffer.from(post('/echo', body, 'Connection: close\r\n'));
      const socket = await openSocket(port);
      socket.setNoDelay(true);
      const answer = new Promise<string>((resolve) => {
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk));
        socket.once('close', () => resolve(text));
      });
      for (let at = 0; at < raw.length; at += 512) socket.write(raw.subarray(at, at + 512));
      const [response] = responses(await answer);
      expect(JSON.parse(response!.body)[0][1][0]).toHaveLength(body.length - 2);
    });
  });
});

describe('Expect: 100-continue', () => {
  const head = (target: string, length: number) =>
    `POST ${target} HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
    `Expect: 100-continue\r\nContent-Length: ${length}\r\n\r\n`;

  it('says 100 Continue before the body is sent, then answers', async () => {
    const socket = await openSocket(server.port);
    try {
      const heard = record(socket);
      socket.write(head('/echo', 3));
      await heard.waitFor(/^HTTP\/1\.1 100 Continue\r\n\r\n$/);
      socket.write('a=1');
      await heard.waitFor(/\[\["a",\["1"\]\]\]$/);
    } finally {
      socket.destroy();
    }
  });

  it('says 100 Continue once per request, however many pieces its body comes in', async () => {
    const reads = watchServerReads(server.port);
    const socket = await openSocket(server.port);
    onTestFinished(() => { socket.destroy(); });
    const heard = record(socket);
    let sent = 0;
    const send = async (piece: string) => {
      socket.write(piece);
      sent += piece.length;
      await reads.read(socket, sent);
    };
    await send(head('/echo', 7));
    await heard.waitFor(/^HTTP\/1\.1 100 Continue\r\n\r\n$/);
    await send('a=1');                                     // the body, in two pieces read apart
    await send('&b=2');
    await heard.waitFor(/\[\["a",\["1"\]\],\["b",\["2"\]\]\]$/);
    await send(head('/echo', 3));                           // the next request waits for its own 100
    await heard.waitFor(/\]\]\]HTTP\/1\.1 100 Continue\r\n\r\n$/);
    await send('c=3');
    await heard.waitFor(/\[\["c",\["3"\]\]\]$/);
    expect(heard.text().match(/100 Continue/g)).toHaveLength(2);
  });

  it.each([
    ['a path that does not exist', head('/nowhere', 3), 404],
    ['a method the path does not take', head('/hello', 3), 405],
    ['a body above the limit', head('/echo', LIMIT * 10), 413],
  ])('answers %s with the final refusal, never 100, and closes', async (_, raw, status) => {
    const answer = await exchange(server.port, raw);
    expect(answer).not.toContain('100 Continue');
    expect(responses(answer).map((r) => r.status)).toEqual([status]);
  });
});

describe('bad requests', () => {
  it.each([
    ['an unknown path', 404, get('/nowhere'), 'nothing at /nowhere'],
    ['a method nobody knows', 501, 'BREW /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n', 'BREW'],
    ['a bad request line', 400, 'GET /hello\r\n\r\n', 'request line'],
    ['an unsupported version', 505, 'GET /hello HTTP/2.0\r\n\r\n', 'HTTP/2.0'],
    ['no Host', 400, 'GET /hello HTTP/1.1\r\n\r\n', 'exactly one Host'],
    ['two Hosts', 400, 'GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 'exactly one Host'],
    ['a bare LF', 400, 'GET /hello HTTP/1.1\nHost: a\n\n', 'bare LF'],
    ['a bare CR', 400, 'GET /hello HTTP/1.1\r\nHost: a\rX: b\r\n\r\n', 'bare CR'],
    ['a header without a colon', 400, 'GET /hello HTTP/1.1\r\nHost test\r\n\r\n', 'without a colon'],
    ['bad percent-encoding', 400, get('/hello?name=%ZZ'), 'percent-encoding'],
    ['invalid UTF-8', 400, get('/hello?name=%C3%28'), 'invalid UTF-8'],
    ['conflicting Content-Length', 400, 'POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab', 'conflicting'],
    ['an invalid Content-Length', 400, 'POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n', 'invalid Content-Length'],
    ['Transfer-Encoding with Content-Length', 400, 'POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc', 'both'],
    ['a bad chunk size', 400, 'POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\n\r\n', 'chunk size'],
    ['a body that is not a form', 415, 'POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi', 'x-www-form-urlencoded'],
    ['a handler that throws an HttpError', 418, get('/teapot', 'Connection: close\r\n'), 'no coffee'],
  ])('answers %s with %i, a reason and nosniff', async (_, code, raw, reason) => {
    // A bad request ends its connection; a good one that is refused by its handler need not.
    const [response] = responses(await exchange(server.port, raw, close('/hello')));
    expect(response!.status).toBe(code);
    expect(response!.head.split('\r\n')[0]).toMatch(new RegExp(`^HTTP/1\\.1 ${code} [A-Za-z]`));   // a phrase, not ''
    expect(response!.head).toMatch(new RegExp(`^HTTP/1\\.1 ${code} ${STATUS_TEXT[code]}\r\n`));
    expect(response!.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response!.headers['x-content-type-options']).toBe('nosniff');
    expect(response!.body).toContain(reason);
  });

  it('closes after a request it could not read, so nothing after it is mistaken for a request', async () => {
    handled = [];
    const smuggled = 'POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 40\r\n\r\nx=1' + get('/second');
    const answers = responses(await exchange(server.port, smuggled));
    expect(answers.map((r) => [r.status, r.headers.connection])).toEqual([[400, 'close']]);
    expect(handled).toEqual([]);
  });

  it('answers a body that is not a form 415 when its handler reads parameters, and keeps the connection', async () => {
    const json = 'POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}';
    const [refused, next] = responses(await exchange(server.port, json, close('/hello')));
    expect([refused!.status, refused!.headers.connection]).toEqual([415, 'keep-alive']);
    expect(next!.status).toBe(200);
  });

  it('answers 405 with an Allow header, and keeps the connection', async () => {
    const [refused, next] = responses(await exchange(server.port, 'POST /hello HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n', close('/hello')));
    expect(refused!.headers.allow).toBe('GET, HEAD');
    expect(next!.status).toBe(200);
  });

  it('answers a request whose head grows past the limit with 413 and closes', async () => {
    const [response] = responses(await exchange(server.port, `GET /hello HTTP/1.1\r\nX-Big: ${'a'.repeat(LIMIT)}`));
    expect(response!.status).toBe(413);
    expect(response!.body).toContain(`${LIMIT} bytes`);
  });

  it('answers 413 as soon as Content-Length promises too much, however much, without waiting for the body', async () => {
    for (const length of [LIMIT * 100, '9'.repeat(30)]) {
      const socket = await openSocket(server.port);
      const heard = record(socket);
      socket.write(`POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${length}\r\n\r\n`);
      await heard.closed;
      expect(responses(heard.text())[0]!.status).toBe(413);
    }
  });

  it('answers an oversized body with 413 even while the client keeps sending', async () => {
    expect(responses(await exchange(server.port, post('/echo', `x=${'a'.repeat(LIMIT * 20)}`)))[0]!.status).toBe(413);
  });

  it('answers 400 when the client stops sending in the middle of a request', async () => {
    const socket = await openSocket(server.port);
    const heard = record(socket);
    socket.end('GET /hello HTTP/1.1\r\nHost: te');
    await heard.closed;
    expect(responses(heard.text())[0]!.status).toBe(400);
  });

  it('answers 500 for a reply whose header would smuggle in another, and keeps the connection', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    onTestFinished(() => { log.mockRestore(); });
    const [refused, next] = responses(await exchange(server.port, get('/smuggle'), close('/hello')));
    expect([refused!.status, refused!.headers.connection]).toEqual([500, 'keep-alive']);
    expect(refused!.head).not.toMatch(/stolen|X-Note/i);
    expect(next!.body).toBe('Hello, stranger!');
  });

  it('hangs up on a stream that fails to open: its head has gone out, nothing else can', async () => {
    const socket = await openSocket(server.port);
    onTestFinished(() => { socket.destroy(); });
    const heard = record(socket);
    socket.write(get('/broken-stream'));
    await within(heard.closed, 'the server hanging up');
    expect(heard.text()).toBe(formatStreamHead());
  });

  it('answers a handler bug with 500 and keeps serving everyone else', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const [crash, fine] = await Promise.all([exchange(server.port, close('/crash')), exchange(server.port, close('/hello'))]);
      expect(responses(crash!)[0]!.status).toBe(500);
      expect(crash).not.toContain('handler bug');
      expect(log).toHaveBeenCalled();
      expect(responses(fine!)[0]!.status).toBe(200);
    } finally {
      log.mockRestore();
    }
  });
});

describe('time limits and closing', () => {
  // Each limit is checked from both sides: never before it runs out (a time taken before the server
  // can have started counting), and before WAIT_MS, which every other limit of that server is set to,
  // so that the limit under test, and no other, is the one seen to act.
  const REQUEST_MS = 200;

  it('answers a request that takes too long to arrive with 408 after requestTimeoutMs, and closes', async () => {
    await withLimits({ requestTimeoutMs: REQUEST_MS, keepAliveTimeoutMs: WAIT_MS, closeGraceMs: WAIT_MS }, async (port) => {
      const started = Date.now();                       // before the connection: before its deadline is set
      const socket = await openSocket(port);
      onTestFinished(() => { socket.destroy(); });
      const heard = record(socket);
      socket.write('GET /hello HTTP/1.1\r\nHost: test\r\n');          // …and the rest never comes
      await within(heard.closed, 'the 408');
      const elapsed = Date.now() - started;
      const [response] = responses(heard.text());
      expect(response!.status).toBe(408);
      expect(response!.body).toContain(`${REQUEST_MS} ms`);
      expect(elapsed).toBeGreaterThanOrEqual(REQUEST_MS);
      expect(elapsed).toBeLessThan(WAIT_MS);
    });
  });

  it('answers a new connection that sends nothing at all with 408', async () => {
    await withLimits({ requestTimeoutMs: REQUEST_MS }, async (port) => {
      expect(responses(await exchange(port))[0]!.status).toBe(408);
    });
  });

  it('closes a kept-alive connection that goes quiet, without a word, after keepAliveTimeoutMs', async () => {
    const idleMs = 150;
    await withLimits({ keepAliveTimeoutMs: idleMs, requestTimeoutMs: WAIT_MS, closeGraceMs: WAIT_MS }, async (port) => {
      const started = Date.now();                       // before the answer: before the quiet begins
      const raw = await exchange(port, get('/hello'));
      const elapsed = Date.now() - started;
      expect(responses(raw).map((r) => [r.status, r.headers.connection])).toEqual([[200, 'keep-alive']]);
      expect(elapsed).toBeGreaterThanOrEqual(idleMs);
      expect(elapsed).toBeLessThan(WAIT_MS);
    });
  });

  it('times out the next request on a kept-alive connection after requestTimeoutMs once it has started, with 408', async () => {
    await withLimits({ keepAliveTimeoutMs: WAIT_MS, requestTimeoutMs: REQUEST_MS, closeGraceMs: WAIT_MS }, async (port) => {
      const started = Date.now();
      const raw = await exchange(port, get('/hello') + 'GET /hello HTTP/1.1\r\n');
      const elapsed = Date.now() - started;
      expect(responses(raw).map((r) => r.status)).toEqual([200, 408]);
      expect(elapsed).toBeGreaterThanOrEqual(REQUEST_MS);
      expect(elapsed).toBeLessThan(WAIT_MS);
    });
  });

  it('keeps no timer per connection: one clock per server looks at every deadline', async () => {
    // Timers that keep Node running; a timer per kept-alive connection would be one each.
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    await withLimits({}, async (port) => {
      const sockets = await Promise.all(Array.from({ length: 50 }, () => openSocket(port)));
      try {
        await Promise.all(sockets.map((socket) => {
          const answered = awaitResponses(socket, 1);
          socket.write(get('/hello'));
          return answered;
        }));
        expect(timers() - before).toBeLessThanOrEqual(1);
      } finally {
        for (const socket of sockets) socket.destroy();
      }
    });
  });

  it('lets go of a client that stops reading: an answer that cannot leave is given up', async () => {
    // The peer's port of every socket destroyed, read before it is gone with the socket.
    const destroyedPeers: (number | undefined)[] = [];
    const original = Socket.prototype.destroy;
    const destroy = vi.spyOn(Socket.prototype, 'destroy').mockImplementation(
      function (this: Socket, error?: Error) {
        destroyedPeers.push(this.remotePort);
        return original.call(this, error);
      });
    try {
      await withLimits({ requestTimeoutMs: 300, closeGraceMs: 100 }, async (port) => {
        const socket = await openSocket(port);
        try {
          socket.pause();                                     // it reads nothing, ever
          socket.write(close('/huge'));
          await expect.poll(() => destroyedPeers.includes(socket.localPort)).toBe(true);
        } finally {
          socket.destroy();
        }
      });
    } finally {
      destroy.mockRestore();
    }
  });

  // The next two need the time limits to pass, and nothing else: the server's clock (Date and its
  // interval) is faked and moved on by hand, so a busy machine can't make a request late.
  const fakeClock = () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    onTestFinished(() => { vi.useRealTimers(); });
  };

  it('counts requestTimeoutMs from a request\'s first byte, not its latest, and acts once it has run out', async () => {
    fakeClock();
    await withLimits({ requestTimeoutMs: 100, keepAliveTimeoutMs: WAIT_MS, closeGraceMs: WAIT_MS }, async (port) => {
      const reads = watchServerReads(port);
      const socket = await openSocket(port);                // its deadline: now + 100, on the faked clock
      onTestFinished(() => { socket.destroy(); });
      const heard = record(socket);
      const first = 'GET /hello HTTP/1.1\r\n';
      socket.write(first);
      await reads.read(socket, first.length);
      vi.advanceTimersByTime(60);
      socket.write('Host: test\r\n');                     // more of it, late: no new deadline
      await reads.read(socket, first.length + 'Host: test\r\n'.length);
      vi.advanceTimersByTime(40);                           // exactly the limit since the first byte
      await within(heard.closed, 'the 408');
      expect(responses(heard.text()).map((r) => r.status)).toEqual([408]);
    });
  });

  it('does not time out a request that arrived in time while its handler works', async () => {
    fakeClock();
    await withLimits({ requestTimeoutMs: 100, keepAliveTimeoutMs: 100 }, async (port) => {
      const socket = await openSocket(port);
      onTestFinished(() => { socket.destroy(); });
      const heard = record(socket);
      socket.write(close('/slow'));
      await expect.poll(() => slowStarted).toBe(true);
      vi.advanceTimersByTime(10 * 100);                     // the limit passes ten times over
      releaseSlow();
      await within(heard.closed, 'the answer');
      expect(responses(heard.text()).map((r) => [r.status, r.body])).toEqual([[200, 'late']]);
    });
  });

  it('keeps an event stream open past both time limits and delivers published events', async () => {
    fakeClock();
    await withLimits({ requestTimeoutMs: 100, keepAliveTimeoutMs: 100, closeGraceMs: 100 }, async (port) => {
      const socket = await openSocket(port);
      onTestFinished(() => { socket.destroy(); });
      const heard = record(socket);
      socket.write(get('/events?room=timeless'));
      await heard.waitFor(/\r\n\r\n$/);
      vi.advanceTimersByTime(10 * 100);                     // every limit passes ten times over
      expect(channels.publish('timeless', 'still here')).toBe(1);
      await heard.waitFor(/data: still here\n\n$/);
      expect(socket.closed).toBe(false);
    });
  });

  it('answers a client that half-closes after sending its request, then closes', async () => {
    const socket = await openSocket(server.port);
    onTestFinished(() => { socket.destroy(); });
    const heard = record(socket);
    socket.end(get('/hello?name=Ada'));
    await within(heard.closed, 'the answer and the close');
    expect(responses(heard.text()).map((r) => r.body)).toEqual(['Hello, Ada!']);
  });

  it('says Connection: close on the answer to a client that half-closed while its handler worked', async () => {
    const reads = watchServerReads(server.port);
    const socket = await openSocket(server.port);
    onTestFinished(() => { socket.destroy(); });
    const heard = record(socket);
    socket.end(get('/slow'));
    await reads.ended(socket);
    await expect.poll(() => slowStarted).toBe(true);
    releaseSlow();
    await within(heard.closed, 'the answer and the close');
    expect(responses(heard.text()).map((r) => [r.body, r.headers.connection])).toEqual([['late', 'close']]);
  });

  it('answers every pipelined request of a client that half-closed while the first was handled', async () => {
    const reads = watchServerReads(server.port);
    const socket = await openSocket(server.port);
    onTestFinished(() => { socket.destroy(); });
    const heard = record(socket);
    socket.end(get('/slow') + get('/hello?name=two') + get('/second'));
    await reads.ended(socket);
    await expect.poll(() => slowStarted).toBe(true);
    releaseSlow();
    await within(heard.closed, 'the three answers and the close');
    expect(responses(heard.text()).map((r) => r.body)).toEqual(['late', 'Hello, two!', 'second']);
  });

  it('closes without a word on a bare half-close, on a new connection and after an answer', async () => {
    const fresh = await openSocket(server.port);
    const used = await openSocket(server.port);
    onTestFinished(() => { fresh.destroy(); used.destroy(); });
    const heardFresh = record(fresh);
    fresh.end();                                            // asked for nothing at all
    await within(heardFresh.closed, 'the server closing a new connection that half-closed');
    expect(heardFresh.text()).toBe('');

    const answered = awaitResponses(used, 1);
    used.write(get('/hello'));
    await answered;
    const heardUsed = record(used);
    used.end();                                             // asked for nothing more
    await within(heardUsed.closed, 'the server closing an idle connection that half-closed');
    expect(heardUsed.text()).toBe('');
  });

  it('answers a pipelined request, then 400 for the partial one after it, when the client half-closes', async () => {
    const partial = 'GET /hello HTTP/1.1\r\nHost: te';
    const expectBoth = (raw: string) => {
      const answers = responses(raw);
      expect(answers.map((r) => [r.status, r.headers.connection])).toEqual([[200, 'keep-alive'], [400, 'close']]);
      expect(answers[1]!.body).toBe('the connection ended in the middle of a request\n');
    };
    // The half-close reaches the server after the first answer has gone out…
    const quick = await openSocket(server.port);
    onTestFinished(() => { quick.destroy(); });
    const heardQuick = record(quick);
    quick.end(get('/hello?name=Ada') + partial);
    await within(heardQuick.closed, 'both answers and the close');
    expectBoth(heardQuick.text());

    // …or while the first request is still being handled: the same answers.
    const reads = watchServerReads(server.port);
    const slow = await openSocket(server.port);
    onTestFinished(() => { slow.destroy(); });
    const heardSlow = record(slow);
    slow.end(get('/slow') + partial);
    await reads.ended(slow);
    await expect.poll(() => slowStarted).toBe(true);
    releaseSlow();
    await within(heardSlow.closed, 'both answers and the close, after a slow handler');
    expectBoth(heardSlow.text());
  });

  it('answers 400 to a client that half-closes before the body its head announced has all arrived', async () => {
    const socket = await openSocket(server.port);
    onTestFinished(() => { socket.destroy(); });
    const heard = record(socket);
    socket.end('POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nn=1');
    await within(heard.closed, 'the answer and the close');
    expect(responses(heard.text()).map((r) => [r.status, r.body])).toEqual([[400, 'the connection ended in the middle of a request\n']]);
  });

  it('after a closing response, never runs a request the client still sends', async () => {
    handled = [];
    const reads = watchServerReads(server.port);
    const socket = connect({ port: server.port, host: '127.0.0.1', allowHalfOpen: true });
    onTestFinished(() => { socket.destroy(); });
    const heard = record(socket);
    const ended = new Promise<void>((resolve) => socket.once('end', () => resolve()));
    socket.write(close('/hello'));
    await within(ended, 'the answer and the server\'s FIN');
    const kept = vi.spyOn(RequestReader.prototype, 'append');
    onTestFinished(() => kept.mockRestore());
    socket.write(get('/second'));
    await reads.read(socket, close('/hello').length + get('/second').length);
    expect(handled).toEqual(['hello']);
    expect(kept).not.toHaveBeenCalled();  // read and dropped, not kept
    expect(responses(heard.text()).map((r) => r.body)).toEqual(['Hello, stranger!']);
  });

  it('after a closing response, keeps reading what the client sends for closeGraceMs, then lets go', async () => {
    const graceMs = 300;
    await withLimits({ closeGraceMs: graceMs, requestTimeoutMs: WAIT_MS, keepAliveTimeoutMs: WAIT_MS }, async (port) => {
      // allowHalfOpen: the client keeps its side open and goes on sending after the server's FIN.
      const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
      onTestFinished(() => { socket.destroy(); });
      const errors: { code: string; at: number }[] = [];
      socket.on('error', (error: NodeJS.ErrnoException) => errors.push({ code: error.code ?? error.message, at: Date.now() }));
      const heard = record(socket);
      const ended = new Promise<void>((resolve) => socket.once('end', () => resolve()));
      const sent = Date.now();                          // before the answer is out: before the grace begins
      socket.write(close('/hello'));
      await within(ended, 'the answer and the server\'s FIN');
      // Keep sending, as a client that hasn't read the answer yet would, until the server lets go.
      const pump = setInterval(() => socket.write('more bytes the server reads and drops'), 20);
      try {
        await within(closed(socket), 'the server letting go');
      } finally {
        clearInterval(pump);
      }
      const elapsed = Date.now() - sent;
      expect(responses(heard.text())[0]!.body).toBe('Hello, stranger!');
      expect(elapsed).toBeGreaterThanOrEqual(graceMs);
      expect(elapsed).toBeLessThan(WAIT_MS);
      // The client, which never closes, was let go by a reset: none came before the grace was over.
      expect(errors.length).toBeGreaterThan(0);
      for (const { code, at } of errors) {
        expect(['ECONNRESET', 'EPIPE']).toContain(code);
        expect(at - sent).toBeGreaterThanOrEqual(graceMs);
      }
    });
  });
});

describe('vanishing clients', () => {
  it('survives a client that resets mid-request, then serves the next one', async () => {
    const socket = await openSocket(server.port);
    await new Promise<void>((resolve) => socket.write('POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nhalf a bo', () => resolve()));
    socket.resetAndDestroy();
    await closed(socket);
    expect(responses(await exchange(server.port, close('/hello')))[0]!.status).toBe(200);
  });

  it('survives a client that leaves while its handler works (a write after close)', async () => {
    const socket = await openSocket(server.port);
    socket.write(get('/slow'));
    await expect.poll(() => slowStarted).toBe(true);
    socket.resetAndDestroy();
    await closed(socket);
    releaseSlow();
    expect(responses(await exchange(server.port, close('/hello')))[0]!.status).toBe(200);
  });

  it('survives a stream subscriber that resets, and drops it', async () => {
    const socket = await openSocket(server.port);
    const heard = record(socket);
    socket.write(get('/events?room=leaving'));
    await heard.waitFor(/\r\n\r\n$/);
    socket.resetAndDestroy();
    await expect.poll(() => channels.subscribers('leaving')).toBe(0);
    expect(responses(await exchange(server.port, close('/hello')))[0]!.status).toBe(200);
  });
});

describe('starting and stopping', () => {
  it('stop() closes open streams and kept-alive connections, and stops listening', async () => {
    const own = await start(router, { port: 0 });
    onTestFinished(() => own.stop());                          // also when an assertion below fails
    const streaming = await openSocket(own.port);
    const idle = await openSocket(own.port);
    onTestFinished(() => { streaming.destroy(); idle.destroy(); });
    const heard = [record(streaming), record(idle)];
    streaming.write(get('/events?room=stopping'));
    idle.write(get('/hello'));
    await heard[0]!.waitFor(/\r\n\r\n$/);
    await heard[1]!.waitFor(/Hello, stranger!$/);
    await own.stop();
    await Promise.all([closed(streaming), closed(idle)]);
    await expect(openSocket(own.port)).rejects.toThrow(/ECONNREFUSED/);
    await own.stop();                                          // stopping twice is harmless
  });

  it('explains a port that is already in use', async () => {
    await expect(start(router, { port: server.port })).rejects.toThrow(
      `port ${server.port} on 127.0.0.1 is already in use: stop the other server or pick another PORT`);
  });

  it('passes on any other failure to listen as it is', async () => {
    // 192.0.2.1 is set aside for documentation (RFC 5737): no interface of ours has it.
    await expect(start(router, { port: 0, host: '192.0.2.1' })).rejects.toMatchObject({ code: 'EADDRNOTAVAIL' });
  });

  it('logs a failure of the listening socket after it started, and goes on serving with its time limits', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    onTestFinished(() => { log.mockRestore(); });
    const listening: NetServer[] = [];
    const original = NetServer.prototype.listen;
    const listen = vi.spyOn(NetServer.prototype, 'listen').mockImplementation(
      function (this: NetServer, ...args: unknown[]) {
        listening.push(this);
        return Reflect.apply(original, this, args) as NetServer;
      });
    onTestFinished(() => { listen.mockRestore(); });
    await withLimits({ requestTimeoutMs: 100, keepAliveTimeoutMs: WAIT_MS, closeGraceMs: WAIT_MS }, async (port) => {
      listen.mockRestore();
      const failure = new Error('EMFILE: too many open files, accept');
      listening[0]!.emit('error', failure);
      expect(log).toHaveBeenCalledWith('house: the listening socket failed:', failure);
      expect(responses(await exchange(port, 'GET /hello HTTP/1.1\r\n')).map((r) => r.status)).toEqual([408]);
    });
  });

  it('keeps its default connection limit 1024 below the open-file limit the system sets, and at least 64', () => {
    const soft = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim();
    const files = /^\d+$/.test(soft) ? Number(soft) : 11_024;   // unlimited: the chapter's own guess
    expect(DEFAULT_LIMITS.maxConnections).toBe(Math.max(64, files - 1024));
  });
});

describe('the chapter as a program', () => {
  it('serves its routes on PORT, prints curl commands, and stops cleanly on Ctrl-C', async () => {
    const program = stopAfterTest(runChapter('listen', { PORT: '0' }));
    const [, port] = await program.waitFor(/curl -i http:\/\/127\.0\.0\.1:(\d+)\/nowhere/);
    expect(program.output()).toContain(`curl -N http://127.0.0.1:${port}/events`);
    expect(responses(await exchange(Number(port), close('/hello?name=Ada')))[0]!.body).toBe('Hello, Ada!\n');

    const listener = await openSocket(Number(port));
    onTestFinished(() => { listener.destroy(); });
    const heard = record(listener);
    listener.write(get('/events'));
    await heard.waitFor(/\r\n\r\n$/);                          // subscribed once the head is out
    const said = responses(await exchange(Number(port), post('/say', 'hi all', 'Connection: close\r\n')));
    expect(said[0]!.body).toBe('Told 1 listener(s).\n');
    await heard.waitFor(/data: hi all\n\n$/);
    listener.destroy();
    expect(await program.stop('SIGINT')).toBe(0);
  });

  it('says so clearly when its port is taken', async () => {
    const squatter = createNetServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => { squatter.close(); });
    const { port } = squatter.address() as AddressInfo;
    const program = stopAfterTest(runChapter('listen', { PORT: String(port) }));
    await program.waitFor(/already in use/);
    expect(await program.exited()).toBe(1);
  });
});
