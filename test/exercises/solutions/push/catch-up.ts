// Reference solution for push/catch-up. Kept out of the reader's way: read it after your own.
import { createServer, type Server, type Socket } from 'node:net';
import { HOST } from '../../../../chapters/program.ts';
import { readRequestLine, type Tick, type Ticks } from '../../../../chapters/push.ts';

export function createCatchUpServer(ticks: Ticks): Server {
  return createServer(async (socket) => {
    socket.on('error', () => socket.destroy());
    let requestLine: string;
    try {
      requestLine = await readRequestLine(socket);
    } catch (error) {
      return respond(socket, '431 Request Header Fields Too Large', `${(error as Error).message}\n`);
    }
    const target = requestLine.split(' ')[1] ?? '';
    const url = new URL(target, `http://${HOST}`);
    if (url.pathname !== '/events') return respond(socket, '404 Not Found', `Nothing at ${url.pathname}. Try /events\n`);
    const after = url.searchParams.get('after') ?? String(ticks.lastId);
    if (!/^\d{1,15}$/.test(after)) {
      return respond(socket, '400 Bad Request', `after must be the number of the last event seen, got ${JSON.stringify(after)}\n`);
    }
    if (Number(after) > ticks.lastId) {
      return respond(socket, '400 Bad Request', `after=${after} is ahead of the newest event, ${ticks.lastId}\n`);
    }
    socket.write(
      'HTTP/1.1 200 OK\r\n' +
        'Content-Type: text/event-stream\r\n' +
        'Cache-Control: no-cache\r\n' +
        'Connection: close\r\n' +
        '\r\n',
    );
    // The missed ticks and the listener go in together, in one turn of the event loop:
    // no tick can be published between them, so none is lost or sent twice.
    for (const tick of ticks.after(Number(after))) socket.write(frame(tick));
    const stopListening = ticks.listen((tick) => socket.write(frame(tick)));
    socket.once('close', stopListening);
  });
}

function frame(tick: Tick): string {
  return `id: ${tick.id}\ndata: ${tick.id} ${tick.time}\n\n`;
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
