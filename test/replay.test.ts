// Event ids, replay after Last-Event-ID, bounded history and heartbeats, on Channels alone.
import { PassThrough, Writable } from 'node:stream';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chatRouter } from '../chapters/chat.ts';
import { start } from '../chapters/listen.ts';
import { CHANNEL_LIMITS, Channels, EventStream, MAX_UNSENT_BYTES, MISSED_EVENT } from '../chapters/pubsub.ts';
import { eventsOf, httpRequest, openSocket, record } from './helpers.ts';

/** A subscriber that parses what it is sent the way a browser's EventSource would. */
function listener() {
  const stream = new PassThrough();
  const events: EventSourceMessage[] = [];
  const comments: string[] = [];
  const parser = createParser({
    onEvent: (event) => events.push(event),
    onComment: (comment) => comments.push(comment),
  });
  stream.on('data', (chunk: Buffer) => parser.feed(chunk.toString()));
  const data = () => events.filter((e) => e.event !== MISSED_EVENT).map((e) => e.data);
  const missed = () => events.filter((e) => e.event === MISSED_EVENT);
  /** What EventSource would send as Last-Event-ID on reconnecting. */
  const lastId = () => events.findLast((e) => e.id !== undefined)?.id;
  return Object.assign(stream, { events, comments, data, missed, lastId });
}

const nextTick = () => new Promise((resolve) => setImmediate(resolve));
/** Resolves once what was published so far has been written: Channels writes at the end of a turn. */
const endOfTurn = nextTick;

/** Publishes `count` numbered messages ("m1", "m2", …, from `from`) to a room. */
async function say(channels: Channels, room: string, count: number, from = 1): Promise<void> {
  for (let i = from; i < from + count; i++) channels.publish(room, `m${i}`);
  await endOfTurn();
}

/** Fakes the clock and the one interval timer Channels uses; setImmediate stays real. */
const useFakeClock = () => vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `m${from + i}`);

afterEach(() => {
  vi.useRealTimers();
});

describe('EventStream', () => {
  it('sends events and comments, and closes the stream', () => {
    const connection = listener();
    const events = new EventStream(connection);
    expect(events.send('hello')).toBe(true);
    expect(events.send({ event: 'joined', data: 'lobby' })).toBe(true);
    expect(events.comment('still here')).toBe(true);
    events.close();
    expect(connection.events.map((e) => [e.event, e.data])).toEqual([[undefined, 'hello'], ['joined', 'lobby']]);
    expect(connection.comments).toEqual(['still here']);
    expect(connection.writableEnded).toBe(true);
    expect(events.send('too late')).toBe(false);
  });

  it('refuses a comment that would end its own line', () => {
    expect(() => new EventStream(listener()).comment('two\nlines')).toThrow(TypeError);
  });

  it('sends an empty comment when given no text', () => {
    const connection = listener();
    const writes: string[] = [];
    connection.on('data', (chunk: Buffer) => writes.push(chunk.toString()));
    expect(new EventStream(connection).comment()).toBe(true);
    expect(writes).toEqual([': \n\n']);
  });

  it('says false, and does not throw, when its connection\'s write throws', () => {
    const broken = Object.assign(new PassThrough(), {
      write(): boolean { throw new Error('EPIPE'); },
    });
    const events = new EventStream(broken);
    expect(events.send('hello')).toBe(false);
    expect(events.comment('hello')).toBe(false);
  });
});

describe('event ids', () => {
  it('gives every message an id that a header can carry, increasing within a room', async () => {
    const channels = new Channels();
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));
    await say(channels, 'lobby', 3);
    channels.publish('games', 'elsewhere');
    await say(channels, 'lobby', 2, 4);

    const ids = ada.events.map((e) => e.id ?? '');
    expect(ids).toHaveLength(5);
    for (const id of ids) expect(id).toMatch(/^[\x21-\x7e]+$/);
    const numbers = ids.map((id) => Number(id.split('-')[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(5);
  });
});

describe('replay after Last-Event-ID', () => {
  it('sends what was missed, in order, exactly once, then the live messages', async () => {
    const channels = new Channels();
    const ada = listener();
    const keeper = listener();  // keeps the room alive while Ada is away
    channels.subscribe('lobby', eventsOf(keeper));
    channels.subscribe('lobby', eventsOf(ada));
    await say(channels, 'lobby', 3);
    const lastId = ada.lastId();
    ada.destroy();
    await nextTick();

    await say(channels, 'lobby', 4, 4);
    const back = listener();
    expect(channels.subscribe('lobby', eventsOf(back), lastId)).toBe(4);
    await say(channels, 'lobby', 2, 8);

    expect(back.data()).toEqual(range(4, 9));
    expect(back.missed()).toEqual([]);
  });

  it('replays messages published while nobody was subscribed', async () => {
    const channels = new Channels();
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));
    await say(channels, 'lobby', 1);
    const lastId = ada.lastId();
    ada.destroy();
    await say(channels, 'lobby', 2, 2);

    const back = listener();
    channels.subscribe('lobby', eventsOf(back), lastId);
    expect(back.data()).toEqual(['m2', 'm3']);
  });

  it('replays nothing to a subscriber that missed nothing', async () => {
    const channels = new Channels();
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));
    await say(channels, 'lobby', 3);

    const again = listener();
    expect(channels.subscribe('lobby', eventsOf(again), ada.lastId())).toBe(0);
    expect(again.events).toEqual([]);
  });

  it('neither loses nor repeats a message published while the replay is being written', async () => {
    const channels = new Channels();
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));
    await say(channels, 'lobby', 1);
    const lastId = ada.lastId();
    await say(channels, 'lobby', 3, 2);

    // A subscriber whose first write makes someone publish, in the middle of its replay.
    const received: string[] = [];
    const parser = createParser({ onEvent: (e) => received.push(e.data) });
    let interrupted = false;
    const racer = new Writable({
      write(chunk: Buffer, _encoding, done) {
        parser.feed(chunk.toString());
        if (!interrupted) {
          interrupted = true;
          channels.publish('lobby', 'said during the replay');
        }
        done();
      },
    });
    channels.subscribe('lobby', eventsOf(racer), lastId);
    channels.publish('lobby', 'live');
    await endOfTurn();

    expect(received).toEqual(['m2', 'm3', 'm4', 'said during the replay', 'live']);
  });

  it('never replays another room, whatever id it is given', async () => {
    const channels = new Channels();
    const [lobby, games] = [listener(), listener()];
    channels.subscribe('lobby', eventsOf(lobby));
    channels.subscribe('games', eventsOf(games));
    await say(channels, 'games', 2);
    await say(channels, 'lobby', 2, 3);
    await say(channels, 'games', 2, 5);

    // Every id the other room gave out, from before, between and after this room's messages:
    // each replays this room's messages after it, and only those.
    const gamesIds = games.events.map((e) => e.id!);
    expect(games.data()).toEqual(['m1', 'm2', 'm5', 'm6']);
    const replays = gamesIds.map((id) => {
      const visitor = listener();
      channels.subscribe('lobby', eventsOf(visitor), id);
      return visitor.data();
    });
    expect(replays).toEqual([['m3', 'm4'], ['m3', 'm4'], [], []]);
  });

  it('a stream that subscribes again, with an id, is neither replayed to nor counted twice', async () => {
    const channels = new Channels();
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));
    await say(channels, 'lobby', 3);
    expect(channels.subscribe('lobby', eventsOf(ada), ada.events[0]!.id)).toBe(0);
    await endOfTurn();
    expect(ada.data()).toEqual(range(1, 3));
    expect(channels.subscribers('lobby')).toBe(1);
  });

  it('a subscriber that cannot take its whole replay is closed there, and never joins', async () => {
    const channels = new Channels();
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));
    await say(channels, 'lobby', 1);
    const lastId = ada.lastId();
    const half = 'x'.repeat(MAX_UNSENT_BYTES / 2 - 100);   // two fit in what one may owe, three don't
    for (let i = 2; i <= 4; i++) channels.publish('lobby', `m${i} ${half}`);
    await endOfTurn();

    const stuck = new Writable({ write() { /* takes what fits, and never sends it */ } });
    expect(channels.subscribe('lobby', eventsOf(stuck), lastId)).toBe(2);
    expect(stuck.destroyed).toBe(true);
    expect(channels.subscribers('lobby')).toBe(1);
  });
});

describe('ids we cannot place', () => {
  it.each([
    ['garbage', 'not an id'],
    ['empty', ''],
    ['an id of another run of the server', `${(Date.now() - 1000).toString(36)}-1`],
    ['a number from the future', 'will be replaced'],
  ])('%s: the stream opens, says messages may be missing, then sends the whole history', async (_, given) => {
    const channels = new Channels();
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));
    await say(channels, 'lobby', 3);
    const id = given === 'will be replaced' ? ada.lastId()!.replace(/-\d+$/, '-999') : given;

    const back = listener();
    channels.subscribe('lobby', eventsOf(back), id);
    expect(back.missed()).toHaveLength(1);
    expect(back.missed()[0].data).toBe(id);
    expect(back.data()).toEqual(range(1, 3));
    expect(channels.subscribers('lobby')).toBe(2);
    expect(back.events[0].event).toBe(MISSED_EVENT);
  });

  it('an id older than the history (too many messages since): told, then the history', async () => {
    const channels = new Channels({ historyLength: 3 });
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));
    await say(channels, 'lobby', 1);
    const lastId = ada.lastId();
    await say(channels, 'lobby', 5, 2);

    const back = listener();
    channels.subscribe('lobby', eventsOf(back), lastId);
    expect(back.missed()).toHaveLength(1);
    expect(back.data()).toEqual(range(4, 6));
  });

  it('an id older than the history (too long ago): told, then what is left', async () => {
    useFakeClock();
    const channels = new Channels({ historyMs: 60_000, heartbeatMs: 10_000 });
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));
    await say(channels, 'lobby', 1);
    const lastId = ada.lastId();
    await say(channels, 'lobby', 1, 2);  // the message this reader will have missed
    vi.advanceTimersByTime(70_000);
    await say(channels, 'lobby', 1, 3);
    expect(channels.remembered('lobby')).toBe(1);

    const back = listener();
    channels.subscribe('lobby', eventsOf(back), lastId);
    expect(back.missed()).toHaveLength(1);
    expect(back.data()).toEqual(['m3']);
  });

  it('after the notice, the next reconnect is placed again, even with no message in between', () => {
    const channels = new Channels();
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada), 'garbage');
    expect(ada.missed()).toHaveLength(1);

    const back = listener();
    channels.subscribe('lobby', eventsOf(back), ada.lastId());
    expect(back.missed()).toEqual([]);
  });

  /** Ada leaves a room, `saidAfter` messages are said to it empty, and it is forgotten;
   *  then someone comes back with the last id Ada saw. */
  async function returnToForgottenRoom(saidAfter: number) {
    useFakeClock();
    const channels = new Channels({ historyMs: 60_000, heartbeatMs: 10_000 });
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));
    await say(channels, 'lobby', 1);
    const lastId = ada.lastId();
    ada.destroy();
    await nextTick();
    await say(channels, 'lobby', saidAfter, 2);
    vi.advanceTimersByTime(80_000);
    expect(channels.size).toBe(0);

    const back = listener();
    channels.subscribe('lobby', eventsOf(back), lastId);
    return back;
  }

  it('a room forgotten and made again does not pretend to know what an old id missed', async () => {
    const back = await returnToForgottenRoom(1);
    expect(back.missed()).toHaveLength(1);
    expect(back.data()).toEqual([]);
  });

  it('a room forgotten with nothing said after an id replays nothing and claims nothing', async () => {
    const back = await returnToForgottenRoom(0);
    expect(back.events).toEqual([]);
  });

  it('our id with anything before or after it is not ours: told, then the whole history', async () => {
    const channels = new Channels();
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));
    await say(channels, 'lobby', 2);
    const first = ada.events[0]!.id!;
    for (const id of [`_${first}`, `${first}x`]) {
      const back = listener();
      channels.subscribe('lobby', eventsOf(back), id);
      expect(back.missed().map((e) => e.data), id).toEqual([id]);
      expect(back.data(), id).toEqual(['m1', 'm2']);
    }
  });

  it('the id of the newest message forgotten is still placed: no notice, the whole history', async () => {
    const channels = new Channels({ historyLength: 3 });
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));
    await say(channels, 'lobby', 4);
    expect(channels.remembered('lobby')).toBe(3);

    const back = listener();
    expect(channels.subscribe('lobby', eventsOf(back), ada.events[0]!.id)).toBe(3);
    expect(back.missed()).toEqual([]);
    expect(back.data()).toEqual(range(2, 4));
  });
});

describe('history bounds', () => {
  it('keeps at most the named number of messages per room, over 100k messages', () => {
    const channels = new Channels();
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));
    ada.resume();
    for (let i = 0; i < 100_000; i++) {
      channels.publish('lobby', `message ${i}`);
      if (i % 10_000 === 0) expect(channels.remembered('lobby')).toBeLessThanOrEqual(CHANNEL_LIMITS.historyLength);
    }
    expect(channels.remembered('lobby')).toBe(CHANNEL_LIMITS.historyLength);
  });

  it('a publish to a room nobody is in (and nobody was in lately) keeps nothing', () => {
    const channels = new Channels();
    channels.publish('nowhere', 'hello?');
    expect(channels.size).toBe(0);
    expect(channels.remembered('nowhere')).toBe(0);
  });
});

describe('slow readers', () => {
  it('a reader cut off for falling behind comes back with its id and loses nothing', () => {
    const channels = new Channels();
    const written: string[] = [];
    const stuck = new Writable({ write(chunk: Buffer) { written.push(chunk.toString()); /* never calls back */ } });
    const keeper = listener();
    channels.subscribe('lobby', eventsOf(keeper));
    channels.subscribe('lobby', eventsOf(stuck));

    const chunk = 'x'.repeat(64 * 1024);
    const publishes = Math.ceil(MAX_UNSENT_BYTES / chunk.length) + 2;
    for (let i = 0; i < publishes; i++) channels.publish('lobby', `${i} ${chunk}`);
    expect(stuck.destroyed).toBe(true);

    // The one frame it took before it stalled is the last it saw; it reconnects with that id.
    let lastId: string | undefined;
    createParser({ onEvent: (e) => (lastId = e.id) }).feed(written[0]);
    const back = listener();
    channels.subscribe('lobby', eventsOf(back), lastId);
    expect(back.missed()).toEqual([]);
    const numbers = back.data().map((d) => Number(d.split(' ')[0]));
    expect(numbers).toEqual(Array.from({ length: publishes - 1 }, (_, i) => i + 1));
  });
});

describe('heartbeats', () => {
  it('a quiet room hears a comment every interval, from one timer for all rooms', () => {
    useFakeClock();
    const channels = new Channels({ heartbeatMs: 1000 });
    const [quiet, busy] = [listener(), listener()];
    channels.subscribe('quiet', eventsOf(quiet));
    channels.subscribe('busy', eventsOf(busy));
    expect(vi.getTimerCount()).toBe(1);

    for (let second = 0; second < 3; second++) {
      channels.publish('busy', `tick ${second}`);
      vi.advanceTimersByTime(1000);
    }
    return nextTick().then(() => {
      expect(quiet.comments).toHaveLength(3);
      expect(busy.comments).toHaveLength(0);
      expect(busy.data()).toHaveLength(3);
    });
  });

  it('finds a dead peer on a quiet room without waiting for a message', async () => {
    useFakeClock();
    const channels = new Channels({ heartbeatMs: 1000 });
    const dead = new Writable({ write(_chunk, _encoding, done) { done(new Error('EPIPE')); } });
    channels.subscribe('quiet', eventsOf(dead));
    vi.advanceTimersByTime(1000);
    await nextTick();
    expect(channels.subscribers('quiet')).toBe(0);
  });

  it('drops a live subscriber too far behind on a quiet room at the heartbeat it cannot take', async () => {
    // Not dead (no error, no close, which would drop it anyway): alive and not reading.
    useFakeClock();
    const channels = new Channels({ heartbeatMs: 1000 });
    const stuck = new Writable({ write() { /* never done: everything stays unsent */ } });
    channels.subscribe('quiet', eventsOf(stuck));
    // Fill its unsent bytes to exactly MAX_UNSENT_BYTES: taken, never sent, no room for more.
    expect(channels.publish('quiet', 'x'.repeat(MAX_UNSENT_BYTES - 200))).toBe(1);
    const frameBytes = stuck.writableLength;
    const overhead = frameBytes - (MAX_UNSENT_BYTES - 200);
    expect(channels.publish('quiet', 'y'.repeat(MAX_UNSENT_BYTES - frameBytes - overhead))).toBe(1);
    await endOfTurn();
    expect(stuck.writableLength).toBe(MAX_UNSENT_BYTES);
    vi.advanceTimersByTime(1000);                          // the room spoke in this interval: no heartbeat
    expect(channels.subscribers('quiet')).toBe(1);
    vi.advanceTimersByTime(1000);                          // quiet now: the heartbeat finds it behind
    expect(channels.subscribers('quiet')).toBe(0);
    expect(stuck.destroyed).toBe(true);
  });

  it('stops its timer when no room is left, so it never keeps a process alive', async () => {
    useFakeClock();
    const channels = new Channels({ heartbeatMs: 1000, historyMs: 1000 });
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));
    ada.destroy();
    await nextTick();
    vi.advanceTimersByTime(3000);
    expect(channels.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('drops a subscriber behind at undrainedHeartbeats heartbeats in a row, and only in a row', async () => {
    useFakeClock();
    const channels = new Channels({ heartbeatMs: 1000, undrainedHeartbeats: 3 });
    const held: (() => void)[] = [];
    const slow = new Writable({ write(_chunk, _encoding, done) { held.push(done); } });  // sends when told
    const drain = () => { while (held.length > 0) held.shift()!(); };
    channels.subscribe('quiet', eventsOf(slow));
    await say(channels, 'quiet', 1);
    vi.advanceTimersByTime(2000);                          // behind at two heartbeats
    drain();
    vi.advanceTimersByTime(1000);                          // all sent at the third: it starts again
    vi.advanceTimersByTime(2000);                          // behind at two heartbeats
    expect(channels.subscribers('quiet')).toBe(1);
    vi.advanceTimersByTime(1000);                          // and at a third, in a row
    expect(channels.subscribers('quiet')).toBe(0);
    expect(slow.destroyed).toBe(true);
  });
});

describe('time', () => {
  it('by default, a quiet room hears a heartbeat every 15 seconds, and a message is kept 10 minutes', async () => {
    useFakeClock();
    const channels = new Channels();
    const [quiet, busy] = [listener(), listener()];
    const opened = Date.now();
    channels.subscribe('quiet', eventsOf(quiet));
    channels.subscribe('busy', eventsOf(busy));
    channels.publish('busy', 'said at the start');
    vi.advanceTimersToNextTimer();                         // the first heartbeat, whenever it is due
    await nextTick();
    expect(quiet.comments).toEqual(['heartbeat']);
    expect(Date.now() - opened).toBe(15_000);

    vi.advanceTimersByTime(10 * 60_000 - 15_000 - 1);
    expect(channels.remembered('busy')).toBe(1);
    vi.advanceTimersByTime(1);
    expect(channels.remembered('busy')).toBe(0);
  });

  it('a message is replayable for historyMs, and forgotten at the heartbeat that finds it that old', async () => {
    useFakeClock();
    const channels = new Channels({ historyMs: 3000, heartbeatMs: 1000 });
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));                      // the heartbeat's timer starts now
    await say(channels, 'lobby', 1);                       // and the message is said at the same instant
    vi.advanceTimersByTime(2000);
    expect(channels.remembered('lobby')).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(channels.remembered('lobby')).toBe(0);
  });

  it('an empty room is forgotten at the heartbeat that finds it empty for historyMs', async () => {
    useFakeClock();
    const channels = new Channels({ historyMs: 3000, heartbeatMs: 1000 });
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));
    ada.destroy();
    await nextTick();                                      // it leaves at the instant the timer started
    vi.advanceTimersByTime(2000);
    expect(channels.size).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(channels.size).toBe(0);
  });

  it('a room with a subscriber is kept however long it is quiet, and goes on hearing heartbeats', async () => {
    useFakeClock();
    const channels = new Channels({ historyMs: 3000, heartbeatMs: 1000 });
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));
    vi.advanceTimersByTime(10_000);
    await nextTick();
    expect(channels.subscribers('lobby')).toBe(1);
    expect(ada.comments).toHaveLength(10);
  });
});

describe('close', () => {
  it('ends every stream and stops the timer', async () => {
    useFakeClock();
    const channels = new Channels();
    const [a, b] = [listener(), listener()];
    channels.subscribe('lobby', eventsOf(a));
    channels.subscribe('games', eventsOf(b));
    channels.close();
    expect(a.writableEnded && b.writableEnded).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(channels.size).toBe(0);
  });
});

describe('over a real socket', () => {
  it('an idle chat stream hears heartbeats, and a returning one gets what it missed', async () => {
    const channels = new Channels({ heartbeatMs: 50 });
    const server = await start(chatRouter(channels), { port: 0 });
    try {
      const first = await openSocket(server.port);
      const heard = record(first);
      first.write(httpRequest('GET', '/source?room=idle'));
      await heard.waitFor(/: heartbeat\n\n: heartbeat\n\n/);
      expect(heard.text()).toMatch(/^HTTP\/1\.1 200 /);

      channels.publish('idle', 'one');
      const [, lastId] = (await heard.waitFor(/id: (\S+)\ndata: one\n\n/))!;
      first.destroy();
      channels.publish('idle', 'two');

      const back = await openSocket(server.port);
      const replay = record(back);
      back.write(httpRequest('GET', '/source?room=idle', { headers: { 'Last-Event-ID': lastId! } }));
      await replay.waitFor(/event: joined\n/);
      expect(replay.text()).toMatch(/data: two\n\n[\s\S]*event: joined\n/);
      expect(replay.text()).not.toMatch(/data: one\n/);
      back.destroy();
    } finally {
      channels.close();
      await server.stop();
    }
  });
});
