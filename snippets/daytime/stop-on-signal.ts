/**
 * On Ctrl-C (SIGINT) or SIGTERM: stop accepting, hang up on everyone still
 * connected, and let the process end by itself, which it does once nothing is
 * left to wait for.
 */
export function stopOnSignal(server: Server, onStop: () => void = () => {}): void {
  const open = new Set<Socket>();
  server.on('connection', (socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });

  const stop = () => {
    console.log('Stopping.');
    onStop();
    server.close();
    for (const socket of open) socket.destroy();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
