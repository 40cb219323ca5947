/** How many processes the pool starts: one per core is the usual choice. */
export const POOL_SIZE = 2;

export interface Pool {
  server: Server;
  /** The process id of each child, in the order they take turns. */
  pids: number[];
  /** Stops accepting, and stops the children (they hang up on their clients). */
  stop(): Promise<void>;
}

/**
 * The threaded server's nearest relative in Node: a few child processes, started once,
 * each running `echo` for many clients on its own event loop. The parent only accepts
 * connections, and hands each to the next child in turn.
 */
export function createEchoPool(size = POOL_SIZE, log: Log = console.log): Pool {
  const children = Array.from({ length: size }, () => forkChild(import.meta.filename));
  let next = 0;
  const server = createServer({ pauseOnConnect: true }, (socket) => {
    const child = children[next++ % children.length]!;
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.on('error', (error) => log(`${peer}: ${error.message}`));
    void handOff(child, socket, () => log(`${peer}: handed to process ${child.pid}`));
  });
  const stop = async () => {
    // The server counts the sockets it handed out as its own until their children let go
    // of them, so it can only finish closing once the children have stopped.
    const closed = new Promise((resolve) => server.close(resolve));
    await Promise.all(children.map(stopChild));
    await closed;
  };
  return { server, pids: children.map((child) => child.pid!), stop };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** What each child does with every socket it is sent. */
function echoInChild(socket: Socket): void {
  watch(socket, (line) => console.log(`process ${process.pid}: ${line}`));
  echo(socket);
  socket.resume(); // the parent accepted it paused; from here on, we read
}
