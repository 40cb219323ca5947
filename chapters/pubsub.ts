// Subscriptions and broadcasts: channels of long-lived connections, and
// Server-Sent Events published to everyone on a channel.

// #region imports
import { createServer, type Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { closer, HOST, portFromEnv, serve } from './program.ts';
// #endregion imports

// #region event
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
// #endregion event

// #region format
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

/** Frames a comment: a line starting with `:`, which EventSource ignores. */
export function formatComment(text: string): string {
  return `: ${singleLine('comment', text)}\n\n`;
}

/** The SSE format accepts all three line endings, so all three must be split. */
const LINE_BREAK = /\r\n|\r|\n/;
// #endregion format

// #region fields
function singleLineField(name: string, value: string): string {
  return `${name}: ${singleLine(name, value)}\n`;
}

function singleLine(name: string, value: string): string {
  if (/[\r\n\0]/.test(value)) {
    const got = JSON.stringify(value);
    throw new TypeError(`SSE ${name} must be one line without NUL, got ${got}`);
  }
  return value;
}

function checkRetry(retry: number): number {
  if (!Number.isSafeInteger(retry) || retry < 0) {
    throw new TypeError(`SSE retry must be a whole number of milliseconds, got ${retry}`);
  }
  return retry;
}
// #endregion fields

// #region event-stream
/** An open event stream, as a handler and `Channels` see it: it sends events, comments
 *  and frames formatted once for many streams, and can be ended. The connection
 *  underneath is its own business. */
export class EventStream {
  readonly #connection: Writable;

  /** `maxUnsentBytes`: how far behind its reader the stream may fall before `write`
   *  refuses, which `Channels` takes to mean the reader has stopped. */
  constructor(connection: Writable, readonly maxUnsentBytes = MAX_UNSENT_BYTES) {
    this.#connection = connection;
  }

  /** Sends one event; false if the stream is gone or too far behind to take it. */
  send(event: string | ServerSentEvent): boolean {
    return this.write(formatEvent(typeof event === 'string' ? { data: event } : event));
  }

  /** Sends a comment line, which EventSource ignores. */
  comment(text = ''): boolean {
    return this.write(formatComment(text));
  }

  /** Writes frames already formatted; false if the stream is gone, or would fall more
   *  than `maxUnsentBytes` behind. One with nothing waiting can take anything. */
  write(frames: string | Buffer): boolean {
    const waiting = this.unsentBytes;
    const fits = waiting === 0 || waiting + frames.length <= this.maxUnsentBytes;
    if (!this.#connection.writable || !fits) return false;
    try {
      this.#connection.write(frames);
      return true;
    } catch {
      return false;
    }
  }

  /** Bytes written to the stream that the network has not taken yet. */
  get unsentBytes(): number {
    return this.#connection.writableLength;
  }

  get closed(): boolean {
    return this.#connection.destroyed;
  }

  /** Calls `listener` when the connection goes, however it goes. */
  onClose(listener: () => void): void {
    this.#connection.on('close', listener);
    this.#connection.on('error', listener);
  }

  /** Ends the stream; a browser's EventSource will reconnect after its retry delay. */
  close(): void {
    this.#connection.end();
  }

  /** Cuts the connection now, whatever is still unsent. */
  destroy(): void {
    this.#connection.destroy();
  }
}
// #endregion event-stream

// #region channels
/** How much of the past each channel keeps, so that a subscriber who drops off can
 *  come back with its `Last-Event-ID` and get what it missed; how often a quiet stream
 *  hears a heartbeat; and what any one client can make the server hold. All are named
 *  so a server can choose its own. */
export interface ChannelLimits {
  /** The most messages a channel keeps for replay. */
  historyLength: number;
  /** How long a message stays replayable, and how long an empty channel is kept. */
  historyMs: number;
  /** A channel that published nothing for this long sends its subscribers a comment. */
  heartbeatMs: number;
  /** The most bytes one replay writes. When what was missed is more, the subscriber is
   *  told so (`missed`), then gets the newest messages that fit. */
  maxReplayBytes: number;
  /** A subscriber that still has bytes waiting to be sent at this many heartbeats in a
   *  row isn't reading: it is dropped, and may come back with its `Last-Event-ID`. */
  undrainedHeartbeats: number;
  /** The most channels kept without subscribers;
   *  past it, the one quiet longest is forgotten. */
  maxEmptyChannels: number;
}

export const CHANNEL_LIMITS: ChannelLimits = {
  historyLength: 1000,
  historyMs: 10 * 60 * 1000,
  heartbeatMs: 15 * 1000,
  maxReplayBytes: 256 * 1024,  // twice MAX_UNSENT_BYTES, below
  undrainedHeartbeats: 3,
  maxEmptyChannels: 1000,
};

/** One published message, framed and encoded once, remembered for replay. `seq`
 *  counts every message of every channel, so it grows within each channel too. */
interface Sent {
  readonly seq: number;
  readonly at: number;
  readonly frame: Buffer;
}

/** A channel: who is listening now, what was said lately, and when it was last busy. */
interface Channel {
  readonly members: Set<EventStream>;
  readonly history: Sent[];
  /** The history holds every message of this channel numbered above this. */
  completeSince: number;
  lastActive: number;
  publishedSinceTick: boolean;
  /** What was published this turn, to be written when the turn ends. */
  unsent: Buffer[];
  unsentBytes: number;
}
// #endregion channels

// #region class
/** Channels keyed by name, each holding its subscribers and its recent history. */
export class Channels {
  readonly #channels = new Map<string, Channel>();
  /** The channels without subscribers, by name, the one quiet longest first. */
  readonly #empty = new Map<string, Channel>();
  /** For each subscriber that had bytes unsent at the last heartbeat:
   *  at how many heartbeats in a row. */
  readonly #undrained = new Map<EventStream, number>();
  readonly #limits: ChannelLimits;
  /** Names this run of the server, so an id from before
   *  a restart is never mistaken for one of ours. */
  readonly #epoch = Date.now().toString(36);
  #lastSeq = 0;
  #timer: NodeJS.Timeout | undefined;
  /** Channels with messages to write at the end of this turn of the event loop. */
  readonly #unsent = new Map<string, Channel>();

  constructor(limits: Partial<ChannelLimits> = {}) {
    this.#limits = { ...CHANNEL_LIMITS, ...limits };
  }

  /** How many channels are held: those with subscribers,
   *  and those whose history is still fresh. */
  get size(): number {
    return this.#channels.size;
  }

  /** How many subscribers a channel has right now. */
  subscribers(channel: string): number {
    return this.#channels.get(channel)?.members.size ?? 0;
  }

  /** How many messages a channel keeps for replay right now. */
  remembered(channel: string): number {
    return this.#channels.get(channel)?.history.length ?? 0;
  }
  // #endregion class

  // #region subscribe
  /** Adds `subscriber` to `channel`. With the id of the last event it saw, it first
   *  gets every later message still in the history; returns how many were replayed. */
  subscribe(channel: string, subscriber: EventStream, lastEventId?: string): number {
    const joined = this.#open(channel);
    if (joined.members.has(subscriber)) return 0;
    const replayed = lastEventId === undefined
      ? 0
      : this.#replay(joined, subscriber, lastEventId);
    if (subscriber.closed) {
      if (joined.members.size === 0) this.#leftEmpty(channel, joined);
      return replayed;
    }
    // What this turn has published so far was replayed, or came before this subscriber:
    // it goes now to those who were here for it, and not again to the newcomer.
    this.#write(channel, joined);
    joined.members.add(subscriber);
    this.#empty.delete(channel);

    // An error is followed by a close, and either means the subscriber is gone: one
    // listener for both (dropping twice does nothing), and `on`, since `once` would
    // wrap it in two more objects for every one of thousands of idle streams.
    const leave = this.#leaving(channel, subscriber);
    subscriber.onClose(leave);
    return replayed;
  }

  #leaving(channel: string, subscriber: EventStream): () => void {
    return () => this.#drop(channel, subscriber);
  }
  // #endregion subscribe

  // #region publish
  /** Sends `message` to every subscriber of `channel` under a new id, and remembers it
   *  while the channel exists; returns how many subscribers it goes to. */
  publish(channel: string, message: string | Omit<ServerSentEvent, 'id'>): number {
    // A number even for a message nobody keeps: an id from before it can't be placed.
    const seq = ++this.#lastSeq;
    const target = this.#channels.get(channel);
    if (target === undefined) return 0;
    if (target.members.size === 0) this.#leftEmpty(channel, target);  // active again

    const event = typeof message === 'string' ? { data: message } : message;
    // Bytes, once: each subscriber's write then copies them as they are, where a string
    // would be turned into UTF-8 again for every one of thousands of subscribers.
    const frame = Buffer.from(formatEvent({ ...event, id: this.#idOf(seq) }));
    this.#remember(target, { seq, at: Date.now(), frame });

    if (target.members.size > 0) this.#writeLater(channel, target, frame);
    return target.members.size;
  }

  /** Keeps a frame for the end of this turn of the event loop: whatever else the turn
   *  publishes to the channel then goes to each subscriber in the same write. */
  #writeLater(name: string, channel: Channel, frame: Buffer): void {
    channel.unsent.push(frame);
    channel.unsentBytes += frame.length;
    if (channel.unsentBytes >= BATCH_BYTES) return this.#write(name, channel);
    if (this.#unsent.size === 0) setImmediate(() => this.#writeAll());
    this.#unsent.set(name, channel);
  }

  #writeAll(): void {
    for (const [name, channel] of this.#unsent) {
      // Off the list before its writes: one may publish to it again, for this turn's end.
      this.#unsent.delete(name);
      this.#write(name, channel);
    }
  }

  /** Writes what the channel published this turn to each subscriber, in one write. */
  #write(name: string, channel: Channel): void {
    if (channel.unsent.length === 0) return;
    const { unsent } = channel;
    const bytes = unsent.length === 1 ? unsent[0]! : Buffer.concat(unsent);
    channel.unsent = [];
    channel.unsentBytes = 0;
    for (const subscriber of channel.members) {
      if (!subscriber.write(bytes)) this.#drop(name, subscriber);
    }
  }
  // #endregion publish

  // #region ids
  #idOf(seq: number): string {
    return `${this.#epoch}-${seq}`;
  }

  /** The sequence number inside one of our ids, or undefined for anything else. */
  #seqOf(id: string): number | undefined {
    const match = /^([0-9a-z]+)-(0|[1-9][0-9]{0,15})$/.exec(id);
    if (match === null || match[1] !== this.#epoch) return undefined;
    const seq = Number(match[2]);
    return seq <= this.#lastSeq ? seq : undefined;
  }
  // #endregion ids

  // #region replay
  /** Writes what `subscriber` missed since `lastEventId`. When we can't tell what
   *  that was (the id is older than the history, from another run of the server, or
   *  not an id at all), or it is more than one replay may write, the subscriber is
   *  told so in an event of its own, then gets the newest messages that fit. */
  #replay(channel: Channel, subscriber: EventStream, lastEventId: string): number {
    const seen = this.#seqOf(lastEventId);
    const placed = seen !== undefined && seen >= channel.completeSince;
    const missed = placed ? firstAfter(channel.history, seen) : 0;
    const first = newestThatFit(channel.history, missed, this.#limits.maxReplayBytes);
    if (!placed || first > missed) {
      const notice = {
        event: MISSED_EVENT, id: this.#idOf(this.#lastSeq), data: lastEventId,
      };
      subscriber.write(formatEvent(notice));
    }
    let lastSent = first === 0 ? 0 : channel.history[first - 1].seq;
    // Reads the live history, not a copy: if one of these writes makes someone publish,
    // the new message lands at the end and is replayed too, in order and only once
    // (we are not a member yet, so the live publish skipped us).
    let replayed = 0;
    for (let i = firstAfter(channel.history, lastSent); i < channel.history.length; ) {
      const next = channel.history[i];
      if (!subscriber.write(next.frame)) {
        subscriber.destroy();
        break;
      }
      replayed++;
      lastSent = next.seq;
      i = firstAfter(channel.history, lastSent);
    }
    return replayed;
  }
  // #endregion replay

  // #region history
  #open(name: string): Channel {
    let channel = this.#channels.get(name);
    if (channel === undefined) {
      channel = {
        members: new Set(), history: [], completeSince: this.#lastSeq,
        lastActive: Date.now(), publishedSinceTick: false, unsent: [], unsentBytes: 0,
      };
      this.#channels.set(name, channel);
      this.#startTimer();
    }
    return channel;
  }

  #remember(channel: Channel, sent: Sent): void {
    channel.history.push(sent);
    channel.lastActive = sent.at;
    channel.publishedSinceTick = true;
    if (channel.history.length > this.#limits.historyLength) this.#forget(channel, 1);
  }

  /** Forgets the `count` oldest messages of a channel. */
  #forget(channel: Channel, count: number): void {
    if (count === 0) return;
    channel.completeSince = channel.history[count - 1].seq;
    channel.history.splice(0, count);
  }

  /** Drops expired history, and forgets empty channels nobody has used for a while. */
  #expire(now: number): void {
    const oldest = now - this.#limits.historyMs;
    for (const [name, channel] of this.#channels) {
      const fresh = channel.history.findIndex((sent) => sent.at > oldest);
      this.#forget(channel, fresh === -1 ? channel.history.length : fresh);
      if (channel.members.size === 0 && channel.lastActive <= oldest) {
        this.#channels.delete(name);
        this.#empty.delete(name);
      }
    }
    if (this.#channels.size === 0) this.#stopTimer();
  }

  /** A channel with no subscribers (left, or active again): it goes to the end of the
   *  empty ones, and past their limit the one quiet longest is forgotten. Room names
   *  come from clients, so without this, each new name would cost memory for
   *  `historyMs`. */
  #leftEmpty(name: string, channel: Channel): void {
    this.#empty.delete(name);
    this.#empty.set(name, channel);
    for (const [quietest] of this.#empty) {
      if (this.#empty.size <= this.#limits.maxEmptyChannels) break;
      this.#empty.delete(quietest);
      this.#channels.delete(quietest);
    }
  }
  // #endregion history

  // #region heartbeat
  /** One timer for every channel: each tick, quiet channels send their subscribers a
   *  comment, which keeps proxies from closing idle streams and finds dead peers. */
  #startTimer(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.#tick(), this.#limits.heartbeatMs);
    this.#timer.unref();
  }

  #stopTimer(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #tick(): void {
    for (const [name, channel] of this.#channels) {
      for (const subscriber of channel.members) {
        if (this.#stalled(subscriber)) this.#drop(name, subscriber);
        else if (!channel.publishedSinceTick && !subscriber.write(HEARTBEAT)) {
          this.#drop(name, subscriber);
        }
      }
      channel.publishedSinceTick = false;
    }
    this.#expire(Date.now());
  }

  /** Whether `subscriber` has had bytes unsent at `undrainedHeartbeats` ticks in a row.
   *  Unsent bytes wait in Node only once the kernel's buffer for the connection is
   *  full, so a subscriber whose bytes never drain has stopped reading, and every byte
   *  of both buffers is held for it. */
  #stalled(subscriber: EventStream): boolean {
    if (subscriber.unsentBytes === 0) {
      if (this.#undrained.size > 0) this.#undrained.delete(subscriber);
      return false;
    }
    const ticks = (this.#undrained.get(subscriber) ?? 0) + 1;
    this.#undrained.set(subscriber, ticks);
    return ticks >= this.#limits.undrainedHeartbeats;
  }
  // #endregion heartbeat

  // #region drop
  #drop(name: string, subscriber: EventStream): void {
    const channel = this.#channels.get(name);
    if (channel === undefined || !channel.members.delete(subscriber)) return;
    channel.lastActive = Date.now();
    this.#undrained.delete(subscriber);
    if (channel.members.size === 0) this.#leftEmpty(name, channel);
    subscriber.destroy();
  }

  /** Stops the heartbeat and ends every stream; browsers reconnect, as after any drop. */
  close(): void {
    this.#writeAll();
    this.#stopTimer();
    for (const channel of this.#channels.values()) {
      for (const subscriber of channel.members) subscriber.close();
    }
    this.#channels.clear();
    this.#empty.clear();
    this.#undrained.clear();
  }
}
// #endregion drop

// #region helpers
/** A subscriber this far behind is not reading;
 *  keeping it would let it eat our memory. */
export const MAX_UNSENT_BYTES = 128 * 1024;

/** Once this much waits for the end of the turn, it is written at once: a bigger write
 *  saves nothing more, and each subscriber would owe it all. */
const BATCH_BYTES = 64 * 1024;

/** Sent before a replay whose starting point we don't know;
 *  its data is the id we were given. */
export const MISSED_EVENT = 'missed';

/** An SSE comment: the browser ignores it, the connection sees traffic. */
const HEARTBEAT = Buffer.from(formatComment('heartbeat'));

/** Where the newest messages of `history` from index `first` on that fit in `maxBytes`
 *  begin: `first` itself when all of them fit. */
function newestThatFit(
  history: readonly Sent[], first: number, maxBytes: number,
): number {
  let bytes = 0;
  for (let i = history.length - 1; i >= first; i--) {
    bytes += history[i].frame.length;
    if (bytes > maxBytes) return i + 1;
  }
  return first;
}

/** The index of the first message numbered above `seq` in a history ordered by number. */
function firstAfter(history: readonly Sent[], seq: number): number {
  let [low, high] = [0, history.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (history[middle].seq <= seq) low = middle + 1;
    else high = middle;
  }
  return low;
}
// #endregion helpers

// #region demo-stream
/** We have no HTTP parser yet (that comes later), so the demo answers every
 *  connection with a stream. The body ends only when the connection does, and
 *  the head says so: `Connection: close`. */
const STREAM_HEAD =
  'HTTP/1.1 200 OK\r\n' +
  'Content-Type: text/event-stream; charset=utf-8\r\n' +
  'Cache-Control: no-cache, no-store, must-revalidate\r\n' +
  'Connection: close\r\n' +
  '\r\n';

function serveTicks(channels: Channels): ReturnType<typeof createServer> {
  return createServer((socket: Socket) => {
    socket.on('error', () => socket.destroy());
    socket.once('data', () => {
      socket.write(STREAM_HEAD);
      channels.subscribe('ticks', new EventStream(socket));
    });
  });
}
// #endregion demo-stream

// #region demo-main
async function main(): Promise<void> {
  const channels = new Channels();
  const server = serveTicks(channels);
  const port = portFromEnv(4001);
  let tick = 0;
  const clock = setInterval(() => {
    tick++;
    const data = `tick ${tick}\n${new Date().toISOString()}`;
    channels.publish('ticks', { event: 'tick', data });
  }, 1000);
  const close = closer(server); // hangs up on every open stream
  const stop = () => {
    clearInterval(clock);
    return close();
  };
  const actual = await serve('pubsub', server, port, stop);
  console.log('Publishing a tick every second. Watch it with:\n' +
    `  curl -N http://${HOST}:${actual}/`);
}

if (process.argv[1] === import.meta.filename) void main();
// #endregion demo-main
