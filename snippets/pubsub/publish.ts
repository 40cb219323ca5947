  /** Sends `message` to every subscriber of `channel` under a new id, and remembers it
   *  while the channel exists; returns how many subscribers it reached. */
  publish(channel: string, message: string | Omit<ServerSentEvent, 'id'>): number {
    // A number even for a message nobody keeps: an id from before it can't be placed.
    const seq = ++this.#lastSeq;
    const target = this.#channels.get(channel);
    if (target === undefined) return 0;
    if (target.members.size === 0) this.#leftEmpty(channel, target);  // active again

    const event = typeof message === 'string' ? { data: message } : message;
    // Bytes, once: each subscriber's write then copies them as they are, where a string
    // would be turned into UTF-8 again for every one of thousands of subscribers.
    const frame = Buffer.from(formatEvent({ ...event, id: this.#idOf(seq) }));
    this.#remember(target, { seq, at: Date.now(), frame });

    let reached = 0;
    for (const subscriber of target.members) {
      if (deliver(subscriber, frame)) reached++;
      else this.#drop(channel, subscriber);
    }
    return reached;
  }
