// Fewer writes than messages: what a room is sent during one turn of the event loop reaches each
// subscriber in one write, in order, once; and a subscriber that stops reading is still let go.
// Over real sockets, against a server started here.
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { Socket } from 'node:net';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { start } from '../chapters/listen.ts';
import { Channels } from '../chapters/pubsub.ts';
import { Router, stream, text } from '../chapters/routing.ts';
import { paramsOf } from '../chapters/handlers.ts';
import { closed, openSocket, record } from './helpers.ts';

const channels = new Channels();
const router = new Router()
  .on('GET', '/events', ({ params }) =>
    stream((connection) => channels.subscribe(params.get('room')![0]!, connection)))
  .on('POST', '/say', (request) => {
    const params = paramsOf(request);
    const [room, message] = [params.get('room')![0]!, params.get('message')![0]!];
    return text(`${channels.publish(room, message)}`);
  });

/** A server whose turns are long enough that a burst of posts is always handled in one. */
async function serve(): Promise<number> {
  const server = await start(router, { port: 0, limits: { turnMs: 60_000 } });
  onTestFinished(() => server.stop());
  return server.port;
}

interface Listener {
  socket: Socket;
  events: EventSourceMessage[];
  /** Resolves once `count` events have arrived. */
  heard(count: number): Promise<void>;
}

/** A stream subscribed to `room`, parsed the way EventSource parses it. */
async function listen(port: number, room: string): Promise<Listener> {
  const socket = await openSocket(port);
  onTestFinished(() => { socket.destroy(); });
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event) });
  let head = true;
  const wakes = new Set<() => void>();
  socket.on('data', (chunk: Buffer) => {
    let text = chunk.toString('utf8');
    if (head) {
      const end = text.indexOf('\r\n\r\n');
      if (end === -1) return;
      head = false;
      text = text.slice(end + 4);
    }
    parser.feed(text);
    for (const wake of [...wakes]) wake();
  });
  const heard = (count: number) => new Promise<void>((resolve, reject) => {
    const check = () => {
      if (events.length >= count) { wakes.delete(check); resolve(); }
    };
    socket.once('close', () => reject(new Error(`the stream closed after ${events.length} of ${count} events`)));
    wakes.add(check);
    check();
  });
  const subscribed = channels.subscribers(room) + 1;
  socket.write(`GET /events?room=${room} HTTP/1.1\r\nHost: test\r\n\r\n`);
  await expect.poll(() => channels.subscribers(room)).toBe(subscribed);
  return { socket, events, heard };
}

const post = (room: string, message: string) => {
  const form = `room=${room}&message=${encodeURIComponent(message)}`;
  return 'POST /say HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
    `Content-Length: ${Buffer.byteLength(form)}\r\n\r\n${form}`;
};

/** Sends `messages` pipelined in one write, and resolves once all are answered. */
async function burst(poster: Socket, room: string, messages: string[]): Promise<void> {
  const heard = record(poster);
  poster.write(messages.map((m) => post(room, m)).join(''));
  try {
    await heard.waitFor(new RegExp(`(HTTP/1\\.1 200[\\s\\S]*){${messages.length}}`));
  } finally {
    heard.stop();
  }
}

afterEach(() => { vi.restoreAllMocks(); });

describe('one write per subscriber per turn', () => {
  it('writes a burst of ten messages to each subscriber in one write, in order', async () => {
    const port = await serve();
    const listeners = [await listen(port, 'burst'), await listen(port, 'burst'), await listen(port, 'burst')];
    const ports = new Set(listeners.map((l) => l.socket.localPort));
    const writes = new Map<number, number>();            // by the subscriber's port, read at the call
    const write = Socket.prototype.write;
    vi.spyOn(Socket.prototype, 'write').mockImplementation(function (this: Socket, ...args: Parameters<Socket['write']>) {
      const peer = this.remotePort;
      if (peer !== undefined && ports.has(peer)) writes.set(peer, (writes.get(peer) ?? 0) + 1);
      return write.apply(this, args);
    });
    const poster = await openSocket(port);
    onTestFinished(() => { poster.destroy(); });
    const messages = Array.from({ length: 10 }, (_, i) => `message ${i + 1}`);
    await burst(poster, 'burst', messages);
    await Promise.all(listeners.map((l) => l.heard(10)));
    for (const listener of listeners) {
      expect(listener.events.map((e) => e.data)).toEqual(messages);
      expect(writes.get(listener.socket.localPort!)).toBe(1);
    }
  });

  it('delivers bursts from several posters to every subscriber once each, all in the one order of their ids', async () => {
    const port = await serve();
    const listeners: Listener[] = [];
    for (let i = 0; i < 5; i++) listeners.push(await listen(port, 'busy'));
    const posters = await Promise.all([openSocket(port), openSocket(port), openSocket(port)]);
    for (const poster of posters) onTestFinished(() => { poster.destroy(); });
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      await Promise.all(posters.map((poster, p) =>
        burst(poster, 'busy', Array.from({ length: 10 }, (_, i) => `r${round} p${p} m${i}`))));
    }
    const total = rounds * posters.length * 10;
    await Promise.all(listeners.map((l) => l.heard(total)));
    const order = listeners[0]!.events.map((e) => e.id);
    const seqs = order.map((id) => Number(id!.split('-')[1]));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(order).size).toBe(total);
    for (const listener of listeners) {
      expect(listener.events.map((e) => e.id)).toEqual(order);
      const data = listener.events.map((e) => e.data);
      for (let p = 0; p < posters.length; p++) {           // each poster's messages, in its own order
        const own = data.filter((d) => d.includes(` p${p} `));
        expect(own).toEqual(Array.from({ length: rounds * 10 }, (_, k) => `r${Math.floor(k / 10)} p${p} m${k % 10}`));
      }
    }
  });
});

describe('back-pressure', () => {
  it('lets go of a subscriber that stopped reading, while the others hear everything', async () => {
    const port = await serve();
    const fast = [await listen(port, 'stall'), await listen(port, 'stall')];
    const stalled = await listen(port, 'stall');
    stalled.socket.pause();                                 // it reads nothing from now on
    const poster = await openSocket(port);
    onTestFinished(() => { poster.destroy(); });
    const big = 'x'.repeat(32 * 1024);
    const bursts = 40;                                      // 12.8 MB each: far more than the kernel holds
    for (let i = 0; i < bursts; i++) {
      await burst(poster, 'stall', Array.from({ length: 10 }, (_, k) => `${i * 10 + k} ${big}`));
    }
    await Promise.all(fast.map((l) => l.heard(bursts * 10)));
    for (const listener of fast) {
      expect(listener.events.map((e) => Number(e.data.split(' ')[0]))).toEqual(Array.from({ length: bursts * 10 }, (_, k) => k));
    }
    expect(channels.subscribers('stall')).toBe(2);          // the stalled one was dropped
    stalled.socket.resume();
    await closed(stalled.socket);                           // and its connection closed
  });
});
