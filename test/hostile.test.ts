// Clients that don't play fair, over real sockets: what one of them can make the server hold, and how
// long it can keep everyone else waiting. Each limit is set low here, so that reaching it is cheap.
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { Socket, createConnection } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { start, type Limits } from '../chapters/listen.ts';
import { formatResponse } from '../chapters/parsing.ts';
import { Router, stream, text } from '../chapters/routing.ts';
import { closed, exchange, openSocket, parseResponse, record } from './helpers.ts';

const MiB = 1024 * 1024;
setFlagsFromString('--expose-gc');
let served = 0;
const router = new Router()
  .on('GET', '/hello', () => text('hello'))
  .on('GET', '/events', () => stream(() => { /* a stream that never says anything */ }))
  .on('GET', '/broken-stream', () => stream(() => { throw new Error('a bug before the first event'); }))
  .on('GET', '/rejected-stream', () => stream(async () => { throw new Error('a bug after an await'); }))
  .on('GET', '/big', () => { served++; return text('x'.repeat(MiB)); })
  .on('GET', '/busy', () => {
    served++;
    const until = performance.now() + 2;     // two milliseconds of work, done without yielding
    while (performance.now() < until);
    return text('done');
  });

const get = (target: string, extra = '') => `GET ${target} HTTP/1.1\r\nHost: test\r\n${extra}\r\n`;
const last = (target: string) => get(target, 'Connection: close\r\n');

/** A server of its own with these limits, stopped when the test ends, however it ends. */
async function serve(limits: Partial<Limits>): Promise<number> {
  const server = await start(router, { port: 0, limits });
  onTestFinished(() => server.stop());
  return server.port;
}

async function connect(port: number): Promise<Socket> {
  const socket = await openSocket(port);
  onTestFinished(() => { socket.destroy(); });
  return socket;
}

afterEach(() => {
  served = 0;
  vi.restoreAllMocks();
});

describe('a client that pipelines and does not read', () => {
  it('is read no further once its unsent answers pass maxUnsentBytes, and is answered in full once it reads', async () => {
    const pause = vi.spyOn(Socket.prototype, 'pause');
    const port = await serve({ maxUnsentBytes: 64 * 1024 });
    const client = await connect(port);
    client.pause();                                      // it reads nothing, for now
    const asked = 32;                                    // 32 MiB of answers, if the server made them all
    client.write(get('/big').repeat(asked - 1) + last('/big'));
    const serverPaused = () => pause.mock.contexts.some((socket) => socket !== client);
    await expect.poll(serverPaused).toBe(true);
    const servedWhenPaused = served;
    expect(servedWhenPaused).toBeLessThan(asked);
    await exchange(port, last('/hello'));               // the server has gone round its loop since
    expect(served).toBe(servedWhenPaused);               // and made no more answers for this client

    let received = 0;
    client.on('data', (chunk: Buffer) => { received += chunk.length; });
    client.resume();
    await closed(client);
    const answer = (keepAlive: boolean) => formatResponse(text('x'.repeat(MiB)), { keepAlive }).length;
    expect(received).toBe((asked - 1) * answer(true) + answer(false));
    expect(served).toBe(asked);
  });

  it('is let go once its answers have not left for requestTimeoutMs', async () => {
    const destroyedPeers: (number | undefined)[] = [];        // read at the call: gone with the socket
    const destroy = Socket.prototype.destroy;
    vi.spyOn(Socket.prototype, 'destroy').mockImplementation(function (this: Socket, error?: Error) {
      destroyedPeers.push(this.remotePort);
      return destroy.call(this, error);
    });
    const port = await serve({ maxUnsentBytes: 64 * 1024, requestTimeoutMs: 500, keepAliveTimeoutMs: 600_000 });
    const client = await connect(port);
    client.pause();                                      // and it never reads: it can't even see the close
    const sent = Date.now();
    client.write(get('/big').repeat(32));
    await expect.poll(() => destroyedPeers.includes(client.localPort)).toBe(true);                 // within the config's wait, not the 10-minute keep-alive
    expect(Date.now() - sent).toBeGreaterThanOrEqual(500);
  });
});

describe('a client that pipelines a long batch', () => {
  it('takes turns with the others: another client is answered long before the batch is over', async () => {
    const port = await serve({ turnMs: 10 });
    const batch = await connect(port);
    const other = await connect(port);
    const batchSize = 200;                                // 400 ms of work in all
    let answered = 0;
    batch.on('data', (chunk: Buffer) => { answered += chunk.toString('latin1').split('HTTP/1.1 200').length - 1; });
    const heard = record(other);
    batch.once('data', () => other.write(get('/hello')));  // the batch is being answered: now ask
    batch.write(get('/busy').repeat(batchSize - 1) + last('/busy'));
    await heard.waitFor(/\r\n\r\nhello$/);
    expect(answered).toBeLessThan(batchSize / 2);
    await closed(batch);
    expect(answered).toBe(batchSize);
  });
});

describe('a stream request with more bytes behind it', () => {
  it('holds none of them for the stream\'s life', async () => {
    const port = await serve({});
    const gc = runInNewContext('gc') as () => void;      // exposed below, for this test alone
    gc();
    const before = process.memoryUsage().arrayBuffers;
    const streams = 100;
    const behind = 60 * 1024;                             // pipelined after the stream's request
    for (let i = 0; i < streams; i++) {
      const socket = await connect(port);
      const heard = record(socket);
      socket.write(get('/events') + 'x'.repeat(behind));
      await heard.waitFor(/text\/event-stream/);
    }
    // V8 may free an ArrayBuffer's memory a little after the collection that found it garbage:
    // collect, and look again, until what is held is small (or the config's wait runs out).
    const held = () => {
      gc();
      return process.memoryUsage().arrayBuffers - before;
    };
    await expect.poll(held).toBeLessThan((streams * behind) / 10);
  });
});

describe('more clients than maxConnections', () => {
  it('answers the clients past the limit 503 with Retry-After, logs it once, and serves again once one leaves', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    // A refused client may linger as long as it likes here: it must still hold no place.
    const port = await serve({ maxConnections: 2, closeGraceMs: 600_000, requestTimeoutMs: 600_000 });
    const held = [await connect(port), await connect(port)];
    for (const socket of held) {                          // both are served, and stay
      const heard = record(socket);
      socket.write(get('/hello'));
      await heard.waitFor(/hello$/);
    }
    // Turned away, and it doesn't close its side when the server closes its own.
    const lingering = createConnection({ port, host: '127.0.0.1', allowHalfOpen: true });
    onTestFinished(() => { lingering.destroy(); });
    const refusal = parseResponse(await record(lingering).waitFor(/503[\s\S]*connections; try again soon\n$/)
      .then((match) => match.input!));
    expect(refusal.headers['retry-after']).toBe('1');
    expect(refusal.body).toMatch(/limit of 2 connections/);
    expect(parseResponse(await exchange(port, last('/hello'))).status).toBe(503);
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]![0])).toMatch(/limit of 2 connections/);

    held[0]!.destroy();                                   // a place frees; the refused ones hold none
    await expect.poll(async () => parseResponse(await exchange(port, last('/hello'))).status).toBe(200);
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('counts a refused client that leaves as no place freed, and logs again each time the server fills up again', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const port = await serve({ maxConnections: 1 });
    /** Asks on a new connection, kept open if admitted; resolves with the answer's status. */
    const tryToGetIn = async (): Promise<number> => {
      const socket = await connect(port);
      const heard = record(socket);
      socket.write(get('/hello'));
      return Number((await heard.waitFor(/^HTTP\/1\.1 (\d{3}) /))[1]);
    };
    const held = await connect(port);
    const heldHeard = record(held);
    held.write(get('/hello'));
    await heldHeard.waitFor(/hello$/);
    const refused = await connect(port);
    await record(refused).waitFor(/^HTTP\/1\.1 503 /);
    await closed(refused);                                // gone: but it never held the one place
    expect(parseResponse(await exchange(port, last('/hello'))).status).toBe(503);
    expect(log).toHaveBeenCalledTimes(1);                 // one fill-up, one line

    held.destroy();                                       // the place frees once the server sees it go
    await expect.poll(tryToGetIn).toBe(200);              // taken again: full again…
    expect(parseResponse(await exchange(port, last('/hello'))).status).toBe(503);
    expect(log).toHaveBeenCalledTimes(2);                 // …and said so again
  });
});

describe('a stream handler that fails after the stream\'s head has gone out', () => {
  it.each(['/broken-stream', '/rejected-stream'])('%s: is logged as a handler bug, and its connection closed; the server goes on', async (path) => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const port = await serve({});
    const socket = await connect(port);
    const heard = record(socket);
    socket.write(get(path));
    await heard.closed;
    expect(heard.text()).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*text\/event-stream/);
    expect(log).toHaveBeenCalledWith('house: a handler failed:', expect.objectContaining({ message: expect.stringMatching(/a bug/) }));
    expect(parseResponse(await exchange(port, last('/hello'))).body).toBe('hello');
  });
});
