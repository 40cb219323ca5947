// @filename: chapters/pubsub.event.twoslash.ts
// Subscriptions and broadcasts: channels of long-lived connections, and
// Server-Sent Events published to everyone on a channel.

import { createServer, type Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { closer, fail, HOST, listen, portFromEnv, stopOnSignal } from './daytime.ts';

// ---cut-before---
/** One Server-Sent Event, as a browser's EventSource will receive it. */
export interface ServerSentEvent {
  /** The payload. It may span several lines. */
  data: string;
  /** The event type; EventSource dispatches it to listeners of that name. */
  event?: string;
  /** Sent back by the browser in `Last-Event-ID` when it reconnects. */
  id?: string;
  /** How many milliseconds the browser waits before reconnecting. */
  retry?: number;
}
// ---cut-after---

/** Frames one event: optional `id:`, `event:`, `retry:` fields,
 *  one `data:` line per line, a blank line. */
export function formatEvent({ data, event, id, retry }: ServerSentEvent): string {
  let frame = '';
  if (id !== undefined) frame += singleLineField('id', id);
  if (event !== undefined) frame += singleLineField('event', event);
  if (retry !== undefined) frame += `retry: ${checkRetry(retry)}\n`;
  for (const line of data.split(LINE_BREAK)) frame += `data: ${line}\n`;
  return frame + '\n';
}

/** The SSE format accepts all three line endings, so all three must be split. */
const LINE_BREAK = /\r\n|\r|\n/;

function singleLineField(name: string, value: string): string {
  if (/[\r\n\0]/.test(value)) {
    const got = JSON.stringify(value);
    throw new TypeError(`SSE ${name} must be one line without NUL, got ${got}`);
  }
  return `${name}: ${value}\n`;
}

function checkRetry(retry: number): number {
  if (!Number.isSafeInteger(retry) || retry < 0) {
    throw new TypeError(`SSE retry must be a whole number of milliseconds, got ${retry}`);
  }
  return retry;
}

/** A subscriber is any writable stream; in the server it is the client's socket. */
export type Subscriber = Writable;

/** Channels keyed by name, each holding the connections subscribed to it. */
export class Channels {
  readonly #channels = new Map<string, Set<Subscriber>>();

  /** How many channels have at least one subscriber. */
  get size(): number {
    return this.#channels.size;
  }

  /** How many subscribers a channel has right now. */
  subscribers(channel: string): number {
    return this.#channels.get(channel)?.size ?? 0;
  }

  subscribe(channel: string, subscriber: Subscriber): void {
    let members = this.#channels.get(channel);
    if (members === undefined) {
      members = new Set();
      this.#channels.set(channel, members);
    }
    if (members.has(subscriber)) return;
    members.add(subscriber);

    const leave = () => this.#drop(channel, subscriber);
    subscriber.once('close', leave);
    subscriber.on('error', leave);
  }

  /** Sends `message` to every subscriber of `channel`; returns how many it reached. */
  publish(channel: string, message: string | ServerSentEvent): number {
    const members = this.#channels.get(channel);
    if (members === undefined) return 0;

    const frame = formatEvent(typeof message === 'string' ? { data: message } : message);
    let reached = 0;
    for (const subscriber of members) {
      if (deliver(subscriber, frame)) reached++;
      else this.#drop(channel, subscriber);
    }
    return reached;
  }

  #drop(channel: string, subscriber: Subscriber): void {
    const members = this.#channels.get(channel);
    if (members === undefined || !members.delete(subscriber)) return;
    if (members.size === 0) this.#channels.delete(channel);
    subscriber.destroy();
  }
}

/** A subscriber this far behind is not reading;
 *  keeping it would let it eat our memory. */
export const MAX_UNSENT_BYTES = 1024 * 1024;

function deliver(subscriber: Subscriber, frame: string): boolean {
  if (!subscriber.writable || subscriber.writableLength > MAX_UNSENT_BYTES) return false;
  try {
    subscriber.write(frame);
    return true;
  } catch {
    return false;
  }
}

/** We have no HTTP parser yet (that comes later),
 *  so the demo answers every connection with a stream. */
const STREAM_HEAD =
  'HTTP/1.1 200 OK\r\n' +
  'Content-Type: text/event-stream; charset=utf-8\r\n' +
  'Cache-Control: no-cache, no-store, must-revalidate\r\n' +
  'Connection: keep-alive\r\n' +
  '\r\n';

function serveTicks(channels: Channels): ReturnType<typeof createServer> {
  return createServer((socket: Socket) => {
    socket.on('error', () => socket.destroy());
    socket.once('data', () => {
      socket.write(STREAM_HEAD);
      channels.subscribe('ticks', socket);
    });
  });
}

async function main(): Promise<void> {
  const channels = new Channels();
  const server = serveTicks(channels);
  const port = portFromEnv(4001);
  let tick = 0;
  const clock = setInterval(() => {
    tick++;
    const data = `tick ${tick}\n${new Date().toISOString()}`;
    channels.publish('ticks', { event: 'tick', id: String(tick), data });
  }, 1000);
  const close = closer(server); // hangs up on every open stream
  stopOnSignal(() => {
    clearInterval(clock);
    return close();
  });

  try {
    const actual = await listen(server, port);
    console.log('Publishing a tick every second. Watch it with:\n' +
      `  curl -N http://${HOST}:${actual}/`);
  } catch (error) {
    clearInterval(clock);
    fail(`pubsub: cannot listen on ${HOST}:${port}`, error);
  }
}

if (process.argv[1] === import.meta.filename) void main();
