/** Channel name → the sockets subscribed to it: the draft's `*channels*`. */
export const channels = new Map<string, Socket[]>();

/** `subscribe!`: from now on, `socket` hears everything said on `channel`. */
export function subscribe(channel: string, socket: Socket): void {
  const subscribers = channels.get(channel) ?? [];
  subscribers.push(socket);
  channels.set(channel, subscribers);
}
