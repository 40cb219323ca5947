// tier: unit
import { PassThrough, Writable } from 'node:stream';
import { EventSource } from 'eventsource';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import {
  CHANNEL_LIMITS, Channels, formatComment, formatEvent, MAX_UNSENT_BYTES, type ServerSentEvent,
} from '../chapters/pubsub.ts';
import { Arrivals, eventsOf, stopAfterTest, runChapter } from './helpers.ts';

/** Parses SSE text with a spec-following parser, the way a browser would. */
function parseEvents(text: string): EventSourceMessage[] {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event) });
  parser.feed(text);
  return events;
}

/** A subscriber that records what it was sent. */
function recorder(): PassThrough & { text(): string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return Object.assign(stream, { text: () => text });
}

/** What a recorder was sent, without the `id:` lines Channels numbers its messages with. */
const withoutIds = (text: string) => text.replace(/^id: .*\n/gm, '');

const nextTick = () => new Promise((resolve) => setImmediate(resolve));
/** Resolves once what was published so far has been written: Channels writes at the end of a turn. */
const endOfTurn = nextTick;

/** Resolves on the stream's 'close', whatever came before it (an 'error' is the Channels' to handle). */
const closed = (stream: PassThrough) => new Promise<void>((resolve) => stream.once('close', () => resolve()));

describe('formatEvent', () => {
  it('frames id, event and retry before the data, and ends with a blank line', () => {
    expect(formatEvent({ id: '7', event: 'chat', retry: 3000, data: 'hello' })).toBe(
      'id: 7\nevent: chat\nretry: 3000\ndata: hello\n\n',
    );
    expect(formatEvent({ data: 'just data' })).toBe('data: just data\n\n');
  });

  it('sends a multi-line message as several data lines that a parser joins back', () => {
    const frame = formatEvent({ id: '7', event: 'chat', data: 'hello\nworld' });
    expect(frame).toBe('id: 7\nevent: chat\ndata: hello\ndata: world\n\n');
    expect(parseEvents(frame)).toEqual([{ id: '7', event: 'chat', data: 'hello\nworld' }]);
  });

  it.each([
    ['\\n', 'one\ntwo'],
    ['\\r\\n', 'one\r\ntwo'],
    ['\\r', 'one\rtwo'],
  ])('splits on %s, because SSE treats every line ending alike', (_, data) => {
    expect(parseEvents(formatEvent({ data }))).toEqual([{ id: undefined, event: undefined, data: 'one\ntwo' }]);
  });

  it('never lets a message inject a second event or a field', () => {
    const attack = 'hi\n\nevent: admin\ndata: you are hacked\r\nid: 999\r\rretry: 1';
    const events = parseEvents(formatEvent({ data: attack }) + formatEvent({ data: 'next' }));
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({ id: undefined, event: undefined, data: attack.split(/\r\n|\r|\n/).join('\n') });
    expect(events[1]!.data).toBe('next');
  });

  it('keeps empty lines and an empty message', () => {
    expect(parseEvents(formatEvent({ data: '\n\nend' }))[0]!.data).toBe('\n\nend');
    expect(formatEvent({ data: '' })).toBe('data: \n\n');
  });

  it.each<[string, ServerSentEvent]>([
    ['id with a line break', { id: '1\n2', data: 'x' }],
    ['id with NUL', { id: 'a\0b', data: 'x' }],
    ['event with a line break', { event: 'a\rb', data: 'x' }],
    ['negative retry', { retry: -1, data: 'x' }],
    ['fractional retry', { retry: 1.5, data: 'x' }],
  ])('rejects an %s', (_, event) => {
    expect(() => formatEvent(event)).toThrow(TypeError);
  });

  it.each<[string, ServerSentEvent, string]>([
    ['an id with a line break', { id: '1\n2', data: 'x' }, 'SSE id must be one line without NUL, got "1\\n2"'],
    ['an event with NUL', { event: 'a\0b', data: 'x' }, 'SSE event must be one line without NUL, got "a\\u0000b"'],
    ['a negative retry', { retry: -1, data: 'x' }, 'SSE retry must be a whole number of milliseconds, got -1'],
  ])('names the field and the value in its error: %s', (_, event, message) => {
    expect(() => formatEvent(event)).toThrow(message);
  });

  it('accepts a retry of 0, the smallest whole number of milliseconds', () => {
    expect(formatEvent({ retry: 0, data: 'x' })).toBe('retry: 0\ndata: x\n\n');
  });

  it('names the comment in the error for a comment of two lines', () => {
    expect(() => formatComment('two\nlines')).toThrow('SSE comment must be one line without NUL, got "two\\nlines"');
  });
});

describe('Channels', () => {
  it('publishes to every subscriber of a channel and to no other channel', async () => {
    const channels = new Channels();
    const [a, b, other] = [recorder(), recorder(), recorder()];
    channels.subscribe('lobby', eventsOf(a));
    channels.subscribe('lobby', eventsOf(b));
    channels.subscribe('games', eventsOf(other));

    expect(channels.publish('lobby', 'hello')).toBe(2);
    expect(channels.publish('lobby', { event: 'chat', data: 'second' })).toBe(2);
    await endOfTurn();
    for (const s of [a, b]) expect(withoutIds(s.text())).toBe('data: hello\n\nevent: chat\ndata: second\n\n');
    expect(withoutIds(other.text())).toBe('');
  });

  it('publishing to a channel nobody joined reaches no one and creates nothing', () => {
    const channels = new Channels();
    expect(channels.publish('nobody-here', 'hello')).toBe(0);
    expect(channels.size).toBe(0);
  });

  it('subscribing twice to the same channel delivers once', async () => {
    const channels = new Channels();
    const a = recorder();
    channels.subscribe('lobby', eventsOf(a));
    channels.subscribe('lobby', eventsOf(a));
    expect(channels.publish('lobby', 'once')).toBe(1);
    await endOfTurn();
    expect(withoutIds(a.text())).toBe('data: once\n\n');
  });

  it('treats __proto__ and constructor as ordinary channel names', async () => {
    const channels = new Channels();
    const [a, b] = [recorder(), recorder()];
    channels.subscribe('__proto__', eventsOf(a));
    channels.subscribe('constructor', eventsOf(b));
    expect(channels.publish('__proto__', 'p')).toBe(1);
    expect(channels.publish('constructor', 'c')).toBe(1);
    expect(channels.publish('toString', 't')).toBe(0);
    await endOfTurn();
    expect([withoutIds(a.text()), withoutIds(b.text())]).toEqual(['data: p\n\n', 'data: c\n\n']);
  });

  it('drops a subscriber that closed, and the others still get the message', async () => {
    const channels = new Channels();
    const [gone, staying] = [recorder(), recorder()];
    channels.subscribe('lobby', eventsOf(gone));
    channels.subscribe('lobby', eventsOf(staying));
    gone.destroy();
    await closed(gone);

    expect(channels.subscribers('lobby')).toBe(1);
    expect(channels.publish('lobby', 'still here?')).toBe(1);
    await endOfTurn();
    expect(withoutIds(staying.text())).toBe('data: still here?\n\n');
  });

  it('drops a subscriber whose stream fails, without crashing the process', async () => {
    const channels = new Channels();
    const [failing, fine] = [recorder(), recorder()];
    channels.subscribe('lobby', eventsOf(failing));
    channels.subscribe('lobby', eventsOf(fine));
    failing.destroy(new Error('ECONNRESET'));
    await closed(failing);

    expect(channels.publish('lobby', 'after the reset')).toBe(1);
    await endOfTurn();
    expect(withoutIds(fine.text())).toBe('data: after the reset\n\n');
  });

  it('drops a subscriber found unwritable when the turn\'s messages are written', async () => {
    const channels = new Channels();
    const [ended, fine] = [recorder(), recorder()];
    channels.subscribe('lobby', eventsOf(ended));
    channels.subscribe('lobby', eventsOf(fine));
    ended.end(); // no longer writable, though 'close' has not fired yet

    channels.publish('lobby', 'x');
    await endOfTurn();
    expect(channels.subscribers('lobby')).toBe(1);
    expect(withoutIds(fine.text())).toBe('data: x\n\n');
  });

  it('drops and closes a subscriber that stopped reading once it is too far behind', async () => {
    const channels = new Channels();
    const stuck = new Writable({ write() { /* never calls back: a client that stopped reading */ } });
    const fine = recorder();
    channels.subscribe('lobby', eventsOf(stuck));
    channels.subscribe('lobby', eventsOf(fine));

    const chunk = 'x'.repeat(64 * 1024);
    const publishes = Math.ceil(MAX_UNSENT_BYTES / chunk.length) + 2;
    const reached = Array.from({ length: publishes }, () => channels.publish('lobby', chunk));

    expect(reached[0]).toBe(2);
    expect(reached.at(-1)).toBe(1);
    expect(stuck.destroyed).toBe(true);
    expect(channels.subscribers('lobby')).toBe(1);
    await endOfTurn();
    expect(fine.text().length).toBeGreaterThan(publishes * chunk.length);
  });

  it('forgets a channel once its last subscriber has been gone for the history time', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    try {
      const channels = new Channels();
      const subscribers = Array.from({ length: 50 }, (_, i) => {
        const s = recorder();
        channels.subscribe(`room-${i}`, eventsOf(s));
        return s;
      });
      channels.publish('room-0', 'remembered for a while');
      expect(channels.size).toBe(50);
      for (const s of subscribers) s.destroy();
      await nextTick();
      expect(channels.subscribers('room-0')).toBe(0);
      expect(channels.size).toBe(50);

      vi.advanceTimersByTime(CHANNEL_LIMITS.historyMs + CHANNEL_LIMITS.heartbeatMs);
      expect(channels.size).toBe(0);
      expect(channels.remembered('room-0')).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes a turn\'s messages at once when they reach 64 KiB (BATCH_BYTES), and not below', async () => {
    const channels = new Channels();
    const writes: number[] = [];
    const counted = new Writable({ write(chunk: Buffer, _encoding, done) { writes.push(chunk.length); done(); } });
    channels.subscribe('lobby', eventsOf(counted));
    channels.publish('lobby', 'a');
    await endOfTurn();
    const overhead = writes[0]! - 1;                        // the frame's bytes around a one-byte message
    channels.publish('lobby', 'b'.repeat(64 * 1024 - overhead - 1));
    expect(writes).toHaveLength(1);                         // one byte short: it waits for the end of the turn
    await endOfTurn();
    channels.publish('lobby', 'c'.repeat(64 * 1024 - overhead));
    expect(writes).toEqual([overhead + 1, 64 * 1024 - 1, 64 * 1024]);
  });

  it('asks for one end-of-turn write for the whole server, however many channels a turn publishes to', async () => {
    const channels = new Channels();
    const rooms = ['a', 'b', 'c'];
    const listeners = rooms.map((room) => {
      const listener = recorder();
      channels.subscribe(room, eventsOf(listener));
      return listener;
    });
    const scheduled = vi.spyOn(globalThis, 'setImmediate');
    onTestFinished(() => scheduled.mockRestore());
    for (let i = 1; i <= 10; i++) for (const room of rooms) channels.publish(room, `${room}${i}`);
    expect(scheduled).toHaveBeenCalledTimes(1);
    await endOfTurn();
    for (const [r, listener] of listeners.entries()) {
      expect(withoutIds(listener.text())).toBe(
        Array.from({ length: 10 }, (_, i) => `data: ${rooms[r]}${i + 1}\n\n`).join(''));
    }
  });

  it('a newcomer costs the others no write when the turn owes them nothing', async () => {
    const channels = new Channels();
    let writes = 0;
    const counted = new Writable({ write(_chunk, _encoding, done) { writes++; done(); } });
    channels.subscribe('lobby', eventsOf(counted));
    channels.subscribe('lobby', eventsOf(recorder()));
    await endOfTurn();
    expect(writes).toBe(0);
  });

  it('a subscriber with nothing unsent takes a message larger than MAX_UNSENT_BYTES', async () => {
    const channels = new Channels();
    const ada = recorder();
    channels.subscribe('lobby', eventsOf(ada));
    const large = 'x'.repeat(MAX_UNSENT_BYTES + 1);
    expect(channels.publish('lobby', large)).toBe(1);
    await endOfTurn();
    expect(withoutIds(ada.text())).toBe(`data: ${large}\n\n`);
    expect(channels.subscribers('lobby')).toBe(1);
  });

  it('delivers a message published from inside a subscriber\'s write, during the end-of-turn writes', async () => {
    const channels = new Channels();
    onTestFinished(() => channels.close());
    let echoed = false;
    const heard: string[] = [];
    const echoing = new Writable({
      write(chunk: Buffer, _encoding, done) {
        heard.push(chunk.toString());
        if (!echoed) { echoed = true; channels.publish('room', 'echo'); }  // a reentrant publish
        done();
      },
    });
    channels.subscribe('room', eventsOf(echoing));
    channels.publish('room', 'first');
    await expect.poll(() => heard.join('')).toContain('data: echo');
    expect(heard.join('').match(/data: \w+/g)).toEqual(['data: first', 'data: echo']);
  });
});

describe('the chapter demo', () => {
  it('prints a curl command and streams ticks that a real EventSource client reads', async () => {
    const demo = stopAfterTest(runChapter('pubsub', { PORT: '0' }));
    const [, url] = await demo.waitFor(/curl -N (http:\/\/127\.0\.0\.1:\d+\/)/);
    const source = new EventSource(url!);
    onTestFinished(() => source.close());                 // also when the race below rejects
    const ticks = new Arrivals<MessageEvent>('ticks');
    const failed = new Promise<never>((_, reject) => {
      source.onerror = (error) => reject(new Error(`EventSource failed: ${error.message}`));
    });
    source.addEventListener('tick', (event) => ticks.push(event));
    const [first, second] = await Promise.race([ticks.until(2), failed]);
    source.close();

    // An id is `<this run of the server>-<sequence number>`: the next tick is the next number.
    const [, run, seq] = /^([0-9a-z]+)-(\d+)$/.exec(first!.lastEventId) ?? [];
    expect(run, `the first tick's id: ${first!.lastEventId}`).toBeDefined();
    expect(second!.lastEventId).toBe(`${run}-${Number(seq) + 1}`);
    expect(first!.data).toMatch(/^tick \d+\n\d{4}-\d\d-\d\dT/);
    expect(await demo.stop('SIGINT')).toBe(0);
  });
});
