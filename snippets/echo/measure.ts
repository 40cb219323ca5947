export interface Backlog {
  /** Bytes the server read before it stopped reading, or ran out of input. */
  read: number;
  /** Bytes the server had written but not yet sent: memory, spent on one client. */
  held: number;
  /** Bytes the client got back once it finally read. */
  echoed: number;
  /** The server socket's high-water mark: write() says false once this much is unsent. */
  highWaterMark: number;
}

/** Floods an echo server, reading no replies; measures what the server holds. */
export async function measureBacklog(
  handle: (socket: Socket) => void,
  total = FLOOD_BYTES,
): Promise<Backlog> {
  let serverSide: Socket | undefined;
  const server = createServer((socket) => {
    serverSide = socket;
    handle(socket);
  });
  const port = await listen(server, 0);
  try {
    const client = connect(port, HOST);
    client.pause(); // the slow reader: reads nothing for now
    client.write(Buffer.alloc(total, 'x'));

    await settled(() => serverSide?.bytesRead ?? 0, total);
    const read = serverSide!.bytesRead;
    const held = serverSide!.writableLength;
    const highWaterMark = serverSide!.writableHighWaterMark;

    let echoed = 0;
    client.on('data', (chunk: Buffer) => {
      echoed += chunk.length;
      if (echoed === total) client.end();
    });
    client.resume(); // now read everything back
    await new Promise((resolve) => client.once('close', resolve));
    return { read, held, echoed, highWaterMark };
  } finally {
    server.close();
  }
}

/** Waits until `progress()` reaches `goal` or stops moving (at most 20 s). */
async function settled(progress: () => number, goal: number): Promise<void> {
  const STILL_POLLS = 6;
  const MAX_POLLS = 400;
  let last = -1;
  let still = 0;
  for (let poll = 0; poll < MAX_POLLS; poll++) {
    if (progress() >= goal || still >= STILL_POLLS) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
    still = progress() === last ? still + 1 : 0;
    last = progress();
  }
}
