/** Serves the first server's chat with the `start` that reads bytes, changed to refuse
 *  a head that says in two ways where its request ends. */
async function firstWithOneReading(): Promise<void> {
  /** `start`: listens on `port`, and reads each connection until its request's head
   *  and the body it announces have come; then that request is answered, and nothing
   *  more is read. */
  function start(port: number): Promise<number> {
    const server = createServer((socket) => {
      socket.on('error', () => {}); // a client's reset is no reason to crash
      let received = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        const length = requestLength(received);
        if (length === undefined) return; // `complete?`: not yet
        socket.off('data', onData);
        if (typeof length === 'string') return refuse(socket, length);
        answer(socket, received.toString('utf8', 0, length));
      };
      socket.on('data', onData);
    });
    servers.push(server);
    return listen(server, port);
  }

  /** `complete?`: once the head has ended and as many bytes as it announces have
   *  followed, the request's length in bytes; until then, undefined; and if the head
   *  frames the request in two ways, the reason it can't be read. */
  function requestLength(received: Buffer): number | string | undefined {
    const headEnd = received.indexOf(CRLF + CRLF);
    if (headEnd === -1) return undefined;
    const head = received.toString('latin1', 0, headEnd);
    const lengths = head.match(/^content-length:/gim) ?? [];
    if (lengths.length > 1) return 'more than one Content-Length';
    const coded = /^transfer-encoding:/im.test(head);
    if (coded) return 'Transfer-Encoding, which this server doesn\'t read';
    const announced = /^content-length: *(\d+)/im.exec(head)?.[1] ?? '0';
    const length = headEnd + 4 + Number(announced);
    return received.length >= length ? length : undefined;
  }

  await serveChat('A first server with one reading', start);
}

/** Answers 400 with `reason`, and hangs up: the first server's `fail`. */
function refuse(socket: Socket, reason: string): void {
  const body = `${reason}\n`;
  failWith(socket, { status: '400 Bad Request', contentType: 'text/plain', body });
}
