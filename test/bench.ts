// npm run bench: what an event-driven server buys, measured on 127.0.0.1 with bounded loads.
//
//   1. idle streams: how much memory one more open SSE connection costs the server
//   2. fan-out:      how long one publish takes to reach every subscriber of a room
//   3. requests:     closing requests per second, with a fixed number of clients at once
//
// Each measurement prints a line and is checked against a generous target, so a regression fails loudly.
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { start, type Server } from '../chapters/listen.ts';
import { Channels } from '../chapters/pubsub.ts';
import { Router, stream, text } from '../chapters/routing.ts';

const IDLE_STREAMS = 2_000;
const FANOUT_SUBSCRIBERS = 1_000;
const FANOUT_MESSAGES = 50;
const REQUESTS = 4_000;
const CONCURRENCY = 50;

const targets = {
  bytesPerIdleStream: 64 * 1024,
  fanoutMsPerMessage: 100,
  requestsPerSecond: 500,
};

function openStream(port: number, room: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET /events?room=${room} HTTP/1.1\r\nHost: bench\r\n\r\n`);
    });
    socket.once('data', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Counts the SSE frames (each ends with a blank line) arriving on `sockets`. Resolves with the count
 *  once `goal` have arrived, or with what has arrived after `timeoutMs`. */
function framesArriving(sockets: Socket[], goal: number, timeoutMs = 30_000): Promise<number> {
  return new Promise((resolve) => {
    let received = 0;
    const timer = setTimeout(() => resolve(received), timeoutMs);
    for (const socket of sockets) {
      let tail = ''; // a blank line can be split between two chunks
      socket.on('data', (chunk: Buffer) => {
        const text = tail + chunk.toString('utf8');
        received += text.split('\n\n').length - 1;
        tail = text.endsWith('\n') && !text.endsWith('\n\n') ? '\n' : '';
        if (received >= goal) {
          clearTimeout(timer);
          resolve(received);
        }
      });
    }
  });
}

function request(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('GET /hello HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n'));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.once('close', () => (answer.startsWith('HTTP/1.1 200') ? resolve() : reject(new Error(answer))));
    socket.once('error', reject);
  });
}

function memory(): number {
  globalThis.gc?.();
  return process.memoryUsage().rss;
}

async function withServer<T>(channels: Channels, run: (server: Server) => Promise<T>): Promise<T> {
  const router = new Router()
    .on('GET', '/hello', () => text('hello\n'))
    .on('GET', '/events', ({ params }) => stream((c) => channels.subscribe(params.get('room')?.[0] ?? 'all', c)));
  const server = await start(router, { port: 0 });
  try {
    return await run(server);
  } finally {
    await server.stop();
  }
}

async function idleStreams(): Promise<number> {
  const channels = new Channels();
  return withServer(channels, async ({ port }) => {
    const before = memory();
    const sockets: Socket[] = [];
    for (let i = 0; i < IDLE_STREAMS; i++) sockets.push(await openStream(port, `room-${i % 100}`));
    const perStream = (memory() - before) / IDLE_STREAMS; // both ends live in this process: an upper bound
    console.log(`idle streams: ${IDLE_STREAMS} open, ~${Math.round(perStream / 1024)} KiB each (client and server side together)`);
    sockets.forEach((s) => s.destroy());
    return perStream;
  });
}

async function fanout(): Promise<number> {
  const channels = new Channels();
  return withServer(channels, async ({ port }) => {
    const sockets = await Promise.all(Array.from({ length: FANOUT_SUBSCRIBERS }, () => openStream(port, 'lobby')));
    const arrived = framesArriving(sockets, FANOUT_SUBSCRIBERS * FANOUT_MESSAGES);
    const begin = performance.now();
    for (let i = 0; i < FANOUT_MESSAGES; i++) {
      channels.publish('lobby', JSON.stringify({ name: 'bench', message: `message ${i}` }));
    }
    const received = await arrived;
    const msPerMessage = (performance.now() - begin) / FANOUT_MESSAGES;
    console.log(`fan-out: ${FANOUT_MESSAGES} messages to ${FANOUT_SUBSCRIBERS} subscribers, ${received} frames, ${msPerMessage.toFixed(1)} ms per message`);
    sockets.forEach((s) => s.destroy());
    if (received !== FANOUT_SUBSCRIBERS * FANOUT_MESSAGES) throw new Error(`only ${received} frames arrived`);
    return msPerMessage;
  });
}

async function requests(): Promise<number> {
  return withServer(new Channels(), async ({ port }) => {
    let sent = 0;
    const begin = performance.now();
    const client = async () => {
      while (sent < REQUESTS) {
        sent++;
        await request(port);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, client));
    const perSecond = REQUESTS / ((performance.now() - begin) / 1000);
    console.log(`requests: ${REQUESTS} closing requests, ${CONCURRENCY} at a time, ${Math.round(perSecond)} per second`);
    return perSecond;
  });
}

const results = {
  bytesPerIdleStream: await idleStreams(),
  fanoutMsPerMessage: await fanout(),
  requestsPerSecond: await requests(),
};
const missed = [
  results.bytesPerIdleStream > targets.bytesPerIdleStream && `idle stream costs more than ${targets.bytesPerIdleStream} bytes`,
  results.fanoutMsPerMessage > targets.fanoutMsPerMessage && `fan-out slower than ${targets.fanoutMsPerMessage} ms per message`,
  results.requestsPerSecond < targets.requestsPerSecond && `fewer than ${targets.requestsPerSecond} requests per second`,
].filter(Boolean);
if (missed.length > 0) {
  console.error(`Missed targets: ${missed.join('; ')}`);
  process.exitCode = 1;
} else {
  console.log('All targets met.');
}
