export type Log = (line: string) => void;

/** Sends the time to every client that connects, and survives their mistakes. */
export function createDaytimeServer(log: Log = console.log): Server {
  return createServer((socket) => {
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    // Without this listener, one client resetting its connection would crash
    // the server.
    socket.on('error', (error) => log(`${peer}: ${error.message}`));
    socket.end(daytimeLine(), () => log(`${peer}: sent the time`));
  });
}
