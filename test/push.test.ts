import type { Server, Socket } from 'node:net';
import { EventSource } from 'eventsource';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { listen } from '../chapters/program.ts';
import { createPushServer, HISTORY, MAX_HEAD_BYTES, Ticks, type Tick } from '../chapters/push.ts';
import {
  Arrivals, exchange, httpRequest, openSocket, parseResponse, record, runChapter, type Recording, type RunningProgram,
} from './helpers.ts';

const TICK = /^(\d+) (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)$/;

const servers: Server[] = [];
const sockets: Socket[] = [];
const sources: EventSource[] = [];
const programs: RunningProgram[] = [];
afterEach(async () => {
  for (const source of sources.splice(0)) source.close();
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) server.close();
  await Promise.all(programs.splice(0).map((program) => program.stop('SIGKILL')));
});

/** Ticks that say whenever a listener comes or goes, so a test can wait for a request to be parked
 *  (or let go) instead of looking again and again. */
class WatchedTicks extends Ticks {
  private readonly watchers = new Set<() => void>();

  override listen(listener: (tick: Tick) => void): () => void {
    const stopListening = super.listen(listener);
    this.changed();
    return () => {
      stopListening();
      this.changed();
    };
  }

  /** Resolves once exactly `count` listeners are listening. */
  listenersReach(count: number, timeoutMs = inject('waitMs')): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.listeners !== count) return;
        finish();
        resolve();
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`${this.listeners} listeners, not ${count}, after ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.watchers.delete(check);
      };
      this.watchers.add(check);
      check();
    });
  }

  private changed(): void {
    for (const check of [...this.watchers]) check();
  }
}

async function start(): Promise<{ ticks: WatchedTicks; port: number; server: Server }> {
  const ticks = new WatchedTicks();
  const server = createPushServer(ticks);
  servers.push(server);
  return { ticks, port: await listen(server, 0), server };
}

/** Opens a connection, sends a GET for `target`, and records what comes back (latin1: one character per byte). */
async function get(port: number, target: string): Promise<Recording & { socket: Socket }> {
  const socket = await openSocket(port);
  sockets.push(socket);
  const recording = record(socket, 'latin1');
  socket.write(httpRequest('GET', target, { headers: { Host: `127.0.0.1:${port}`, 'User-Agent': 'test' } }));
  return { socket, ...recording };
}

describe('Ticks, the event source', () => {
  it('numbers events from 1, remembers the recent ones, and tells listeners until they stop', () => {
    const ticks = new Ticks();
    const heard: number[] = [];
    const stop = ticks.listen((tick) => heard.push(tick.id));
    expect(ticks.listeners).toBe(1);
    const first = ticks.publish(new Date('2026-01-02T03:04:05Z'));
    expect(first).toEqual({ id: 1, time: '2026-01-02T03:04:05.000Z' });
    ticks.publish();
    stop();
    ticks.publish();
    expect(heard).toEqual([1, 2]);
    expect(ticks.listeners).toBe(0);
    expect(ticks.lastId).toBe(3);
    expect(ticks.after(1).map((tick) => tick.id)).toEqual([2, 3]);
    expect(ticks.after(3)).toEqual([]);
  });

  it(`forgets all but the last ${HISTORY} events`, () => {
    const ticks = new Ticks();
    for (let i = 0; i < HISTORY + 20; i++) ticks.publish();
    const kept = ticks.after(0);
    expect(kept).toHaveLength(HISTORY);
    expect(kept[0]!.id).toBe(21);
    expect(kept.at(-1)!.id).toBe(HISTORY + 20);
  });
});

describe('long-polling', () => {
  it('holds the request until the next event, then sends one complete response and hangs up', async () => {
    const { ticks, port } = await start();
    const poll = await get(port, '/poll?after=0');
    await ticks.listenersReach(1); // the request is parked, waiting
    expect(poll.text()).toBe('');

    const tick = ticks.publish();
    await poll.closed;
    const response = parseResponse(poll.text());
    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(response.body)));
    expect(response.headers['connection']).toBe('close');
    expect(response.body).toBe(`${tick.id} ${tick.time}\n`);
    expect(ticks.listeners).toBe(0);
  });

  it('holds a poll for what comes after the newest event until the next one, as the page shows with after=$last', async () => {
    const { ticks, port } = await start();
    for (let i = 0; i < 3; i++) ticks.publish();
    const poll = await get(port, `/poll?after=${ticks.lastId}`);
    await ticks.listenersReach(1); // parked, though three events are remembered
    expect(poll.text()).toBe('');
    const tick = ticks.publish();
    await poll.closed;
    expect(parseResponse(poll.text()).body).toBe(`${tick.id} ${tick.time}\n`);
  });

  it('answers at once with every event the client missed between two requests', async () => {
    const { ticks, port } = await start();
    for (let i = 0; i < 5; i++) ticks.publish();
    const response = parseResponse(await exchange(port, 'GET /poll?after=2 HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(response.status).toBe(200);
    const lines = response.body.trimEnd().split('\n');
    expect(lines.map((line) => Number(line.match(TICK)![1]))).toEqual([3, 4, 5]);
  });

  it('answers after=0 at once with every remembered event, once there is one: it waits only before the first', async () => {
    const { ticks, port } = await start();
    for (let i = 0; i < 3; i++) ticks.publish();
    const response = parseResponse(await exchange(port, 'GET /poll?after=0 HTTP/1.1\r\n\r\n'));
    expect(response.body.trimEnd().split('\n').map((line) => Number(line.match(TICK)![1]))).toEqual([1, 2, 3]);
    expect(response.headers['content-length']).toBe('81'); // the page's sample: three lines of 27 bytes
  });

  it('forgets a client that gives up while waiting', async () => {
    const { ticks, port } = await start();
    const polls = await Promise.all([get(port, '/poll?after=0'), get(port, '/poll?after=0')]);
    await ticks.listenersReach(2);
    polls[0]!.socket.destroy();
    await ticks.listenersReach(1);
    ticks.publish();
    await polls[1]!.closed;
    expect(parseResponse(polls[1]!.text()).status).toBe(200);
    expect(ticks.listeners).toBe(0);
  });

  it('a client that keeps polling sees every event once, in order', async () => {
    const { ticks, port } = await start();
    const seen: number[] = [];
    let after = 0;
    const publisher = setInterval(() => ticks.publish(), 5);
    try {
      while (seen.length < 20) {
        const { body } = parseResponse(await exchange(port, `GET /poll?after=${after} HTTP/1.1\r\n\r\n`));
        for (const line of body.trimEnd().split('\n')) seen.push(Number(line.match(TICK)![1]));
        after = seen.at(-1)!;
      }
    } finally {
      clearInterval(publisher);
    }
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
  });
});

describe('Server-Sent Events', () => {
  it('sends one head, then a frame per event, and never ends the response', async () => {
    const { ticks, port } = await start();
    const stream = await get(port, '/events');
    await ticks.listenersReach(1);
    const first = ticks.publish();
    const second = ticks.publish();
    const expected = `data: ${first.id} ${first.time}\n\ndata: ${second.id} ${second.time}\n\n`;
    await stream.waitFor(new RegExp(`${escape(expected)}$`));

    const response = parseResponse(stream.text());
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream');
    expect(response.headers['content-length']).toBeUndefined();
    expect(response.body).toBe(expected);
    expect(stream.socket.destroyed).toBe(false);

    const messages: EventSourceMessage[] = [];
    const parser = createParser({ onEvent: (message) => messages.push(message) });
    parser.feed(response.body);
    expect(messages.map((message) => message.data)).toEqual([`${first.id} ${first.time}`, `${second.id} ${second.time}`]);
  });

  it("is what a browser's EventSource understands", async () => {
    const { ticks, port } = await start();
    const source = new EventSource(`http://127.0.0.1:${port}/events`);
    sources.push(source);
    const data = new Arrivals<string>('messages');
    source.onmessage = (event) => data.push(event.data);
    await new Promise((resolve, reject) => {
      source.onopen = resolve;
      source.onerror = reject;
    });
    await ticks.listenersReach(1);
    ticks.publish();
    ticks.publish();
    expect((await data.until(2)).map((line) => Number(line.match(TICK)![1]))).toEqual([1, 2]);
  });

  it('forgets a client that leaves', async () => {
    const { ticks, port } = await start();
    const stream = await get(port, '/events');
    await ticks.listenersReach(1);
    stream.socket.end();
    await ticks.listenersReach(0);
  });
});

describe('what each costs per event', () => {
  it('long-polling pays a response head (and a connection) per event; SSE pays its head once', async () => {
    const { ticks, port } = await start();
    const EVENTS = 5;
    const stream = await get(port, '/events');
    await ticks.listenersReach(1);

    let pollBytes = 0;
    let connections = 0;
    let pollHead = '';
    for (let i = 0; i < EVENTS; i++) {
      const poll = await get(port, `/poll?after=${ticks.lastId}`);
      connections++;
      await ticks.listenersReach(2);
      ticks.publish(new Date('2026-01-01T00:00:00Z'));
      await poll.closed;
      pollBytes += Buffer.byteLength(poll.text(), 'latin1');
      pollHead = parseResponse(poll.text()).head;
    }
    await stream.waitFor(new RegExp(`(^data: [^\\n]*\\n\\n){${EVENTS}}`, 'm'));
    const streamHead = parseResponse(stream.text()).head;
    const frameBytes = Buffer.byteLength(stream.text(), 'latin1') - streamHead.length;

    const bodyPerEvent = '1 2026-01-01T00:00:00.000Z\n'.length;
    expect(connections).toBe(EVENTS);
    expect(pollBytes).toBe(EVENTS * (pollHead.length + bodyPerEvent));
    expect(frameBytes).toBe(EVENTS * ('data: '.length + bodyPerEvent + 1));
    expect(pollHead.length).toBeGreaterThan(80); // each long-poll answer repeats a head this size
  });
});

describe('requests it refuses, each with a status and a reason', () => {
  const cases: [string, number, RegExp][] = [
    ['POST /events HTTP/1.1\r\n\r\n', 405, /Only GET is served here, not POST/],
    ['GET /nowhere HTTP/1.1\r\n\r\n', 404, /Nothing at \/nowhere/],
    ['GET /poll HTTP/1.1\r\n\r\n', 400, /after must be the number of the last event seen, got null/],
    ['GET /poll?after=soon HTTP/1.1\r\n\r\n', 400, /got "soon"/],
    ['GET /poll?after=7 HTTP/1.1\r\n\r\n', 400, /after=7 is ahead of the newest event, 0/],
    ['hello\r\n\r\n', 400, /Not an HTTP\/1\.x request line: "hello"/],
    ['GET /events HTTP/1.1 extra\r\n\r\n', 400, /Not an HTTP\/1\.x request line/],
    [`GET /events HTTP/1.1\r\nX-Big: ${'a'.repeat(MAX_HEAD_BYTES)}\r\n\r\n`, 431, /request head longer than 8192 bytes/],
  ];
  for (const [request, status, reason] of cases) {
    it(`${status} for ${JSON.stringify(request.slice(0, 30))}`, async () => {
      const { port } = await start();
      const response = parseResponse(await exchange(port, request));
      expect(response.status).toBe(status);
      expect(response.body).toMatch(reason);
    });
  }

  it('a 405 says which method would have worked, in Allow', async () => {
    const { port } = await start();
    const response = parseResponse(await exchange(port, 'DELETE /poll?after=0 HTTP/1.1\r\n\r\n'));
    expect(response.status).toBe(405);
    expect(response.headers['allow']).toBe('GET');
  });

  it('waits for the whole head, even when it arrives in pieces', async () => {
    const { ticks, port, server } = await start();
    ticks.publish();
    const serverSide = new Promise<Socket>((resolve) => server.once('connection', resolve));
    const socket = await openSocket(port);
    sockets.push(socket);
    const answer = record(socket);
    const received = record(await serverSide);
    let sent = '';
    for (const piece of ['GET /poll?af', 'ter=0 HTTP/1.1\r', '\nHost: x\r\n']) {
      socket.write(piece);
      sent += piece;
      // Our listener on the server's socket runs after the server's own: once it has seen the piece,
      // so has the server, and whatever it answered (nothing, we hope) is already queued on that socket.
      await received.waitFor(new RegExp(`${escape(sent)}$`));
    }
    await new Promise((resolve) => setImmediate(resolve)); // let any promise the server chained on it settle
    expect((await serverSide).bytesWritten).toBe(0); // the request line is complete, the head is not: no answer yet
    socket.write('\r\n');
    await answer.closed;
    expect(parseResponse(answer.text()).body).toMatch(/^1 /);
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the program', () => {
  it('serves both kinds of push from one clock, and stops cleanly', async () => {
    const program = runChapter('push', { PORT: '0' });
    programs.push(program);
    const [, port] = await program.waitFor(/curl -N http:\/\/127\.0\.0\.1:(\d+)\/events/);
    expect(program.output()).toContain(`curl -i 'http://127.0.0.1:${port}/poll?after=0'`);

    const source = new EventSource(`http://127.0.0.1:${port}/events`);
    sources.push(source);
    const streamed = new Arrivals<number>('ticks');
    source.onmessage = (event) => streamed.push(Number(String(event.data).match(TICK)![1]));

    const response = await fetch(`http://127.0.0.1:${port}/poll?after=0`);
    expect(response.status).toBe(200);
    const [first] = (await response.text()).trimEnd().split('\n');
    expect(first).toMatch(TICK);

    const [first0, second0] = await streamed.until(2);
    expect(second0).toBe(first0! + 1); // one clock, one event per tick, in order

    source.close();
    expect(await program.stop('SIGINT')).toBe(0);
    expect(program.output()).toMatch(/Stopping\./);
  });
});
