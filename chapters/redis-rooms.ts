// Rooms on Redis: one stream per room holds the ids, the order and the history; a pub/sub
// "doorbell" wakes every process that has listeners in the room. This is the only module
// of House that loads a library (ioredis), and only when REDIS_URL asks for it.

// #region imports
import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { Rooms } from './chat.ts';
import {
  CHANNEL_LIMITS, MISSED_EVENT, formatComment, formatEvent,
  type ChannelLimits, type EventStream, type ServerSentEvent,
} from './pubsub.ts';
import { HttpError } from './routing.ts';
// #endregion imports

// #region keys
/** Where a room lives in Redis. Keys and pub/sub channels are separate namespaces,
 *  so the stream and its doorbell may share a name. A room's name may hold any character,
 *  so each kind of key has a prefix of its own:
 *  no name can make one room's key another's. */
const streamKey = (room: string) => `house:room:${room}`;
const listenersKey = (room: string) => `house:listeners:${room}`;
const doorbell = streamKey;
const ROOM_OF_DOORBELL = /^house:room:(.*)$/s;
// #endregion keys

// #region ids
/** A Redis stream id, `<milliseconds>-<sequence>`: the event id on every process. */
const STREAM_ID = /^(0|[1-9][0-9]{0,15})-(0|[1-9][0-9]{0,15})$/;
const NOTHING_YET = '0-0';

/** Compares two stream ids by time, then by sequence;
 *  ids that aren't stream ids sort first. */
function compareIds(a: string, b: string): number {
  const [x, y] = [STREAM_ID.exec(a), STREAM_ID.exec(b)];
  if (x === null || y === null) return x === null ? (y === null ? 0 : -1) : 1;
  return Number(x[1]) - Number(y[1]) || Number(x[2]) - Number(y[2]);
}
// #endregion ids

// #region options
export interface RedisRoomsOptions extends ChannelLimits {
  /** A Redis command slower than this fails,
   *  so a slow Redis never keeps a request waiting. */
  commandTimeoutMs: number;
}

export const REDIS_ROOMS: RedisRoomsOptions = {
  ...CHANNEL_LIMITS,
  commandTimeoutMs: 2_000,
};

/** Both connections fail at once instead of queueing while Redis is away,
 *  and reconnect by themselves. */
function connectionOptions(commandTimeoutMs: number): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: commandTimeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  };
}
// #endregion options

// #region connect
/** Connects to the Redis at `url`, or fails with an error that names REDIS_URL. */
export async function connectRedisRooms(
  url: string, options: Partial<RedisRoomsOptions> = {},
): Promise<RedisRooms> {
  const settings = { ...REDIS_ROOMS, ...options };
  if (!/^rediss?:\/\/[^\s]+$/.test(url)) {
    const got = JSON.stringify(url);
    throw new Error(`REDIS_URL must look like redis://127.0.0.1:6379, got ${got}`);
  }
  const commands = new Redis(url, connectionOptions(settings.commandTimeoutMs));
  const bell = new Redis(url, connectionOptions(settings.commandTimeoutMs));
  let lastError = 'no answer';
  for (const client of [commands, bell]) {
    client.on('error', (error: Error) => (lastError = error.message));
  }
  try {
    await Promise.all([commands.connect(), bell.connect()]);
    // A database the URL names but Redis lacks fails only in the background:
    // ask for it here.
    await commands.select(commands.options.db ?? 0);
  } catch (error) {
    commands.disconnect();
    bell.disconnect();
    const why = error instanceof Error && /^ERR /.test(error.message)
      ? error.message
      : lastError;
    throw new Error(`cannot reach Redis at REDIS_URL=${withoutPassword(url)} (${why})`);
  }
  return new RedisRooms(commands, bell, settings);
}

/** The URL as it may be printed: a password in it becomes `***`. */
function withoutPassword(url: string): string {
  return url.replace(/^(rediss?:\/\/[^:@/]*:)[^@/]*@/, '$1***@');
}
// #endregion connect

// #region room
/** One room as this process sees it: its local listeners, each with the id of the last
 *  event it was sent, and how far this process has read the room's stream. */
interface Room {
  readonly name: string;
  readonly members: Map<EventStream, Member>;
  /** Subscribers on their way in: while there are any, the room is not forgotten. */
  joining: number;
  /** Every entry up to this id has been delivered to every member. */
  cursor: string;
  /** Settles once the doorbell is subscribed and the cursor set;
   *  every task waits for it. */
  opened: Promise<void>;
  /** Tasks on a room run one at a time, in order:
   *  each subscribe, each read, the closing. */
  queue: Promise<unknown>;
  readQueued: boolean;
  publishedSinceTick: boolean;
}

/** A local listener: the id of the last event it was sent, and at how many heartbeats in
 *  a row it had bytes unsent (the pubsub chapter's `undrainedHeartbeats`). */
interface Member {
  lastSent: string;
  undrained: number;
}

const HEARTBEAT = formatComment('heartbeat');
/** A process's count of listeners in a room holds for this many heartbeats;
 *  it renews it every one. */
const LEASE_HEARTBEATS = 3;
/** How many entries one read asks for; a longer backlog takes several reads. */
const READ_BATCH = 500;
// #endregion room

// #region class
/** Rooms kept in Redis, shared by every process connected to it. */
export class RedisRooms implements Rooms {
  readonly #rooms = new Map<string, Room>();
  /** Names this process in each room's listener count. */
  readonly #process = randomUUID();
  readonly #timer: NodeJS.Timeout;
  #down = false;

  constructor(
    private readonly commands: Redis,
    private readonly bell: Redis,
    private readonly settings: RedisRoomsOptions,
  ) {
    bell.on('message', (channel: string) => this.#ring(channel));
    // After an outage: read on from each room's cursor (nothing twice), recount our
    // listeners. (The PING answers after the doorbells are subscribed again, so no
    // ring falls in between.)
    bell.on('ready', () => void bell.ping().then(() => this.#readAll(), () => {}));
    commands.on('ready', () => {
      this.#readAll();
      for (const room of this.#rooms.values()) this.#count(room);
    });
    for (const client of [commands, bell]) {
      client.on('error', (error: Error) => this.#lost(error));
      client.on('ready', () => this.#back());
    }
    this.#timer = setInterval(() => this.#heartbeat(), settings.heartbeatMs);
    this.#timer.unref();
  }

  /** How many listeners this process has in a room right now. */
  subscribers(room: string): number {
    return this.#rooms.get(room)?.members.size ?? 0;
  }
  // #endregion class

  // #region publish
  /** Appends the message to the room's stream, bounded in length and in time, and
   *  rings the room's doorbell, in one transaction. Resolves with how many listeners
   *  the room has on every process whose lease still holds; rejects with a 503 when
   *  Redis can't take it. */
  async publish(
    room: string, message: string | Omit<ServerSentEvent, 'id'>,
  ): Promise<number> {
    const event = typeof message === 'string' ? { data: message } : message;
    formatEvent(event);  // a message that can't be framed is refused here, before Redis
    const key = streamKey(room);
    const { historyLength, historyMs } = this.settings;
    const replies = await this.commands.multi()
      .xadd(key, 'MAXLEN', String(historyLength), '*', ...fieldsOf(event))
      .pexpire(key, historyMs)
      .hgetall(listenersKey(room))
      .publish(doorbell(room), '')
      .exec()
      .catch((error: Error) => { throw unavailable(error); });
    const failed = replies?.find(([error]) => error !== null);
    if (replies === null || failed !== undefined) {
      throw unavailable(failed?.[0] ?? new Error('transaction aborted'));
    }
    return this.#listeners(room, replies[2][1] as Record<string, string>);
  }

  /** Adds up the counts whose lease holds,
   *  and clears away those of processes that stopped renewing. */
  #listeners(room: string, leases: Record<string, string>): number {
    const now = Date.now();
    let sum = 0;
    const lapsed: string[] = [];
    for (const [owner, lease] of Object.entries(leases)) {
      const [count, until] = lease.split(' ').map(Number);
      if (until > now) sum += count;
      else lapsed.push(owner);
    }
    if (lapsed.length > 0) {
      this.commands.hdel(listenersKey(room), ...lapsed).catch(() => {});
    }
    return sum;
  }
  // #endregion publish

  // #region read
  /** The doorbell of a room rang:
   *  read what is new, unless a read is already waiting its turn. */
  #ring(channel: string): void {
    const name = ROOM_OF_DOORBELL.exec(channel)?.[1];
    const room = name === undefined ? undefined : this.#rooms.get(name);
    if (room !== undefined) this.#read(room);
  }

  #readAll(): void {
    for (const room of this.#rooms.values()) this.#read(room);
  }

  #read(room: Room): void {
    if (room.readQueued) return;
    room.readQueued = true;
    void this.#enqueue(room, async () => {
      room.readQueued = false;
      let full: boolean;
      do {
        // From the cursor's own entry:
        // while it is still there, nothing after it was trimmed away.
        const entries = await this.commands.xrange(
          streamKey(room.name), room.cursor, '+', 'COUNT', READ_BATCH + 1);
        full = entries.length === READ_BATCH + 1;
        if (entries[0]?.[0] === room.cursor) {
          entries.shift();
        } else if (room.cursor !== NOTHING_YET && entries.length > 0) {
          await this.#gap(room, entries[0][0]);
        }
        this.#fanOut(room, entries);
      } while (full);
    }).catch(() => {});  // Redis went away mid-read: 'ready' reads on from the cursor
  }

  /** The cursor's entry is gone, and `first` is the oldest one left. If the stream has
   *  been trimmed (more entries added than it holds), this process fell `historyLength`
   *  entries behind, and some it never read may have gone: each member that had not
   *  reached `first` gets a `missed` notice. A stream that expired, or a Redis that
   *  restarted, starts anew untrimmed, and lost nothing unread. */
  async #gap(room: Room, first: string): Promise<void> {
    const info = await this.commands.xinfo('STREAM', streamKey(room.name))
      .catch(() => []) as unknown[];
    const field = (name: string) => Number(info[info.indexOf(name) + 1]);
    // (Redis before 7 doesn't say: nothing said)
    if (!(field('entries-added') > field('length'))) return;
    for (const [subscriber, member] of room.members) {
      if (compareIds(first, member.lastSent) <= 0) continue;
      const notice =
        formatEvent({ event: MISSED_EVENT, id: room.cursor, data: member.lastSent });
      if (!subscriber.write(notice)) this.#drop(room, subscriber);
    }
  }

  /** Sends what one read brought to every member, in one write each: the entries it
   *  hasn't had. Then moves the cursor past them. */
  #fanOut(room: Room, entries: [id: string, fields: string[]][]): void {
    const last = entries.at(-1)?.[0];
    if (last === undefined) return;
    const frames = entries.map(([id, fields]) =>
      Buffer.from(formatEvent({ ...eventOf(fields), id })));
    const all = frames.length === 1 ? frames[0]! : Buffer.concat(frames);
    for (const [subscriber, member] of room.members) {
      const first = entries.findIndex(([id]) => compareIds(id, member.lastSent) > 0);
      if (first === -1) continue;
      const bytes = first === 0 ? all : Buffer.concat(frames.slice(first));
      if (subscriber.write(bytes)) member.lastSent = last;
      else this.#drop(room, subscriber);
    }
    room.cursor = last;
    room.publishedSinceTick = true;
  }
  // #endregion read

  // #region open
  /** The local room, opened on first use: ring its doorbell for us, then start reading
   *  from the stream's newest entry
   *  (the read right after catches anything that slipped in). */
  #open(name: string): Room {
    const existing = this.#rooms.get(name);
    if (existing !== undefined) return existing;
    const room: Room = {
      name, members: new Map(), joining: 0, cursor: NOTHING_YET,
      opened: Promise.resolve(), queue: Promise.resolve(),
      readQueued: false, publishedSinceTick: false,
    };
    this.#rooms.set(name, room);
    room.opened = this.#ready()
      ? (async () => {
        await this.bell.subscribe(doorbell(name));
        const [newest] =
          await this.commands.xrevrange(streamKey(name), '+', '-', 'COUNT', 1);
        room.cursor = newest?.[0] ?? NOTHING_YET;
      })()
      : Promise.reject(new Error('Redis is reconnecting'));
    // Redis away: every task on this room fails, and the next subscriber opens it afresh.
    room.opened.catch(() => {
      if (this.#rooms.get(name) === room) this.#rooms.delete(name);
    });
    this.#read(room);
    return room;
  }

  /** Whether both connections have finished connecting. While one is still shaking hands,
   *  ioredis sends a SUBSCRIBE at once (no other command), and then the handshake fails:
   *  it reconnects and subscribes again only to the doorbells it had before. The room
   *  would wait for a doorbell that never rings, so it is not opened until then. */
  #ready(): boolean {
    return this.bell.status === 'ready' && this.commands.status === 'ready';
  }

  #enqueue<T>(room: Room, task: () => Promise<T>): Promise<T> {
    const run = room.queue.then(() => room.opened).then(task);
    room.queue = run.catch(() => {});
    return run;
  }
  // #endregion open

  // #region subscribe
  /** Adds a local listener. It first gets what it missed since `lastEventId`, read from
   *  the room's stream, so the id may come from any process. Never rejects: if Redis is
   *  away, the stream ends and the browser comes back with its Last-Event-ID a second
   *  later. A room whose subscriber never joined (it left first, or Redis was away) is
   *  forgotten as if it had left. */
  subscribe(
    name: string, subscriber: EventStream, lastEventId?: string,
  ): Promise<number> {
    const room = this.#open(name);
    room.joining++;
    return this.#enqueue(room, async () => {
      if (subscriber.closed || room.members.has(subscriber)) return 0;
      const { replayed, lastSent } = await this.#replay(room, subscriber, lastEventId);
      if (subscriber.closed) return replayed;
      room.members.set(subscriber, { lastSent, undrained: 0 });
      this.#count(room);
      const leave = () => this.#drop(room, subscriber);
      subscriber.onClose(leave);
      return replayed;
    }).catch(() => {
      subscriber.close();
      return 0;
    }).finally(() => {
      room.joining--;
      this.#forgetIfEmpty(room);
    });
  }
  // #endregion subscribe

  // #region replay
  /** Sends what the subscriber missed, up to this room's cursor (later entries come
   *  with the next read, to every member at once). An id we can't place (trimmed,
   *  expired, lost in a Redis restart, or no stream id at all), or more missed than
   *  one replay may write (`maxReplayBytes`), gets a `missed` notice, then the newest
   *  entries that fit. */
  async #replay(
    room: Room, subscriber: EventStream, lastEventId?: string,
  ): Promise<{ replayed: number; lastSent: string }> {
    if (lastEventId === undefined) return { replayed: 0, lastSent: room.cursor };
    const key = streamKey(room.name);
    const known = await this.#knows(room, lastEventId);
    if (known && compareIds(lastEventId, room.cursor) >= 0) {
      return { replayed: 0, lastSent: lastEventId };
    }
    const from = known ? `(${lastEventId}` : '-';
    const entries = await this.commands.xrange(key, from, room.cursor);
    const frames = entries.map(([id, fields]) => formatEvent({ ...eventOf(fields), id }));
    const fitting = newestThatFit(frames, this.settings.maxReplayBytes);
    if (!known || fitting.length < frames.length) {
      const notice = { event: MISSED_EVENT, id: room.cursor, data: lastEventId };
      subscriber.write(formatEvent(notice));
    }
    let replayed = 0;
    for (const frame of fitting) {
      if (!subscriber.write(frame)) {
        subscriber.destroy();
        break;
      }
      replayed++;
    }
    return { replayed, lastSent: room.cursor };
  }

  /** Whether everything after `id` is still in the room's stream. It is when the
   *  entry itself is (a stream is trimmed only from the front); when the id is past
   *  what this process has read; and for `0-0`, the id of a notice sent while the
   *  room had no history. */
  async #knows(room: Room, id: string): Promise<boolean> {
    if (!STREAM_ID.test(id)) return false;
    if (id === NOTHING_YET) return true;
    if (room.cursor !== NOTHING_YET && compareIds(id, room.cursor) >= 0) return true;
    return (await this.commands.xrange(streamKey(room.name), id, id)).length > 0;
  }
  // #endregion replay

  // #region drop
  #drop(room: Room, subscriber: EventStream): void {
    if (!room.members.delete(subscriber)) return;
    subscriber.destroy();
    this.#count(room);
    this.#forgetIfEmpty(room);
  }

  /** A room with no local listeners left is forgotten here,
   *  and its doorbell no longer rings for us. */
  #forgetIfEmpty(room: Room): void {
    const inUse = () => room.members.size > 0 || room.joining > 0;
    if (inUse()) return;
    void this.#enqueue(room, async () => {
      if (inUse() || this.#rooms.get(room.name) !== room) return;
      this.#rooms.delete(room.name);
      await this.bell.unsubscribe(doorbell(room.name));
    }).catch(() => {});
  }

  /** Tells Redis how many listeners this process has in the room, as a lease: the
   *  count and the time it runs out. Renewed every heartbeat; the hash expires when
   *  no process renews it. */
  #count(room: Room): void {
    const key = listenersKey(room.name);
    const size = room.members.size;
    const leaseMs = LEASE_HEARTBEATS * this.settings.heartbeatMs;
    const update = size === 0
      ? this.commands.hdel(key, this.#process)
      : this.commands.multi()
        .hset(key, this.#process, `${size} ${Date.now() + leaseMs}`)
        .pexpire(key, leaseMs)
        .exec();
    update.catch(() => {});  // Redis away: counted again when it is back
  }
  // #endregion drop

  // #region faults
  #lost(error: Error): void {
    if (this.#down) return;
    this.#down = true;
    console.error(`house: lost Redis (${error.message}); ` +
      'posts answer 503, streams stay open, retrying');
  }

  #back(): void {
    if (!this.#down) return;
    this.#down = false;
    console.error('house: Redis is back; delivery resumes');
  }

  /** Renews the leases, sends quiet rooms a heartbeat, and drops a listener that still
   *  had bytes unsent at `undrainedHeartbeats` heartbeats in a row, as Channels does. */
  #heartbeat(): void {
    for (const room of this.#rooms.values()) {
      if (room.members.size > 0) this.#count(room);  // renew the lease
      for (const [subscriber, member] of room.members) {
        const drained = subscriber.unsentBytes === 0;
        member.undrained = drained ? 0 : member.undrained + 1;
        if (member.undrained >= this.settings.undrainedHeartbeats) {
          this.#drop(room, subscriber);
        } else if (!room.publishedSinceTick && !subscriber.write(HEARTBEAT)) {
          this.#drop(room, subscriber);
        }
      }
      room.publishedSinceTick = false;
    }
  }

  /** Ends every local stream (browsers reconnect, maybe to another process), takes this
   *  process's counts out of Redis, and hangs up. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    const rooms = [...this.#rooms.values()];
    this.#rooms.clear();
    for (const room of rooms) {
      const members = [...room.members.keys()];
      room.members.clear();  // so that their closing counts nothing again
      for (const subscriber of members) subscriber.close();
    }
    await Promise.all(rooms.map((room) =>
      this.commands.hdel(listenersKey(room.name), this.#process).catch(() => {})));
    await Promise.all([this.commands, this.bell].map((client) =>
      client.quit().catch(() => client.disconnect())));
  }
}
// #endregion faults

// #region fields
/** An event as a stream entry's field-value pairs, and back.
 *  The id is the entry's own. */
function fieldsOf({ data, event, retry }: Omit<ServerSentEvent, 'id'>): string[] {
  const fields = ['data', data];
  if (event !== undefined) fields.push('event', event);
  if (retry !== undefined) fields.push('retry', String(retry));
  return fields;
}

function eventOf(fields: string[]): Omit<ServerSentEvent, 'id'> {
  const entry = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) entry.set(fields[i], fields[i + 1]);
  const [event, retry] = [entry.get('event'), entry.get('retry')];
  return {
    data: entry.get('data') ?? '',
    ...(event !== undefined && { event }),
    ...(retry !== undefined && { retry: Number(retry) }),
  };
}

/** The newest of `frames` whose bytes add up to at most `maxBytes`, in order. */
function newestThatFit(frames: readonly string[], maxBytes: number): readonly string[] {
  let first = frames.length;
  let bytes = 0;
  while (first > 0 && bytes + Buffer.byteLength(frames[first - 1]) <= maxBytes) {
    bytes += Buffer.byteLength(frames[--first]);
  }
  return frames.slice(first);
}

function unavailable(cause: Error): HttpError {
  console.error(`house: a post could not reach Redis: ${cause.message}`);
  const message = 'the chat cannot take messages right now (it cannot reach Redis); ' +
    'try again in a moment';
  return new HttpError(503, message, { 'Retry-After': '1' });
}
// #endregion fields
