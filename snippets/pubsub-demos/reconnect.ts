/** Ada hears a message, loses her connection, and comes back the way EventSource does:
 *  with the id of the last event she got, if it had one. What was said meanwhile? */
export async function reconnect(port: number, log: Log = console.log): Promise<string[]> {
  const before = joinRoom(port, 'reconnect');
  await before.until(joined(before));
  await post(port, 'reconnect', 'before you left');
  await before.until(() => before.events.length === 2);
  const lastId = before.events.at(-1)!.id;
  before.socket.destroy(); // the Wi-Fi drops
  for (const message of ['lunch?', 'at noon']) await post(port, 'reconnect', message);

  const after = joinRoom(port, 'reconnect', lastId);
  await after.until(joined(after));
  await post(port, 'reconnect', 'welcome back');
  await after.until(() => after.events.some((event) => event.data.includes('welcome')));
  const heard = after.events.filter((event) => event.event === undefined)
    .map((event) => JSON.parse(event.data).message);
  log(`Ada heard "before you left", ${lastId ? 'with an id' : 'without an id'}`);
  log('while she was away, Bea said "lunch?" and "at noon"');
  log(`Ada came back with ${lastId ? 'Last-Event-ID' : 'no Last-Event-ID'}`);
  log(`and heard: ${heard.join(', ')}`);
  after.socket.destroy();
  return heard;
}
