// Exercise push/catch-up: an event stream that a client can rejoin without
// missing anything.
// Check your work with: npm run exercise push/catch-up
//
// GET /events streams every new tick, as chapters/push.ts does, but each frame
// now carries the tick's id on a line of its own, the way Server-Sent Events
// number their events:
//   id: 7
//   data: 7 2026-11-23T20:41:07.000Z
// GET /events?after=5 first sends the remembered ticks after 5 (`ticks.after(5)`), oldest
// first, then goes on with new ones: nothing missed, nothing twice. An `after` that isn't
// a whole number, or is ahead of the newest tick, gets a 400 with the reason, like /poll.
import { createServer, type Server, type Socket } from 'node:net';
import { HOST } from '../../program.ts';
import { readRequestLine, type Tick, type Ticks } from '../../push.ts';

export function createCatchUpServer(ticks: Ticks): Server {
  return createServer(async (socket) => {
    socket.on('error', () => socket.destroy());
    let requestLine: string;
    try {
      requestLine = await readRequestLine(socket);
    } catch (error) {
      const why = `${(error as Error).message}\n`;
      return respond(socket, '431 Request Header Fields Too Large', why);
    }
    const target = requestLine.split(' ')[1] ?? '';
    const url = new URL(target, `http://${HOST}`);
    if (url.pathname !== '/events') {
      const body = `Nothing at ${url.pathname}. Try /events\n`;
      return respond(socket, '404 Not Found', body);
    }
    // TODO: read `after` from url.searchParams,
    // refuse a bad one with 400, and send what was missed.
    socket.write(
      'HTTP/1.1 200 OK\r\n' +
        'Content-Type: text/event-stream\r\n' +
        'Cache-Control: no-cache\r\n' +
        'Connection: close\r\n' +
        '\r\n',
    );
    const stopListening = ticks.listen((tick) => socket.write(frame(tick)));
    socket.once('close', stopListening);
  });
}

function frame(tick: Tick): string {
  // TODO: an `id:` line first.
  return `data: ${tick.id} ${tick.time}\n\n`;
}

function respond(socket: Socket, status: string, body: string): void {
  socket.end(
    `HTTP/1.1 ${status}\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n' +
      '\r\n' +
      body,
  );
}
