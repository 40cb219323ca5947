import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Channels } from '../chapters/pubsub.ts';
import { CLOSE_GRACE_MS, MAX_REQUEST_BYTES, REQUEST_TIMEOUT_MS, readRequest, start, type Server } from '../chapters/listen.ts';
import { HttpError, Router, formatStreamHead, stream, text } from '../chapters/routing.ts';
import { exchange, openSocket, runChapter } from './helpers.ts';

const status = (response: string) => Number(response.match(/^HTTP\/1\.1 (\d{3}) /)?.[1]);
const body = (response: string) => response.slice(response.indexOf('\r\n\r\n') + 4);
const responses = (raw: string) => raw.match(/^HTTP\/1\.1 \d{3} /gm)?.length ?? 0;

/** Resolves once the socket has received something matching `pattern`; rejects after `ms`. */
function receive(socket: Socket, pattern: RegExp, ms = 3_000): Promise<string> {
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${ms} ms; got ${JSON.stringify(text)}`)), ms);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (pattern.test(text)) { clearTimeout(timer); resolve(text); }
    });
  });
}

const closed = (socket: Socket) => new Promise<void>((resolve) => {
  if (socket.closed) resolve(); else socket.once('close', () => resolve());
});

const LIMIT = 2_048;
const channels = new Channels();
let handled: string[] = [];
let releaseSlow: () => void = () => {};
const router = new Router()
  .on('GET', '/hello', ({ params }) => { handled.push('hello'); return text(`Hello, ${params.get('name')?.[0] ?? 'stranger'}!`); })
  .on('POST', '/echo', ({ params }) => { handled.push('echo'); return text(JSON.stringify([...params])); })
  .on('GET', '/second', () => { handled.push('second'); return text('second'); })
  .on('GET', '/teapot', () => { throw new HttpError(418, "418 I'm a teapot: no coffee here"); })
  .on('GET', '/crash', () => { throw new Error('handler bug'); })
  .on('GET', '/slow', () => new Promise((resolve) => { releaseSlow = () => resolve(text('late')); }))
  .on('GET', '/events', ({ params }) => stream((connection) => channels.subscribe(params.get('room')?.[0] ?? 'lobby', connection)));

let server: Server;
beforeAll(async () => { server = await start(router, { port: 0, limits: { maxRequestBytes: LIMIT } }); });
afterAll(async () => { await server.stop(); });

const get = (target: string, extra = '') => `GET ${target} HTTP/1.1\r\nHost: test\r\n${extra}\r\n`;
const post = (target: string, form: string) =>
  `POST ${target} HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
  `Content-Length: ${Buffer.byteLength(form)}\r\n\r\n${form}`;

describe('readRequest', () => {
  const raw = Buffer.from(post('/echo?room=a', 'name=J%C3%BCrgen&room=b&note=🏠'), 'utf8');

  it('returns nothing until the head and Content-Length bytes of body have arrived', () => {
    expect(readRequest(raw.subarray(0, raw.length - 1), LIMIT)).toBeUndefined();
    expect(readRequest(raw, LIMIT)?.params.get('note')).toEqual(['🏠']);
  });

  it('gets the same request from every prefix that completes it, split at any byte', () => {
    const whole = readRequest(raw, LIMIT);
    for (let cut = 1; cut < raw.length; cut++) {
      expect(readRequest(raw.subarray(0, cut), LIMIT)).toBeUndefined();
    }
    expect(readRequest(Buffer.concat([raw.subarray(0, 10), raw.subarray(10)]), LIMIT)).toEqual(whole);
  });

  it('refuses with 413 a head that grows past the limit, and a Content-Length that would', () => {
    expect(() => readRequest(Buffer.alloc(LIMIT + 1, 'a'), LIMIT)).toThrow(expect.objectContaining({ status: 413 }));
    const promised = Buffer.from(`POST /echo HTTP/1.1\r\nContent-Length: ${LIMIT}\r\n\r\n`);
    expect(() => readRequest(promised, LIMIT)).toThrow(expect.objectContaining({ status: 413 }));
  });

  it('has named default limits', () => {
    expect(MAX_REQUEST_BYTES).toBe(64 * 1024);
    expect(REQUEST_TIMEOUT_MS).toBe(10_000);
  });
});

describe('a running server: good requests', () => {
  it('answers a GET with its query parameters, then closes', async () => {
    const response = await exchange(server.port, get('/hello?name=Ada'));
    expect(status(response)).toBe(200);
    expect(response).toContain('Connection: close\r\n');
    expect(body(response)).toBe('Hello, Ada!');
  });

  it('answers a POST with a form body', async () => {
    const response = await exchange(server.port, post('/echo?x=1', 'x=2&msg=hi+there'));
    expect(JSON.parse(body(response))).toEqual([['x', ['1', '2']], ['msg', ['hi there']]]);
  });

  it('reads a request that arrives split at every byte position', async () => {
    const raw = Buffer.from(post('/echo', 'name=J%C3%BCrgen&note=🏠'), 'utf8');
    const expected = await exchange(server.port, raw);
    expect(JSON.parse(body(expected))).toEqual([['name', ['Jürgen']], ['note', ['🏠']]]);
    for (let cut = 1; cut < raw.length; cut++) {
      const socket = await openSocket(server.port);
      socket.setNoDelay(true);
      const answer = receive(socket, /\r\n\r\n\[.*\]$/);
      socket.write(raw.subarray(0, cut));
      await sleep(1);                           // let the first piece go out as its own packet
      socket.write(raw.subarray(cut));
      expect(await answer, `split at byte ${cut}`).toBe(expected);
      socket.destroy();
    }
  });

  it('reads a request sent one byte at a time', async () => {
    const raw = Buffer.from(get('/hello?name=%F0%9F%8F%A0'));
    const socket = await openSocket(server.port);
    socket.setNoDelay(true);
    const answer = receive(socket, /Hello, 🏠!$/);
    for (const byte of raw) { socket.write(Buffer.of(byte)); await sleep(1); }
    expect(status(await answer)).toBe(200);
    socket.destroy();
  });

  it('answers only the first of two requests in one packet, uncorrupted, and closes', async () => {
    handled = [];
    const response = await exchange(server.port, get('/hello?name=one') + get('/second'));
    expect(responses(response)).toBe(1);
    expect(body(response)).toBe('Hello, one!');
    expect(handled).toEqual(['hello']);       // the second request was dropped, not half-handled
  });

  it('after a closing response, drains what the client still sends, then lets go after CLOSE_GRACE_MS', async () => {
    const socket = connect({ port: server.port, host: '127.0.0.1', allowHalfOpen: true });  // it never ends its side
    socket.on('error', () => {});
    const answer = receive(socket, /Hello, stranger!$/);
    socket.write(get('/hello'));
    await answer;
    // Had the server closed, the first write would draw a reset and the second would fail.
    for (let i = 0; i < 2; i++) { await sleep(150); socket.write('more bytes the server reads and drops'); }
    await sleep(150);
    expect(socket.closed).toBe(false);
    await sleep(CLOSE_GRACE_MS);
    for (let i = 0; i < 2; i++) { socket.write('and now nobody is reading'); await sleep(150); }
    await closed(socket);
  });

  it('answers a client that half-closes after sending its request', async () => {
    const socket = await openSocket(server.port);
    const answer = receive(socket, /Hello, Ada!$/);
    socket.end(get('/hello?name=Ada'));
    expect(status(await answer)).toBe(200);
  });

  it('keeps an event stream open past the request time limit and delivers published events', async () => {
    const quick = await start(router, { port: 0, limits: { requestTimeoutMs: 150 } });
    try {
      const socket = await openSocket(quick.port);
      const head = receive(socket, /\r\n\r\n$/);
      socket.write(get('/events?room=timeless'));
      expect(await head).toBe(formatStreamHead());
      await sleep(400);
      const event = receive(socket, /data: still here\n\n$/);
      expect(channels.publish('timeless', 'still here')).toBe(1);
      await event;
      expect(socket.closed).toBe(false);
      socket.destroy();
    } finally {
      await quick.stop();
    }
  });
});

describe('a running server: bad requests', () => {
  it.each([
    ['an unknown path', 404, get('/nowhere'), 'nothing at /nowhere'],
    ['the wrong method', 405, 'DELETE /hello HTTP/1.1\r\n\r\n', 'accepts GET'],
    ['a bad request line', 400, 'GET /hello\r\n\r\n', 'request line'],
    ['an unsupported version', 505, 'GET /hello HTTP/2.0\r\n\r\n', 'HTTP/2.0'],
    ['a header without a colon', 400, 'GET /hello HTTP/1.1\r\nHost test\r\n\r\n', 'without a colon'],
    ['bad percent-encoding', 400, get('/hello?name=%ZZ'), 'percent-encoding'],
    ['invalid UTF-8', 400, get('/hello?name=%C3%28'), 'invalid UTF-8'],
    ['conflicting Content-Length', 400, 'POST /echo HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab', 'conflicting'],
    ['an invalid Content-Length', 400, 'POST /echo HTTP/1.1\r\nContent-Length: abc\r\n\r\n', 'invalid Content-Length'],
    ['Transfer-Encoding with Content-Length', 400, 'POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc', 'both'],
    ['a chunked body', 501, 'POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n', 'chunked'],
    ['a body that is not a form', 415, 'POST /echo HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi', 'x-www-form-urlencoded'],
    ['a handler that throws an HttpError', 418, get('/teapot'), 'no coffee'],
  ])('answers %s with %i and a reason, then closes', async (_, code, raw, reason) => {
    const response = await exchange(server.port, raw);
    expect(status(response)).toBe(code);
    expect(response).toContain('Content-Type: text/plain; charset=utf-8\r\n');
    expect(body(response)).toContain(reason);
  });

  it('answers 405 with an Allow header', async () => {
    expect(await exchange(server.port, 'POST /hello HTTP/1.1\r\n\r\n')).toContain('Allow: GET\r\n');
  });

  it('answers a request whose head grows past the limit with 413 and closes', async () => {
    const response = await exchange(server.port, `GET /hello HTTP/1.1\r\nX-Big: ${'a'.repeat(LIMIT)}`);
    expect(status(response)).toBe(413);
    expect(body(response)).toContain(`${LIMIT} bytes`);
  });

  it('answers 413 as soon as Content-Length promises too much, without waiting for the body', async () => {
    const socket = await openSocket(server.port);
    const answer = receive(socket, /bytes\n$/);
    socket.write(`POST /echo HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${LIMIT * 100}\r\n\r\n`);
    expect(status(await answer)).toBe(413);
    await closed(socket);
  });

  it('answers an oversized body with 413 even while the client keeps sending', async () => {
    const response = await exchange(server.port, post('/echo', `x=${'a'.repeat(LIMIT * 20)}`));
    expect(status(response)).toBe(413);
  });

  it('answers 400 when the client stops sending in the middle of a request', async () => {
    const socket = await openSocket(server.port);
    const answer = receive(socket, /request\n$/);
    socket.end('GET /hello HTTP/1.1\r\nHost: te');
    expect(status(await answer)).toBe(400);
  });

  it('answers a handler bug with 500 and keeps serving everyone else', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const [crash, fine] = await Promise.all([exchange(server.port, get('/crash')), exchange(server.port, get('/hello'))]);
    expect(status(crash)).toBe(500);
    expect(body(crash)).not.toContain('handler bug');
    expect(log).toHaveBeenCalled();
    log.mockRestore();
    expect(status(fine)).toBe(200);
  });
});

describe('a running server: slow and vanishing clients', () => {
  let quick: Server;
  beforeAll(async () => { quick = await start(router, { port: 0, limits: { requestTimeoutMs: 200 } }); });
  afterAll(async () => { await quick.stop(); });

  it('answers a request that takes too long to arrive with 408 and closes', async () => {
    const socket = await openSocket(quick.port);
    const answer = receive(socket, /arrive\n$/);
    socket.write('GET /hello HTTP/1.1\r\nHost: test\r\n');          // …and the rest never comes
    const started = Date.now();
    const response = await answer;
    expect(status(response)).toBe(408);
    expect(body(response)).toContain('200 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    await closed(socket);
  });

  it('answers a connection that sends nothing at all with 408', async () => {
    expect(status(await exchange(quick.port))).toBe(408);
  });

  it('does not time out a request that arrived in time while its handler works', async () => {
    const socket = await openSocket(quick.port);
    const answer = receive(socket, /late$/);
    socket.write(get('/slow'));
    await sleep(400);
    releaseSlow();
    expect(status(await answer)).toBe(200);
  });

  it('survives a client that resets mid-request, then serves the next one', async () => {
    const socket = await openSocket(server.port);
    socket.write('POST /echo HTTP/1.1\r\nContent-Length: 100\r\n\r\nhalf a bo');
    await sleep(20);
    socket.resetAndDestroy();
    await closed(socket);
    expect(status(await exchange(server.port, get('/hello')))).toBe(200);
  });

  it('survives a client that leaves while its handler works (a write after close)', async () => {
    const socket = await openSocket(server.port);
    socket.write(get('/slow'));
    await sleep(50);
    socket.resetAndDestroy();
    await sleep(50);
    releaseSlow();
    await sleep(20);
    expect(status(await exchange(server.port, get('/hello')))).toBe(200);
  });

  it('survives a stream subscriber that resets, and drops it', async () => {
    const socket = await openSocket(server.port);
    const head = receive(socket, /\r\n\r\n$/);
    socket.write(get('/events?room=leaving'));
    await head;
    socket.resetAndDestroy();
    await sleep(50);
    expect(channels.publish('leaving', 'anyone?')).toBe(0);
    expect(status(await exchange(server.port, get('/hello')))).toBe(200);
  });
});

describe('starting and stopping', () => {
  it('stop() closes open streams and stops listening', async () => {
    const own = await start(router, { port: 0 });
    const socket = await openSocket(own.port);
    const head = receive(socket, /\r\n\r\n$/);
    socket.write(get('/events?room=stopping'));
    await head;
    await own.stop();
    await closed(socket);
    await expect(openSocket(own.port)).rejects.toThrow(/ECONNREFUSED/);
    await own.stop();                                          // stopping twice is harmless
  });

  it('explains a port that is already in use', async () => {
    await expect(start(router, { port: server.port })).rejects.toThrow(`port ${server.port} on 127.0.0.1 is already in use`);
  });
});

describe('the chapter as a program', () => {
  it('serves its routes on PORT, prints curl commands, and stops cleanly on Ctrl-C', async () => {
    const program = runChapter('listen', { PORT: '0' });
    try {
      const [, port] = await program.waitFor(/curl -i http:\/\/127\.0\.0\.1:(\d+)\/nowhere/);
      expect(program.output()).toContain(`curl -N http://127.0.0.1:${port}/events`);
      expect(body(await exchange(Number(port), get('/hello?name=Ada')))).toBe('Hello, Ada!\n');

      const listener = await openSocket(Number(port));
      const event = receive(listener, /data: hi all\n\n$/);
      listener.write(get('/events'));
      await sleep(100);
      expect(body(await exchange(Number(port), post('/say', 'message=hi+all')))).toBe('Told 1 listener(s).\n');
      await event;
      listener.destroy();
    } finally {
      expect(await program.stop('SIGINT')).toBe(0);
    }
  });

  it('says so clearly when its port is taken', async () => {
    const squatter = createNetServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as AddressInfo;
    try {
      const program = runChapter('listen', { PORT: String(port) });
      await program.waitFor(/already in use/);
      expect(await new Promise((done) => program.process.exitCode !== null ? done(program.process.exitCode) : program.process.once('exit', done))).toBe(1);
    } finally {
      squatter.close();
    }
  });
});
