// Rooms on Redis: two House processes and one real redis-server (no mocks), driven over real sockets.
import { connect, createServer, type Socket } from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { roomsFromEnv } from '../chapters/processes.ts';
import { Channels, formatEvent } from '../chapters/pubsub.ts';
import { connectRedisRooms } from '../chapters/redis-rooms.ts';
import {
  bodyOf, eventsOf, exchange, formPost, freePort, httpRequest, openSocket, parseResponse, record, runChapter, statusOf, subscribeEvents,
  waitableLog, type RunningProgram,
} from './helpers.ts';
import { redisMissing, startRedisServer, type RedisServer } from './redis-server.ts';

const missing = redisMissing();
if (missing !== undefined) {
  // On CI a missing redis-server is a broken machine, not a reason to skip.
  if (process.env.CI === 'true') throw new Error(missing);
  console.warn(`skipping the Redis tests: ${missing}`);
}

/** A subscriber of one room on one process, as a browser's EventSource would hear it. */
async function listen(port: number, room: string, lastEventId?: string) {
  const headers: Record<string, string> = lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId };
  const { socket, events } = await subscribeEvents(port, `/source?room=${room}`, headers);
  await events.until(events.items.length + 1);
  const all = () => events.items;
  const messages = () => all().filter((e) => e.event === undefined);
  return {
    socket, all, messages,
    /** Resolves once `count` events of any kind have arrived. */
    until: (count: number) => events.until(count),
    texts: () => messages().map((e) => JSON.parse(e.data).message as string),
    ids: () => messages().map((e) => e.id),
    /** Resolves once `count` chat messages (not `joined` or `missed`) have arrived. */
    async heard(count: number) {
      while (messages().length < count) await events.until(all().length + 1);
      return messages().slice(0, count);
    },
  };
}

function post(port: number, room: string, message: string, name = 'Ada'): Promise<string> {
  const form = new URLSearchParams({ room, name, message }).toString();
  return exchange(port, formPost('/send-message', form));
}

function startHouse(redis: RedisServer): RunningProgram {
  return runChapter('processes', { PORT: '0', REDIS_URL: redis.url }, ['serve']);
}

async function portOf(house: RunningProgram): Promise<number> {
  return Number((await house.waitFor(/House chat on http:\/\/127\.0\.0\.1:(\d+)\//))[1]);
}

/** A new connection through the relay, whose bytes wait in the relay until `release`. */
interface HeldConnection {
  /** Resolves once the client has sent something matching `pattern` (read as Latin-1). */
  sent(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Connects it to Redis, sends what it held, and relays both ways from then on. */
  release(): void;
}

/** A TCP relay in front of a redis-server that can hold the next connection made through it, so a test
 *  can act while a client is connected but has had no answer yet (ioredis's `connect` state). */
async function startRelay(redis: RedisServer) {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const relay = (client: Socket, held: Buffer[]) => {
    const upstream = connect(redis.port, '127.0.0.1');
    track(upstream);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.write(Buffer.concat(held));
    client.pipe(upstream);
    upstream.pipe(client);
  };
  let holdNext: ((connection: HeldConnection) => void) | undefined;
  const server = createServer((client) => {
    track(client);
    const hold = holdNext;
    holdNext = undefined;
    if (hold === undefined) return relay(client, []);
    const held: Buffer[] = [];
    const log = waitableLog('what the held connection sent');
    const keep = (chunk: Buffer) => {
      held.push(chunk);
      log.log(chunk.toString('latin1'));
    };
    client.on('data', keep);
    hold({
      sent: (pattern) => log.waitFor(pattern),
      release: () => {
        client.off('data', keep);
        relay(client, held);
      },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    /** Resolves with the next connection made through the relay, held. */
    holdNext: () => new Promise<HeldConnection>((resolve) => (holdNext = resolve)),
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

describe('the default, without REDIS_URL', () => {
  it('keeps the rooms in the process, and no chapter but redis-rooms.ts imports a package', async () => {
    expect(await roomsFromEnv({})).toBeInstanceOf(Channels);
    const packages = readdirSync(new URL('../chapters/', import.meta.url)).filter((file) => file.endsWith('.ts')).flatMap((file) => {
      const source = readFileSync(new URL(`../chapters/${file}`, import.meta.url), 'utf8');
      const imported = [...source.matchAll(/^import [^;]*? from '([^']+)';$/gms)].map((match) => match[1]);
      return imported.filter((name) => !name.startsWith('./') && !name.startsWith('node:')).map((name) => `${file}: ${name}`);
    });
    expect(packages).toEqual(['redis-rooms.ts: ioredis']);
    expect(readFileSync(new URL('../chapters/processes.ts', import.meta.url), 'utf8')).toContain("await import('./redis-rooms.ts')");
  });

  it('refuses a REDIS_URL that is not a redis:// URL, before trying to connect', async () => {
    await expect(roomsFromEnv({ REDIS_URL: 'localhost:6379' })).rejects.toThrow('REDIS_URL must look like redis://127.0.0.1:6379, got "localhost:6379"');
  });

  it('refuses a ROOM_HISTORY_MS that is not a whole number of milliseconds', async () => {
    await expect(roomsFromEnv({ ROOM_HISTORY_MS: '10 minutes' })).rejects.toThrow('ROOM_HISTORY_MS must be a whole number of milliseconds, got "10 minutes"');
  });
});

describe.skipIf(missing !== undefined)('rooms on Redis, two House processes', () => {
  let redis: RedisServer;
  let houses: RunningProgram[] = [];
  let a: number;
  let b: number;
  let inspect: Redis;

  beforeAll(async () => {
    redis = await startRedisServer();
    houses = [startHouse(redis), startHouse(redis)];
    [a, b] = await Promise.all(houses.map(portOf));
    inspect = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    inspect.on('error', () => {});  // it reconnects by itself after the outage test
    await inspect.connect();
  });
  afterAll(async () => {
    inspect?.disconnect();
    await Promise.all(houses.map((house) => house.stop('SIGTERM')));
    await redis?.stop();
  });

  it('delivers posts to either process to every subscriber on both, in one order, with one id each', async () => {
    const listeners = [await listen(a, 'lobby'), await listen(a, 'lobby'), await listen(b, 'lobby')];
    const said = ['one m', 'two m', 'three', 'four m', 'five m', 'six m'];
    for (const [i, message] of said.entries()) {
      expect(bodyOf(await post(i % 2 === 0 ? a : b, 'lobby', message))).toBe('sent to 3 listeners\n');
    }
    for (const listener of listeners) await listener.heard(said.length);
    for (const listener of listeners) expect(listener.texts()).toEqual(said);
    const ids = listeners[0].ids();
    expect(new Set(ids).size).toBe(said.length);
    for (const listener of listeners) expect(listener.ids()).toEqual(ids);
    expect(ids[0]).toMatch(/^\d+-\d+$/);
  });

  it('agrees on one order and one id per message when posts race to both processes at once', async () => {
    const listeners = [await listen(a, 'race'), await listen(b, 'race'), await listen(b, 'race')];
    const said = Array.from({ length: 20 }, (_, i) => `race ${i + 1}`);
    const answers = await Promise.all(said.map((message, i) => post(i % 2 === 0 ? a : b, 'race', message)));
    for (const answer of answers) expect(statusOf(answer)).toBe(200);
    for (const listener of listeners) await listener.heard(said.length);
    const stored = await inspect.xrange('house:room:race', '-', '+');  // the one order: the stream's
    for (const listener of listeners) {
      expect(listener.ids()).toEqual(stored.map(([id]) => id));
      expect(listener.texts()).toEqual(stored.map(([, fields]) => JSON.parse(fields[1]).message));
    }
    expect(listeners[0].texts().toSorted()).toEqual(said.toSorted());
  });

  it('replays exactly what was missed, once and in order, while posts keep racing in to both processes', async () => {
    const ada = await listen(a, 'busy');
    await post(b, 'busy', 'seen before');
    const [last] = await ada.heard(1);
    ada.socket.destroy();
    for (let i = 1; i <= 5; i++) await post(i % 2 === 0 ? a : b, 'busy', `missed ${i}`);

    // Back on the other process, which has no listener in the room yet, while ten more posts race in.
    const racing = Promise.all(Array.from({ length: 10 }, (_, i) => post(i % 2 === 0 ? a : b, 'busy', `racing ${i + 1}`)));
    const back = await listen(b, 'busy', last.id);
    await racing;
    await back.heard(15);
    await post(a, 'busy', 'after the race');
    await back.heard(16);
    const stored = await inspect.xrange('house:room:busy', `(${last.id}`, '+');
    expect(back.ids()).toEqual(stored.map(([id]) => id));
    expect(back.texts()).toEqual(stored.map(([, fields]) => JSON.parse(fields[1]).message));
    expect(back.all().filter((e) => e.event === 'missed')).toEqual([]);
  });

  it('replays what a subscriber missed when it comes back to the other process with its Last-Event-ID', async () => {
    const ada = await listen(a, 'replay');
    await post(a, 'replay', 'before 1');
    await post(b, 'replay', 'before 2');
    const [, last] = await ada.heard(2);
    ada.socket.destroy();
    await post(a, 'replay', 'while away 1');
    await post(b, 'replay', 'while away 2');

    const back = await listen(b, 'replay', last.id);  // resolves on its first event
    await back.until(3);
    expect(back.texts()).toEqual(['while away 1', 'while away 2']);
    expect(back.all().map((e) => e.event ?? 'message')).toEqual(['message', 'message', 'joined']);
    await post(a, 'replay', 'live again');
    await back.heard(3);
    expect(back.texts()).toEqual(['while away 1', 'while away 2', 'live again']);

    // An id that names nothing in the history: the subscriber is told, then gets all of it.
    const lost = await listen(a, 'replay', '12-0');
    await lost.heard(5);
    expect(lost.all()[0]).toMatchObject({ event: 'missed', data: '12-0' });
    expect(lost.texts()).toEqual(['before 1', 'before 2', 'while away 1', 'while away 2', 'live again']);
  });

  it('answers 503 while Redis is away, keeps streams open, and resumes by itself, delivering each message once', async () => {
    const listeners = [await listen(a, 'faults'), await listen(b, 'faults')];
    await post(a, 'faults', 'before the outage');
    for (const listener of listeners) await listener.heard(1);

    // A room nobody listens to: its history is lost with Redis's memory.
    await post(a, 'amnesia', 'said before the outage');
    const [[beforeId]] = await inspect.xrange('house:room:amnesia', '-', '+');

    await redis.kill();
    onTestFinished(async () => { if (!redis.alive()) await redis.restart(); });  // for the tests after this one
    const refused = parseResponse(await post(b, 'faults', 'while Redis is away'));
    expect(refused.status).toBe(503);
    expect(refused.body).toContain('cannot reach Redis');
    expect(refused.headers['retry-after']).toBe('1');
    // Bad input is refused first, without asking Redis.
    expect(parseResponse(await post(a, 'faults', 'tiny')).status).toBe(400);
    for (const listener of listeners) expect(listener.socket.closed).toBe(false);
    // A stream that needs Redis to join (a room new to this process) ends, so the browser comes back later.
    const socket = await openSocket(a);
    onTestFinished(() => { socket.destroy(); });
    const early = record(socket);
    socket.write(httpRequest('GET', '/source?room=newcomers'));
    await early.closed;
    expect(early.text()).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(early.text()).not.toContain('event: joined');
    // So does one that needs Redis to replay: a Last-Event-ID older than what this process has sent...
    const seenId = String(listeners[0].ids()[0]);
    const older = `${Number(seenId.split('-')[0]) - 1}-0`;
    const replaying = await openSocket(a);
    onTestFinished(() => { replaying.destroy(); });
    const late = record(replaying);
    replaying.write(httpRequest('GET', '/source?room=faults', { headers: { 'Last-Event-ID': older } }));
    await late.closed;
    expect(late.text()).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(late.text()).not.toContain('event: joined');
    // ...but one this process has sent everything up to joins without asking Redis.
    const caughtUp = await listen(a, 'faults', seenId);
    expect(caughtUp.all().map((e) => e.event)).toEqual(['joined']);

    await redis.restart();
    const delivered: string[] = ['before the outage'];
    await expect.poll(async () => {
      const message = `after the outage ${delivered.length}`;
      const status = parseResponse(await post(a, 'faults', message)).status;
      if (status === 200) delivered.push(message);
      return status;
    }).toBe(200);
    for (const message of ['and then one', 'and then two']) {
      expect(parseResponse(await post(b, 'faults', message)).status).toBe(200);
      delivered.push(message);
    }
    for (const listener of listeners) {
      await listener.heard(delivered.length);
      expect(listener.texts()).toEqual(delivered);
      expect(new Set(listener.ids()).size).toBe(delivered.length);
    }
    await caughtUp.heard(delivered.length - 1);
    expect(caughtUp.texts()).toEqual(delivered.slice(1));
    // An id from before the restart that Redis no longer has: the browser is told it missed something.
    const amnesiac = await listen(b, 'amnesia', beforeId);
    expect(amnesiac.all()[0]).toMatchObject({ event: 'missed', data: beforeId });
    await inspect.ping();  // the test's own connection is back too, for the tests after this one
  });

  it('answers 503 after the command timeout when Redis hangs, and serves other requests meanwhile', async () => {
    redis.pause();
    try {
      let postAnswered = false;
      const slowPost = post(a, 'lobby', 'into a frozen Redis').finally(() => (postAnswered = true));
      const page = await exchange(a, httpRequest('GET', '/'));
      expect(statusOf(page)).toBe(200);
      expect(postAnswered).toBe(false);  // the post still waits on Redis, and blocks nothing
      expect(statusOf(await slowPost)).toBe(503);
    } finally {
      redis.resume();
    }
    await expect.poll(async () => statusOf(await post(a, 'lobby', 'thawed again'))).toBe(200);
  });

  it('refuses at once a subscriber who would open a room while the doorbell connection is still shaking hands, and takes it when it comes back', async () => {
    // A Redis of its own, so that killing the doorbell connections here touches no other test's.
    const own = await startRedisServer();
    onTestFinished(() => own.stop());
    const relay = await startRelay(own);
    onTestFinished(() => relay.close());
    const rooms = await connectRedisRooms(relay.url);
    onTestFinished(() => rooms.close());
    const other = await connectRedisRooms(own.url);  // another process, which only posts
    onTestFinished(() => other.close());
    const before = new PassThrough();  // the doorbell connection is subscribed to a room already
    onTestFinished(() => { before.destroy(); });
    let heardBefore = '';
    before.on('data', (chunk: Buffer) => (heardBefore += chunk));
    await rooms.subscribe('before', eventsOf(before));

    // The doorbell connection drops, and reconnects through the relay, which holds it mid-handshake.
    const reconnecting = relay.holdNext();
    const direct = new Redis(own.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    onTestFinished(() => { direct.disconnect(); });
    await direct.connect();
    expect(await direct.client('KILL', 'TYPE', 'pubsub')).toBe(1);
    const handshake = await reconnecting;
    await handshake.sent(/SETINFO/);  // ioredis is connected and has begun its handshake

    // A subscriber to a room new to this process arrives now.
    const late = new PassThrough();
    onTestFinished(() => { late.destroy(); });
    let heard = '';
    late.on('data', (chunk: Buffer) => (heard += chunk));
    const refused = new Promise<void>((resolve) => late.once('finish', resolve));
    const joining = rooms.subscribe('late', eventsOf(late));
    await Promise.race([refused, handshake.sent(/SUBSCRIBE/i)]);  // refused, or its doorbell asked for
    handshake.release();
    await joining;

    // The doorbell connection is back for good once the room it had before hears what is said there.
    // (What is said after that reaches a room on this process through its doorbell only.)
    expect(await other.publish('before', 'back?')).toBe(1);
    await expect.poll(() => heardBefore).toContain('data: back?');

    // Never left silent: it is refused, or it hears what is said next.
    await other.publish('late', 'anyone here?');
    await expect.poll(() => late.writableEnded || heard.includes('data: anyone here?')).toBe(true);
    expect(late.writableEnded).toBe(true);  // refused at once: its EventSource comes back a second later

    // ...and then it is taken, and hears the room.
    let heardBack = '';
    await expect.poll(async () => {
      const back = new PassThrough();  // as the EventSource's next try
      onTestFinished(() => { back.destroy(); });
      back.on('data', (chunk: Buffer) => (heardBack += chunk));
      await rooms.subscribe('late', eventsOf(back));
      return back.writableEnded;
    }).toBe(false);
    await other.publish('late', 'welcome back');  // (its count may not be in Redis yet: no matter)
    await expect.poll(() => heardBack).toContain('data: welcome back');
  });

  it('fails at start with an error naming REDIS_URL when Redis is unreachable', async () => {
    const nobody = await freePort();
    const house = runChapter('processes', { PORT: '0', REDIS_URL: `redis://127.0.0.1:${nobody}` }, ['serve']);
    onTestFinished(() => house.stop('SIGKILL').then(() => {}));
    expect(await house.exited()).toBe(1);
    expect(house.output()).toContain(`house: cannot reach Redis at REDIS_URL=redis://127.0.0.1:${nobody}`);
  });

  it('fails at start, naming REDIS_URL without its password, on a wrong password, a database Redis lacks, or a refused connection', async () => {
    await expect(connectRedisRooms(`${redis.url}/99`)).rejects.toThrow(
      `cannot reach Redis at REDIS_URL=${redis.url}/99 (ERR DB index is out of range)`);
    const nobody = await freePort();
    const refused = connectRedisRooms(`redis://ada:hunter2@127.0.0.1:${nobody}`);
    await expect(refused).rejects.toThrow(`cannot reach Redis at REDIS_URL=redis://ada:***@127.0.0.1:${nobody} (connect ECONNREFUSED`);
    await expect(refused).rejects.not.toThrow('hunter2');

    await inspect.config('SET', 'requirepass', 'sesame');  // connections already open stay signed in
    onTestFinished(() => inspect.config('SET', 'requirepass', '').then(() => {}));
    await expect(connectRedisRooms(`redis://:hunter2@127.0.0.1:${redis.port}`)).rejects.toThrow(
      `cannot reach Redis at REDIS_URL=redis://:***@127.0.0.1:${redis.port} (WRONGPASS`);
    await (await connectRedisRooms(`redis://:sesame@127.0.0.1:${redis.port}`)).close();  // the right one is let in
  });

  it('fails at start with an error naming REDIS_URL when Redis takes the connection but never answers', async () => {
    redis.pause();
    onTestFinished(() => redis.resume());
    const house = startHouse(redis);
    onTestFinished(() => house.stop('SIGKILL').then(() => {}));
    expect(await house.exited()).toBe(1);
    expect(house.output()).toContain(`house: cannot reach Redis at REDIS_URL=${redis.url} (Command timed out)`);
  });

  it('writes what one read of the stream brings to each listener in one write, in order', async () => {
    const rooms = await connectRedisRooms(redis.url);
    onTestFinished(() => rooms.close());
    let writes = 0;
    let heard = '';
    const listener = new Writable({
      write(chunk: Buffer, _encoding, done) { writes++; heard += chunk; done(); },
    });
    onTestFinished(() => { listener.destroy(); });
    await rooms.subscribe('batch', eventsOf(listener));
    // Ten entries, then one ring: the read that the ring starts finds all ten at once.
    const adding = inspect.multi();
    for (let i = 1; i <= 10; i++) adding.xadd('house:room:batch', '*', 'data', `entry ${i}`);
    await adding.publish('house:room:batch', '').exec();
    await expect.poll(() => heard.match(/^data: /gm)?.length ?? 0).toBe(10);
    expect(heard.match(/^data: .*$/gm)).toEqual(Array.from({ length: 10 }, (_, i) => `data: entry ${i + 1}`));
    expect(writes).toBe(1);
  });

  it('bounds each room: its stream keeps the last N messages, and an abandoned room expires', async () => {
    const rooms = await connectRedisRooms(redis.url, { historyLength: 5, historyMs: 500 });
    onTestFinished(() => rooms.close());
    for (let i = 1; i <= 20; i++) await rooms.publish('abandoned', `message ${i}`);
    expect(await inspect.xlen('house:room:abandoned')).toBe(5);
    await expect.poll(() => inspect.exists('house:room:abandoned'), { interval: 100 }).toBe(0);
  });

  it('tells its listeners when the stream was trimmed past what this process had read, then goes on', async () => {
    const rooms = await connectRedisRooms(redis.url, { historyLength: 5 });
    onTestFinished(() => rooms.close());
    const listener = new PassThrough();
    onTestFinished(() => { listener.destroy(); });
    const events: EventSourceMessage[] = [];
    const parser = createParser({ onEvent: (event) => events.push(event) });
    listener.on('data', (chunk: Buffer) => parser.feed(chunk.toString()));
    await rooms.subscribe('flood', eventsOf(listener));
    await rooms.publish('flood', 'read 1');
    await expect.poll(() => events.length).toBe(1);
    const [{ id: readId }] = events;

    // Twenty entries added while this process was not reading (no doorbell rang): five are left,
    // so the listener is told before it gets them.
    for (let i = 1; i <= 20; i++) await inspect.xadd('house:room:flood', 'MAXLEN', '5', '*', 'data', `unread ${i}`);
    await inspect.publish('house:room:flood', '');
    await expect.poll(() => events.length).toBe(7);
    expect(events[1]).toMatchObject({ event: 'missed', data: readId });
    expect(events.slice(2).map((e) => e.data)).toEqual(['unread 16', 'unread 17', 'unread 18', 'unread 19', 'unread 20']);

    // A backlog longer than one read's batch (500) arrives whole and in order, with no notice.
    const backlog = inspect.pipeline();
    for (let i = 1; i <= 700; i++) backlog.xadd('house:room:flood', 'MAXLEN', '1000', '*', 'data', `backlog ${i}`);
    await backlog.exec();
    await inspect.publish('house:room:flood', '');
    await expect.poll(() => events.length).toBe(707);
    expect(events.slice(7).map((e) => e.data)).toEqual(Array.from({ length: 700 }, (_, i) => `backlog ${i + 1}`));

    // A room that expired and started again lost nothing this process had not read: no notice.
    await inspect.del('house:room:flood');
    await rooms.publish('flood', 'anew');
    await expect.poll(() => events.length).toBe(708);
    expect(events[707]).toMatchObject({ data: 'anew' });
  });

  it('writes at most maxReplayBytes in one replay: more missed than that is told, then the newest entries that fit', async () => {
    const rooms = await connectRedisRooms(redis.url, { maxReplayBytes: 1000 });
    onTestFinished(() => rooms.close());
    const heard = (stream: PassThrough) => {
      const events: EventSourceMessage[] = [];
      const parser = createParser({ onEvent: (event) => events.push(event) });
      stream.on('data', (chunk: Buffer) => parser.feed(chunk.toString()));
      return events;
    };
    const ada = new PassThrough();
    onTestFinished(() => { ada.destroy(); });
    const adaHeard = heard(ada);
    await rooms.subscribe('bounded', eventsOf(ada));
    await rooms.publish('bounded', 'first');
    await expect.poll(() => adaHeard.length).toBe(1);
    for (let i = 1; i <= 20; i++) await rooms.publish('bounded', `${i} ${'x'.repeat(95)}`);
    await expect.poll(() => adaHeard.length).toBe(21);

    const far = new PassThrough();
    onTestFinished(() => { far.destroy(); });
    const farHeard = heard(far);
    await rooms.subscribe('bounded', eventsOf(far), adaHeard[0].id);
    const [missed, ...replayed] = farHeard;
    expect(missed).toMatchObject({ event: 'missed', data: adaHeard[0].id });
    const frames = replayed.map((e) => formatEvent({ id: e.id, data: e.data }));
    const bytes = frames.reduce((sum, frame) => sum + Buffer.byteLength(frame), 0);
    expect(bytes).toBeLessThanOrEqual(1000);
    expect(bytes + Buffer.byteLength(frames[0])).toBeGreaterThan(1000);  // one more would not fit
    expect(replayed.map((e) => e.data)).toEqual(adaHeard.slice(21 - replayed.length).map((e) => e.data));

    const near = new PassThrough();
    onTestFinished(() => { near.destroy(); });
    const nearHeard = heard(near);
    await rooms.subscribe('bounded', eventsOf(near), adaHeard[17].id);
    expect(nearHeard.map((e) => e.event ?? e.data)).toEqual(adaHeard.slice(18).map((e) => e.data));
  });

  it('drops a listener whose bytes have not drained for undrainedHeartbeats heartbeats; one that reads stays', async () => {
    const rooms = await connectRedisRooms(redis.url, { heartbeatMs: 50 });
    onTestFinished(() => rooms.close());
    const stuck = new Writable({ write() { /* never calls back: a client that stopped reading */ } });
    const reader = new PassThrough().resume();
    onTestFinished(() => { stuck.destroy(); reader.destroy(); });
    await rooms.subscribe('stuck', eventsOf(stuck));
    await rooms.subscribe('stuck', eventsOf(reader));
    await rooms.publish('stuck', 'one small message');
    await expect.poll(() => stuck.writableLength).toBeGreaterThan(0);
    await expect.poll(() => stuck.destroyed).toBe(true);
    expect(rooms.subscribers('stuck')).toBe(1);
    expect(reader.destroyed).toBe(false);
  });

  it('sends a room with no history a missed notice with id 0-0, and takes 0-0 back as "seen nothing"', async () => {
    const rooms = await connectRedisRooms(redis.url);
    onTestFinished(() => rooms.close());
    const heard = (stream: PassThrough) => {
      const events: EventSourceMessage[] = [];
      const parser = createParser({ onEvent: (event) => events.push(event) });
      stream.on('data', (chunk: Buffer) => parser.feed(chunk.toString()));
      return events;
    };
    const first = new PassThrough();
    const firstHeard = heard(first);
    await rooms.subscribe('empty', eventsOf(first), '12-0');
    await expect.poll(() => firstHeard).toEqual([{ event: 'missed', id: '0-0', data: '12-0' }]);
    first.destroy();

    await rooms.publish('empty', 'one m');
    await rooms.publish('empty', 'two m');
    const back = new PassThrough();
    const backHeard = heard(back);
    onTestFinished(() => { back.destroy(); });
    expect(await rooms.subscribe('empty', eventsOf(back), '0-0')).toBe(2);
    await expect.poll(() => backHeard.map((e) => e.event ?? e.data)).toEqual(['one m', 'two m']);
  });

  it("keeps each process's listener count while it has listeners, and no longer", async () => {
    const ada = await listen(a, 'counted');
    await expect.poll(() => inspect.hlen('house:listeners:counted')).toBe(1);
    ada.socket.destroy();
    await expect.poll(() => inspect.exists('house:listeners:counted')).toBe(0);
  });

  it('counts a listener who stays longer than any expiry, renewing its lease every heartbeat; a lapsed lease is not counted', async () => {
    const rooms = await connectRedisRooms(redis.url, { historyMs: 200, heartbeatMs: 50 });
    onTestFinished(() => rooms.close());
    const steady = new PassThrough();
    let heartbeats = 0;
    const enough = new Promise<void>((resolve) => steady.on('data', (chunk: Buffer) => {
      heartbeats += chunk.toString().split(': heartbeat').length - 1;
      if (heartbeats >= 10) resolve();  // 500 ms: past the stream's expiry and the lease's (3 heartbeats)
    }));
    await rooms.subscribe('steady', eventsOf(steady));
    const key = 'house:listeners:steady';
    await expect.poll(() => inspect.pttl(key)).toBeGreaterThan(0);
    expect(await inspect.pttl(key)).toBeLessThanOrEqual(150);  // a process that dies stops renewing it: gone in 3 heartbeats
    await enough;
    expect(await rooms.publish('steady', 'still here')).toBe(1);

    // A process that died with 7 listeners here: once its lease has run out it no longer counts,
    // and the next post clears its count away.
    await inspect.hset(key, 'a process that died', `7 ${Date.now() - 1}`);
    expect(await rooms.publish('steady', 'still here')).toBe(1);
    await expect.poll(() => inspect.hexists(key, 'a process that died')).toBe(0);

    // A process that stops cleanly takes its counts with it.
    await rooms.close();
    expect(await inspect.exists(key)).toBe(0);
  });

  it('forgets a room whose only subscriber left before it could join, in the process and in Redis', async () => {
    const rooms = await connectRedisRooms(redis.url);
    onTestFinished(() => rooms.close());
    const doorbells = () => inspect.pubsub('NUMSUB', 'house:room:ghost');
    const left = new PassThrough();
    left.destroy();  // as a browser that closes the tab while its stream is joining
    expect(await rooms.subscribe('ghost', eventsOf(left))).toBe(0);
    await expect.poll(doorbells).toEqual(['house:room:ghost', 0]);
    expect(rooms.subscribers('ghost')).toBe(0);
  });

  it('keeps a room for a listener who joins just as the last one leaves (a page reloaded)', async () => {
    const rooms = await connectRedisRooms(redis.url);
    onTestFinished(() => rooms.close());
    const leaving = new PassThrough();
    await rooms.subscribe('revolving', eventsOf(leaving));
    const coming = new PassThrough();
    onTestFinished(() => { coming.destroy(); });
    let heard = '';
    coming.on('data', (chunk: Buffer) => (heard += chunk));
    const joined = new Promise<number>((resolve) => leaving.once('close', () => resolve(rooms.subscribe('revolving', eventsOf(coming)))));
    leaving.destroy();
    await joined;
    expect(rooms.subscribers('revolving')).toBe(1);
    expect(await rooms.publish('revolving', 'anyone here?')).toBe(1);
    await expect.poll(() => heard).toContain('data: anyone here?');
  });

  it('keeps rooms apart whatever their names: a room named like another room\'s key is a room like any other', async () => {
    const hall = await listen(a, 'hall');
    // Once, 'hall:listeners' was the key of the hall's listener counts: a post there broke the hall.
    expect(bodyOf(await post(b, 'hall:listeners', 'a room of its own'))).toBe('sent to 0 listeners\n');
    expect(bodyOf(await post(b, 'hall', 'the hall still works'))).toBe('sent to 1 listener\n');
    await hall.heard(1);
    expect(hall.texts()).toEqual(['the hall still works']);
  });
});

describe.skipIf(missing !== undefined)('the chapter, run as a program', () => {
  it('starts Redis and two House processes that share a room, and stops them all on Ctrl-C', async () => {
    const demo = runChapter('processes', { PORT: '0' });
    onTestFinished(() => demo.stop('SIGKILL').then(() => {}));
    const [, redisUrl, a, b] = await demo.waitFor(
      /share the rooms on (redis:\/\/127\.0\.0\.1:\d+):\n {2}http:\/\/127\.0\.0\.1:(\d+)\/ {3}and {3}http:\/\/127\.0\.0\.1:(\d+)\//);
    expect(await demo.waitFor(/curl -N .*\n.*curl -N .*\n.*curl -d .*\nCtrl-C stops everything\./)).toBeTruthy();
    const listener = await listen(Number(a), 'demo');
    expect(bodyOf(await post(Number(b), 'demo', 'across the cluster'))).toBe('sent to 1 listener\n');
    await listener.heard(1);
    expect(listener.texts()).toEqual(['across the cluster']);

    expect(await demo.stop('SIGINT')).toBe(0);
    const gone = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    gone.on('error', () => {});
    await expect(gone.connect()).rejects.toThrow();  // the Redis it started is stopped too
  });
});
