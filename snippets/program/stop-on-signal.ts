/**
 * On Ctrl-C (SIGINT) or SIGTERM: say so, run `stop`, and once it has finished,
 * exit with status 0. A second Ctrl-C while it runs ends the process at once.
 */
export function stopOnSignal(stop: () => unknown): void {
  const onSignal = () => {
    process.off('SIGINT', onSignal); // from now on a signal has its default effect
    process.off('SIGTERM', onSignal);
    console.log('Stopping.');
    Promise.resolve()
      .then(stop)
      .then(() => process.exit(0))
      .catch((error) => fail('stopping', error));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Returns how to stop `server`:
 *  stop accepting, and hang up on everyone still connected. */
export function closer(server: Server): () => Promise<void> {
  const open = new Set<Socket>();
  server.on('connection', (socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  return () => new Promise((resolve) => {
    server.close(() => resolve()); // also when it never listened: nothing to close
    for (const socket of open) socket.destroy();
  });
}
