  /** The draft's second `publish!`, with ids: numbers the message and keeps it in the
   *  channel's history, then writes it to the subscribers that can still be written
   *  to, and says how many it reached. */
  function publish(channel: string, message: string): number {
    const event = { id: String(++lastId), data: message };
    history.set(channel, [...(history.get(channel) ?? []), event].slice(-kept));
    const subscribers = channels.get(channel);
    if (subscribers === undefined) return 0;
    const listening = subscribers.filter((socket) => socket.writable);
    for (const socket of listening) writeEvent(event, socket);
    channels.set(channel, listening);
    return listening.length;
  }
