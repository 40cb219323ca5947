// An EventStream refuses to write once its reader is more than its maxUnsentBytes behind; the wire
// gives each stream it opens the server's maxUnsentEventBytes.
import { Writable } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { start } from '../chapters/listen.ts';
import { Router, stream } from '../chapters/routing.ts';
import { openSocket, receive } from './helpers.ts';
import { EventStream, MAX_UNSENT_BYTES } from '../chapters/pubsub.ts';

/** A connection whose reader never reads: every write stays unsent. */
const stuck = () => new Writable({ write() {} });

describe('EventStream', () => {
  it('takes anything while nothing waits, then refuses past its maxUnsentBytes', () => {
    const events = new EventStream(stuck(), 10);
    expect(events.write('x'.repeat(25))).toBe(true);  // nothing waited: a big frame goes out whole
    expect(events.unsentBytes).toBe(25);
    expect(events.write('y')).toBe(false);            // 26 > 10

    const roomy = new EventStream(stuck(), 10);
    expect(roomy.write('12345')).toBe(true);
    expect(roomy.write('12345')).toBe(true);          // exactly 10
    expect(roomy.write('1')).toBe(false);             // 11
  });

  it('defaults to MAX_UNSENT_BYTES', () => {
    expect(new EventStream(stuck()).maxUnsentBytes).toBe(MAX_UNSENT_BYTES);
  });

  it("gets the server's maxUnsentEventBytes when the server opens it", async () => {
    let opened: EventStream | undefined;
    const router = new Router().on('GET', '/events', () => stream((events) => { opened = events; }));
    const server = await start(router, { port: 0, limits: { maxUnsentEventBytes: 1234 } });
    onTestFinished(() => server.stop());
    const socket = await openSocket(server.port);
    onTestFinished(() => { socket.destroy(); });
    socket.write('GET /events HTTP/1.1\r\nHost: t\r\n\r\n');
    await receive(socket, /text\/event-stream/);
    expect(opened?.maxUnsentBytes).toBe(1234);
  });

  it('refuses a stream that is gone', () => {
    const connection = stuck();
    const events = new EventStream(connection);
    connection.destroy();
    expect(events.closed).toBe(true);
    expect(events.write('x')).toBe(false);
  });
});
