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
  defineSendMessage(publish);
  await serveChat('A first server letting go');
}
