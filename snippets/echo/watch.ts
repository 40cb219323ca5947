/** Logs a connection's comings and goings; keeps its errors its own. */
function watch(socket: Socket, log: Log): void {
  const peer = `${socket.remoteAddress}:${socket.remotePort}`;
  log(`${peer} connected`);
  socket.on('error', (error) => log(`${peer}: ${error.message}`));
  socket.once('close', () => log(`${peer} left`));
}
