// What a hostile client can make a room cost: the Last-Event-ID header's length, the bytes one
// replay writes, a subscriber that never reads, and rooms made up by the thousand.
import { createServer, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it, onTestFinished } from 'vitest';
import { chatRouter, EVENT_ID, MESSAGE, NAME } from '../chapters/chat.ts';
import { start } from '../chapters/listen.ts';
import { CHANNEL_LIMITS, Channels, formatEvent, MAX_UNSENT_BYTES } from '../chapters/pubsub.ts';
import { bodyOf, closed, eventsOf, exchange, httpRequest, openSocket, parseResponse, record, subscribeEvents, type ParsedResponse } from './helpers.ts';

/** A chat server on a free port, with rooms of its own, stopped when the test ends. */
async function chatServer(channels = new Channels()) {
  const server = await start(chatRouter(channels), { port: 0 });
  onTestFinished(async () => {
    channels.close();
    await server.stop();
  });
  return { port: server.port, channels };
}

/** The answer to one request: all of it, or, for a stream (which never ends by itself), its head. */
async function answer(port: number, request: string): Promise<ParsedResponse> {
  const socket = await openSocket(port);
  onTestFinished(() => { socket.destroy(); });
  const heard = record(socket);
  socket.write(request);
  await heard.waitFor(/\r\n\r\n/);
  if (parseResponse(heard.text()).headers['content-type']?.startsWith('text/event-stream')) return parseResponse(heard.text());
  await heard.closed;
  return parseResponse(heard.text());
}

describe('the Last-Event-ID header', () => {
  it('is held to the rules of the lastEventId parameter: too long is a 400 naming it, before any stream', async () => {
    const { port } = await chatServer();
    for (const length of [EVENT_ID.max + 1, 60_000]) {
      const headers = { 'Last-Event-ID': 'x'.repeat(length) };
      const refused = await answer(port, httpRequest('GET', '/source?room=lobby', { headers }));
      expect(refused.status).toBe(400);
      expect(refused.body).toBe(`Last-Event-ID: must be at most ${EVENT_ID.max} characters\n`);
    }
    // The query parameter says the same, in its own name.
    const query = await exchange(port, httpRequest('GET', `/source?room=lobby&lastEventId=${'x'.repeat(EVENT_ID.max + 1)}`));
    expect(bodyOf(query)).toBe(`lastEventId: must be at most ${EVENT_ID.max} characters\n`);
  });

  it('at the longest the rule allows, opens the stream, and the id comes back in the missed notice', async () => {
    const { port } = await chatServer();
    const longest = 'x'.repeat(EVENT_ID.max);
    const { events, head } = await subscribeEvents(port, '/source?room=lobby', { 'Last-Event-ID': longest });
    const [missed, joined] = await events.until(2);
    expect(head()).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(missed).toMatchObject({ event: 'missed', data: longest });
    expect(joined).toMatchObject({ event: 'joined', data: 'lobby' });
  });
});

/** A subscriber that parses what it is sent the way a browser's EventSource would. */
function listener() {
  const stream = new PassThrough();
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event) });
  stream.on('data', (chunk: Buffer) => parser.feed(chunk.toString()));
  const lastId = () => events.findLast((e) => e.id !== undefined)?.id;
  return Object.assign(stream, { events, lastId });
}

const nextTick = () => new Promise((resolve) => setImmediate(resolve));

/** The largest message the chat lets through, as its frame is largest: every character escaped by JSON. */
const largest = JSON.stringify({ name: '\u0001'.repeat(NAME.max), message: '\u0001'.repeat(MESSAGE.max) });

describe('what one replay may write', () => {
  it('is bounded: a short request with an id we cannot place gets missed, then the newest messages that fit', async () => {
    const { port, channels } = await chatServer();
    const keeper = new PassThrough().resume();  // keeps the room, and its history, while nobody else is in it
    onTestFinished(() => { keeper.destroy(); });
    channels.subscribe('full', eventsOf(keeper));
    for (let i = 1; i <= CHANNEL_LIMITS.historyLength; i++) channels.publish('full', `${i} ${largest}`);
    expect(channels.remembered('full')).toBe(CHANNEL_LIMITS.historyLength);

    const socket = await openSocket(port);
    onTestFinished(() => { socket.destroy(); });
    const heard = record(socket, 'latin1');
    const request = httpRequest('GET', '/source?room=full', { headers: { 'Last-Event-ID': 'x' } });
    socket.write(request);
    await heard.waitFor(/event: joined\n/);
    const body = parseResponse(heard.text()).body;
    const events: EventSourceMessage[] = [];
    createParser({ onEvent: (event) => events.push(event) }).feed(Buffer.from(body, 'latin1').toString('utf8'));

    const [missed, ...rest] = events;
    const replayed = rest.slice(0, -1);
    expect(missed).toMatchObject({ event: 'missed', data: 'x' });
    expect(rest.at(-1)).toMatchObject({ event: 'joined' });
    const numbers = replayed.map((e) => Number(e.data.split(' ')[0]));
    expect(numbers.at(-1)).toBe(CHANNEL_LIMITS.historyLength);  // the newest, in order, none left out in between
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
    const frames = body.slice(body.indexOf('\n\n') + 2, body.lastIndexOf('event: joined'));
    expect(frames.length).toBeLessThanOrEqual(CHANNEL_LIMITS.maxReplayBytes);
    expect(frames.length + Buffer.byteLength(formatEvent({ id: 'x', data: `${numbers[0]! - 1} ${largest}` })))
      .toBeGreaterThan(CHANNEL_LIMITS.maxReplayBytes);  // one more would not have fit
    expect(heard.text().length).toBeLessThan(CHANNEL_LIMITS.maxReplayBytes + 1024);
    expect(request.length).toBeLessThan(100);
  });

  it('an id we can place, but too far behind: told, then the newest messages that fit; within the bound, no notice', async () => {
    const channels = new Channels({ maxReplayBytes: 1000 });
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));
    channels.publish('lobby', 'first');
    await nextTick();  // Channels writes at the end of the turn
    const lastId = ada.lastId();
    for (let i = 1; i <= 20; i++) channels.publish('lobby', `${i} ${'x'.repeat(95)}`);  // ~120 bytes framed each

    const far = listener();
    channels.subscribe('lobby', eventsOf(far), lastId);
    expect(far.events[0]).toMatchObject({ event: 'missed', data: lastId });
    const numbers = far.events.slice(1).map((e) => Number(e.data.split(' ')[0]));
    expect(numbers).toEqual([13, 14, 15, 16, 17, 18, 19, 20]);

    const near = listener();
    channels.subscribe('lobby', eventsOf(near), far.events.at(-4)!.id);
    expect(near.events.map((e) => e.event ?? Number(e.data.split(' ')[0]))).toEqual([18, 19, 20]);
  });

  it('a replay of exactly maxReplayBytes is written whole; one byte less, and the oldest is left out', async () => {
    /** Ada hears "first", three messages follow; someone comes back with the id of "first". */
    async function comeBack(maxReplayBytes: number) {
      const channels = new Channels({ maxReplayBytes });
      const ada = listener();
      channels.subscribe('lobby', eventsOf(ada));
      channels.publish('lobby', 'first');
      await nextTick();
      const lastId = ada.lastId();
      let missedBytes = 0;
      ada.on('data', (chunk: Buffer) => (missedBytes += chunk.length));
      for (const n of [1, 2, 3]) channels.publish('lobby', `${n} ${'x'.repeat(100)}`);
      await nextTick();
      const back = listener();
      channels.subscribe('lobby', eventsOf(back), lastId);
      return { missedBytes, heard: back.events.map((e) => e.event ?? Number(e.data.split(' ')[0])) };
    }
    const { missedBytes } = await comeBack(Infinity);
    expect((await comeBack(missedBytes)).heard).toEqual([1, 2, 3]);
    expect((await comeBack(missedBytes - 1)).heard).toEqual(['missed', 2, 3]);
  });
});

describe('a subscriber that never reads', () => {
  it('is dropped once its bytes have not drained for undrainedHeartbeats heartbeats, and comes back with its id to lose nothing', async () => {
    const heartbeatMs = 50;
    const channels = new Channels({ heartbeatMs });
    onTestFinished(() => channels.close());
    const pair = await socketPair();
    const reader = await socketPair();
    reader.client.resume();
    channels.subscribe('quiet', eventsOf(pair.server));
    channels.subscribe('quiet', eventsOf(reader.server));
    pair.client.pause();  // it never reads: the kernel's buffers fill, then Node's

    const message = 'x'.repeat(8 * 1024);
    let said = 0;
    while (pair.server.writableLength === 0) {
      channels.publish('quiet', `${++said} ${message}`);
      await nextTick();  // Node hands the kernel what it takes
    }
    expect(pair.server.writableLength).toBeLessThanOrEqual(MAX_UNSENT_BYTES);  // not dropped for being too far behind
    await expect.poll(() => pair.server.destroyed).toBe(true);  // at a heartbeat, some heartbeats later
    expect(channels.subscribers('quiet')).toBe(1);  // the one that reads stays
    expect(reader.server.destroyed).toBe(false);

    // It reads what reached it, and comes back with the last id it saw: the replay fills the gap.
    const received: EventSourceMessage[] = [];
    const parser = createParser({ onEvent: (event) => received.push(event) });
    pair.client.on('data', (chunk: Buffer) => parser.feed(chunk.toString()));
    pair.client.resume();
    await closed(pair.client);
    const back = listener();
    channels.subscribe('quiet', eventsOf(back), received.at(-1)!.id);
    const numbers = [...received, ...back.events].map((e) => Number(e.data.split(' ')[0]));
    expect(back.events.filter((e) => e.event === 'missed')).toEqual([]);
    expect(numbers).toEqual(Array.from({ length: said }, (_, i) => i + 1));
  });
});

/** Two ends of one real TCP connection over loopback; both destroyed when the test ends. */
async function socketPair(): Promise<{ server: Socket; client: Socket }> {
  const listening = createServer();
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<Socket>((resolve) => listening.once('connection', resolve));
  const client = await openSocket((listening.address() as { port: number }).port);
  const server = await accepted;
  listening.close();
  for (const socket of [server, client]) {
    socket.on('error', () => {});
    onTestFinished(() => { socket.destroy(); });
  }
  return { server, client };
}

describe('channels without subscribers', () => {
  it('are kept up to maxEmptyChannels, however many names clients make up, the most recently active last', async () => {
    const channels = new Channels({ maxEmptyChannels: 100 });
    for (let i = 0; i < 10_000; i++) {
      const visitor = new PassThrough();
      channels.subscribe(`room ${i}`, eventsOf(visitor));
      channels.publish(`room ${i}`, 'hello?');
      visitor.destroy();
      if (i % 1000 === 999) await nextTick();  // their 'close' events
    }
    await nextTick();
    expect(channels.size).toBe(100);
    expect(channels.remembered('room 9999')).toBe(1);
    expect(channels.remembered('room 9900')).toBe(1);
    expect(channels.remembered('room 9899')).toBe(0);

    // A message makes an empty channel the most recently active: it outlives those that left after it.
    channels.publish('room 9900', 'still here?');
    const last = new PassThrough();
    channels.subscribe('one more', eventsOf(last));
    last.destroy();
    await nextTick();
    expect(channels.remembered('room 9900')).toBe(2);
    expect(channels.remembered('room 9901')).toBe(0);
    channels.close();
  });

  it('holds the default bound after many distinct names', async () => {
    const channels = new Channels();
    for (let i = 0; i < 3 * CHANNEL_LIMITS.maxEmptyChannels; i++) {
      const visitor = new PassThrough();
      channels.subscribe(`name ${i}`, eventsOf(visitor));
      visitor.destroy();
    }
    await nextTick();
    expect(channels.size).toBe(CHANNEL_LIMITS.maxEmptyChannels);
    channels.close();
  });

  it('a reconnect to a channel forgotten meanwhile gets missed, then what the channel has now', async () => {
    const channels = new Channels({ maxEmptyChannels: 1 });
    const ada = listener();
    channels.subscribe('lobby', eventsOf(ada));
    channels.publish('lobby', 'before');
    await nextTick();  // Channels writes at the end of the turn
    const lastId = ada.lastId();
    ada.destroy();
    await nextTick();
    const stranger = new PassThrough();
    channels.subscribe('elsewhere', eventsOf(stranger));  // another empty channel: the lobby is forgotten
    stranger.destroy();
    await nextTick();
    expect(channels.remembered('lobby')).toBe(0);
    expect(channels.publish('lobby', 'said to nobody')).toBe(0);  // kept by nobody, but numbered

    const back = listener();
    channels.subscribe('lobby', eventsOf(back), lastId);
    expect(back.events).toEqual([{ event: 'missed', id: expect.any(String), data: lastId }]);
    channels.publish('lobby', 'after');
    await nextTick();
    const later = listener();
    channels.subscribe('lobby', eventsOf(later), lastId);
    expect(later.events.map((e) => e.event ?? e.data)).toEqual(['missed', 'after']);
    channels.close();
  });

  it('a stream already closed when it subscribes leaves its new channel to be forgotten like any empty one', () => {
    const channels = new Channels({ maxEmptyChannels: 1 });
    for (const room of ['a', 'b', 'c']) {
      const gone = new PassThrough();
      gone.destroy();
      expect(channels.subscribe(room, eventsOf(gone))).toBe(0);
    }
    expect(channels.size).toBe(1);
    expect(channels.subscribers('c')).toBe(0);
  });

  it('never forgets a channel that has a subscriber, whatever happens in it', async () => {
    const channels = new Channels({ maxEmptyChannels: 1 });
    const [ada, bob] = [listener(), listener()];
    channels.subscribe('lobby', eventsOf(ada));
    channels.subscribe('lobby', eventsOf(bob));
    const gone = new PassThrough();
    gone.destroy();
    channels.subscribe('lobby', eventsOf(gone));    // a stream that closed before it joined
    channels.publish('lobby', 'hello');   // a message
    bob.destroy();                        // one leaves, one stays
    await nextTick();
    for (const room of ['x', 'y']) {      // more empty channels than maxEmptyChannels
      const visitor = new PassThrough();
      channels.subscribe(room, eventsOf(visitor));
      visitor.destroy();
    }
    await nextTick();
    expect(channels.subscribers('lobby')).toBe(1);
    expect(channels.publish('lobby', 'still here?')).toBe(1);
    channels.close();
  });
});
