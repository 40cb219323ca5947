// What a hostile client can make a room cost: the Last-Event-ID header's length, the bytes one
// replay writes, a subscriber that never reads, and rooms made up by the thousand.
import { describe, expect, it, onTestFinished } from 'vitest';
import { chatRouter, EVENT_ID } from '../chapters/chat.ts';
import { start } from '../chapters/listen.ts';
import { Channels } from '../chapters/pubsub.ts';
import { bodyOf, exchange, httpRequest, openSocket, parseResponse, record, subscribeEvents, type ParsedResponse } from './helpers.ts';

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

