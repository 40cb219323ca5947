/** One response that never ends: a head now, then a `data:` frame per event. */
function streamEvents(socket: Socket, ticks: Ticks): void {
  socket.write(
    'HTTP/1.1 200 OK\r\n' +
      'Content-Type: text/event-stream\r\n' +
      'Cache-Control: no-cache\r\n' +
      'Connection: close\r\n' + // no length: the body ends when the connection does
      '\r\n',
  );
  const stopListening = ticks.listen((tick) => {
    socket.write(`data: ${tick.id} ${tick.time}\n\n`);
  });
  socket.once('close', stopListening);
}
