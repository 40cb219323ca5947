/** `start`: listens on `port`, and reads each connection until the blank line that
 *  ends a request's head; then that request is answered, and nothing more is read.
 *  A request that hasn't come within `requestTimeoutMs` is answered 408. */
export function start(port: number, requestTimeoutMs = 10_000): Promise<number> {
  const server = createServer((socket) => {
    socket.on('error', () => {}); // a client's reset is no reason to crash
    let received = '';
    const tooSlow = setTimeout(() => {
      socket.off('data', onData);
      fail(socket, timedOut(requestTimeoutMs));
    }, requestTimeoutMs);
    socket.on('close', () => clearTimeout(tooSlow));
    const onData = (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (!received.includes(CRLF + CRLF)) return; // `complete?`: not yet
      clearTimeout(tooSlow);
      socket.off('data', onData);
      answer(socket, received);
    };
    socket.on('data', onData);
  });
  servers.push(server);
  return listen(server, port);
}

const timedOut = (ms: number): Response => ({
  status: '408 Request Timeout',
  contentType: 'text/plain',
  body: `the request took longer than ${ms} ms to arrive\n`,
});
