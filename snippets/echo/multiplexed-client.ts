/** What a socket can be ready for, as the tutorial's event base puts it. */
type Readiness = 'read' | 'write';

/**
 * The tutorial's multiplexed client (ex5a). The event base is Node's own loop: one
 * handler runs when the socket has something to read, one when it can be written, and
 * a disconnector unregisters them and closes the socket when a handler says so.
 * `readLine` is the tutorial's read from the keyboard: it may block.
 */
export function multiplexedClient(
  port: number,
  readLine: () => string | null,
  output: Writable,
): Promise<void> {
  const socket = connect(port, HOST);
  let nextWrite: NodeJS.Immediate | undefined;
  const disconnect = disconnector(socket, {
    read: () => socket.off('data', onReadable),
    write: () => {
      clearImmediate(nextWrite);
      socket.off('connect', writableSoon).off('drain', writableSoon);
    },
  });

  function onReadable(chunk: Buffer): void {
    output.write(chunk);
  }
  function writableSoon(): void {
    nextWrite = setImmediate(onWritable); // after the loop has looked for reads
  }
  function onWritable(): void {
    const line = readLine(); // while this waits, every other handler waits too
    if (line === null) return disconnect('write'); // end of input: nothing more to send
    if (socket.write(`${line}\n`)) writableSoon();
    else socket.once('drain', writableSoon);
  }

  socket.on('data', onReadable);
  socket.once('connect', writableSoon);
  socket.once('end', () => disconnect('close')); // the server has hung up
  return new Promise((resolve, reject) => {
    socket.once('error', (error) => {
      disconnect('close');
      reject(error);
    });
    socket.once('close', (hadError) => hadError || resolve());
  });
}

/**
 * The disconnector: a closure over one socket. Called with the handlers to unregister
 * (all of them, if it names none) and maybe 'close'. A socket left with no handler to
 * write has nothing more to send, and says so (`end`); one left with none at all, or
 * told to close, is closed.
 */
function disconnector(socket: Socket, unregister: Record<Readiness, () => void>) {
  const registered = new Set<Readiness>(['read', 'write']);
  return (...what: (Readiness | 'close')[]): void => {
    const named = what.filter((item): item is Readiness => item !== 'close');
    for (const handler of named.length > 0 ? named : [...registered]) {
      unregister[handler]();
      registered.delete(handler);
    }
    if (what.includes('close') || registered.size === 0) socket.destroy();
    else if (!registered.has('write')) socket.end();
  };
}

/** One line from standard input, read the blocking way: the whole process waits for
 *  it. null at the end of input. */
export function readLineBlocking(fd = 0): string | null {
  const bytes: number[] = [];
  const byte = Buffer.alloc(1);
  while (readSync(fd, byte) === 1) {
    if (byte[0] === 0x0a) return Buffer.from(bytes).toString('utf8');
    bytes.push(byte[0]!);
  }
  return bytes.length > 0 ? Buffer.from(bytes).toString('utf8') : null;
}
