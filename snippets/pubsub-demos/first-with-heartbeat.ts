/** Serves the first server's chat with `/source` defined again, as one would at the
 *  draft's REPL: now each stream also gets a comment every `heartbeatMs`. */
async function firstWithHeartbeat(heartbeatMs: number): Promise<void> {
  defineStreamHandler('/source', { room }, ({ room }, socket) => {
    subscribe(room, socket);
    writeEvent({ event: 'joined', data: room }, socket); // the page shows "live"
    const heartbeat = setInterval(() => socket.write(':\n\n'), heartbeatMs);
    socket.on('close', () => clearInterval(heartbeat));
  });
  await serveChat('A first server with a heartbeat');
}
