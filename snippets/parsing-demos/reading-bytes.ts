/** `start`: listens on `port`, and reads each connection until its request's head
 *  and the body it announces have come; then that request is answered, and nothing
 *  more is read. */
export function start(port: number): Promise<number> {
  const server = createServer((socket) => {
    socket.on('error', () => {}); // a client's reset is no reason to crash
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const length = requestLength(received);
      if (length === undefined) return; // `complete?`: not yet
      socket.off('data', onData);
      answer(socket, received.toString('utf8', 0, length));
    };
    socket.on('data', onData);
  });
  servers.push(server);
  return listen(server, port);
}

/** `complete?`: once the head has ended and as many bytes as it announces have followed,
 *  the request's length in bytes; until then, undefined. */
export function requestLength(received: Buffer): number | undefined {
  const headEnd = received.indexOf(CRLF + CRLF);
  if (headEnd === -1) return undefined;
  const head = received.toString('latin1', 0, headEnd);
  const announced = /^content-length: *(\d+)/im.exec(head)?.[1] ?? '0';
  const length = headEnd + 4 + Number(announced);
  return received.length >= length ? length : undefined;
}
