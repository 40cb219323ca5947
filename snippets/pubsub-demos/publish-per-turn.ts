/** The draft's second `publish!`: keeps only the subscribers that can still be written
 *  to, and says how many it reached. What it says is written at the end of the turn. */
export function publish(channel: string, message: string): number {
  const subscribers = channels.get(channel);
  if (subscribers === undefined) return 0;
  const listening = subscribers.filter((socket) => socket.writable);
  writeLater(channel, `data: ${message}\n\n`);
  channels.set(channel, listening);
  return listening.length;
}

/** Channel name → what it published this turn, to be written when the turn ends. */
const unsent = new Map<string, string[]>();

function writeLater(channel: string, event: string): void {
  if (unsent.size === 0) setImmediate(writeAll);
  unsent.set(channel, [...(unsent.get(channel) ?? []), event]);
}

function writeAll(): void {
  for (const [channel, events] of unsent) {
    const text = events.join('');
    for (const socket of channels.get(channel) ?? []) {
      if (socket.writable) socket.write(text);
    }
  }
  unsent.clear();
}
