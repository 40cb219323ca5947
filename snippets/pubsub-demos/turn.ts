/** Ten messages published in one turn to two subscribers of the first server, by its
 *  own `publish` and by the one above: how many writes reach each subscriber? */
export async function turn(log: Log = console.log): Promise<number[][]> {
  const port = await start(0);
  const [ada, bea] = [joinRoom(port, 'turn'), joinRoom(port, 'turn')];
  await Promise.all([ada.until(joined(ada)), bea.until(joined(bea))]);
  const counts = channels.get('turn')!.map(countWrites);
  const writes: number[][] = [];
  const said: string[] = [];
  const ways = [['at once', publishAtOnce], ['per turn', publish]] as const;
  for (const [name, send] of ways) {
    counts.forEach((count) => (count.writes = 0));
    for (let i = 1; i <= 10; i++) said.push(`${name} ${i}`);
    said.slice(-10).forEach((message) => send('turn', message));
    const all = 1 + said.length; // `joined`, and what was said
    await Promise.all([ada, bea].map((s) => s.until(() => s.events.length === all)));
    writes.push(counts.map((count) => count.writes));
    log(`publish ${name.padEnd(8)}: 10 messages, ${writes.at(-1)!.join(' and ')} writes`);
  }
  const heard = (s: Subscriber) => s.events.slice(1).map((event) => event.data);
  const inOrder = (s: Subscriber) => heard(s).join('\n') === said.join('\n');
  log(`both heard all 20, once each, in order: ${inOrder(ada) && inOrder(bea)}`);
  [ada, bea].forEach((s) => s.socket.destroy());
  servers[0]!.close();
  return writes;
}

/** Counts the writes on a socket from now on. */
function countWrites(socket: Socket): { writes: number } {
  const count = { writes: 0 };
  const write = socket.write;
  socket.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
    count.writes++;
    return write.apply(this, args);
  } as Socket['write'];
  return count;
}
