/** `start`: listens on `port`, and reads each connection until the blank line that
 *  ends a request's head; then that request is answered, and nothing more is read. */
export function start(port: number): Promise<number> {
  const server = createServer((socket) => {
    socket.on('error', () => {}); // a client's reset is no reason to crash
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (!received.includes(CRLF + CRLF)) return; // `complete?`: not yet
      socket.off('data', onData);
      answer(socket, received);
    };
    socket.on('data', onData);
  });
  servers.push(server);
  return listen(server, port);
}
