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
