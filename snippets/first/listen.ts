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

/** Every server `start` made, so a program can stop them. */
export const servers: Server[] = [];

/** Parse, then handle; any error on the way is a 400 that says what went wrong. */
function answer(socket: Socket, text: string): void {
  try {
    handleRequest(socket, parse(text));
  } catch (error) {
    const rule = error instanceof HttpAssertionError;
    const body = `${rule ? '' : 'bad request: '}${(error as Error).message}\n`;
    fail(socket, { status: BAD_REQUEST, contentType: 'text/plain', body });
  }
}
