/** Every client at once: each connection is a few listeners on one event loop. */
export function createEchoServer(log: Log = console.log): Server {
  return createServer((socket) => {
    watch(socket, log);
    echo(socket);
  });
}
