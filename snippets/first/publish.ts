/** The draft's second `publish!`: keeps only the subscribers that can still be written
 *  to, writes to them, and says how many it reached. */
export function publish(channel: string, message: string): number {
  const subscribers = channels.get(channel);
  if (subscribers === undefined) return 0;
  const listening = subscribers.filter((socket) => socket.writable);
  for (const socket of listening) writeEvent({ data: message }, socket);
  channels.set(channel, listening);
  return listening.length;
}
