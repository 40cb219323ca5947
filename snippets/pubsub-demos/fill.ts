/** How many bytes this machine's kernel holds for a connection whose reader has stopped
 *  reading, before the writer has to keep the rest in its own memory. */
async function kernelHolds(): Promise<number> {
  const server = createServer();
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const reader = connect(await listen(server, 0), HOST).pause();
  const writer = await accepted;
  let written = 0;
  while (writer.writableLength === 0) {
    writer.write(Buffer.alloc(16 * 1024));
    written += 16 * 1024;
    await nextTurn();
  }
  [reader, writer].forEach((socket) => socket.destroy());
  server.close();
  return written - writer.writableLength;
}

/** The largest post the chat takes: every character one that JSON writes in six bytes. */
const [LARGEST_NAME, LARGEST_MESSAGE] = ['\u0001'.repeat(64), '\u0001'.repeat(256)];

/** Bea posts the largest messages until she has heard `bytes` in all (so has everyone
 *  else in the room), fewer at a time as she gets close. */
async function fill(port: number, room: string, bea: Subscriber, bytes: number) {
  const heard = bea.events.length;
  let posted = 0;
  while (bea.bytes < bytes) {
    const count = Math.min(128, Math.ceil((bytes - bea.bytes) / 2000));
    const batch = Array.from({ length: count },
      () => post(port, room, LARGEST_MESSAGE, LARGEST_NAME));
    posted += (await Promise.all(batch)).length;
    await bea.until(() => bea.events.length === heard + posted);
  }
}
