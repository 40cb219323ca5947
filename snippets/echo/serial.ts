/**
 * One client at a time. Later clients get connected (the kernel accepts them for
 * us) but wait in line: we don't read a byte from them until everyone before them
 * has left.
 */
export function createSerialEchoServer(log: Log = console.log): Server {
  const waiting: Socket[] = [];
  let serving: Socket | undefined;

  const serveNext = () => {
    serving = waiting.shift();
    if (serving === undefined) return;
    const peer = `${serving.remoteAddress}:${serving.remotePort}`;
    log(`${peer}: your turn (${waiting.length} still waiting)`);
    serving.once('close', serveNext);
    echo(serving);
    serving.resume();
  };

  // pauseOnConnect: Node hands us each connection without reading from it.
  return createServer({ pauseOnConnect: true }, (socket) => {
    watch(socket, log);
    waiting.push(socket);
    if (serving === undefined) serveNext();
  });
}
