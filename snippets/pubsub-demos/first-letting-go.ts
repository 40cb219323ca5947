/** Serves the first server's chat with `/send-message` defined again, its `publish`
 *  letting go of any subscriber more than `maxUnsentBytes` behind. */
async function firstLettingGo(maxUnsentBytes: number): Promise<void> {
  /** The draft's second `publish!`: keeps only the subscribers that can still be written
   *  to, writes to them, and says how many it reached. */
  function publish(channel: string, message: string): number {
    const subscribers = channels.get(channel);
    if (subscribers === undefined) return 0;
    for (const socket of subscribers) {
      if (socket.writableLength > maxUnsentBytes) socket.destroy(); // too far behind
    }
    const listening = subscribers.filter((socket) => socket.writable);
    for (const socket of listening) writeEvent({ data: message }, socket);
    channels.set(channel, listening);
    return listening.length;
  }
  defineClosingHandler(
    '/send-message',
    { room, name: { min: 1, max: 64 }, message: { min: 5, max: 256 } },
    ({ room, name, message }) => {
      const heard = publish(room, JSON.stringify({ name, message }));
      return `sent to ${heard} listener${heard === 1 ? '' : 's'}\n`;
    },
    'text/plain',
  );
  await serveChat('A first server letting go');
}
