/**
 * Stevens' fork()-per-connection server, in Node: the parent only accepts, and each
 * client gets a process of its own, which sends the time and exits. (A thread each
 * is not on offer: Node's threads can't share a socket.)
 */
export function createForkingDaytimeServer(log: Log = console.log): Server {
  // pauseOnConnect: the parent never reads; the child does all the talking.
  return createServer({ pauseOnConnect: true }, (socket) => {
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    const accepted = performance.now();
    socket.on('error', (error) => log(`${peer}: ${error.message}`));
    const child = forkChild(import.meta.filename);
    child.once('error', (error) =>
      log(`${peer}: cannot start a process: ${error.message}`));
    void handOff(child, socket, () => {
      const ms = Math.round(performance.now() - accepted);
      log(`${peer}: handed to process ${child.pid}, ${ms} ms after it connected`);
    });
    child.once('exit', (code) =>
      log(`${peer}: process ${child.pid} exited with ${code}`));
  });
}

/** What each child process does with its one client. */
function tellTheTimeAndGo(socket: Socket): void {
  socket.on('error', () => process.exit(1));
  socket.end(daytimeLine(), () => process.disconnect()); // done: let go of the parent
}
