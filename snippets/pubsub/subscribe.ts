  /** Adds `subscriber` to `channel`. With the id of the last event it saw, it first
   *  gets every later message still in the history; returns how many were replayed. */
  subscribe(channel: string, subscriber: EventStream, lastEventId?: string): number {
    const joined = this.#open(channel);
    if (joined.members.has(subscriber)) return 0;
    const replayed = lastEventId === undefined
      ? 0
      : this.#replay(joined, subscriber, lastEventId);
    if (subscriber.closed) {
      if (joined.members.size === 0) this.#leftEmpty(channel, joined);
      return replayed;
    }
    // What this turn has published so far was replayed, or came before this subscriber:
    // it goes now to those who were here for it, and not again to the newcomer.
    this.#write(channel, joined);
    joined.members.add(subscriber);
    this.#empty.delete(channel);

    // An error is followed by a close, and either means the subscriber is gone: one
    // listener for both (dropping twice does nothing), and `on`, since `once` would
    // wrap it in two more objects for every one of thousands of idle streams.
    const leave = this.#leaving(channel, subscriber);
    subscriber.onClose(leave);
    return replayed;
  }

  #leaving(channel: string, subscriber: EventStream): () => void {
    return () => this.#drop(channel, subscriber);
  }
