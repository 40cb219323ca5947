/** `start`: listens on `port`, and gives each connection `requestTimeoutMs` to send a
 *  request's head, up to the blank line that ends it; then that request is answered,
 *  or a 408 is, and nothing more is read. */
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
