  /** Adds `subscriber` to `channel`. With the id of the last event it saw, it first
   *  gets every later message still in the history; returns how many were replayed. */
  subscribe(channel: string, stream: Subscriber, lastEventId?: string): number {
    const subscriber = stream instanceof EventStream ? stream.connection : stream;
    const joined = this.#open(channel);
    if (joined.members.has(subscriber)) return 0;
    const replayed = lastEventId === undefined ? 0 : this.#replay(joined, subscriber, lastEventId);
    if (subscriber.destroyed) return replayed;
    joined.members.add(subscriber);

    const leave = () => this.#drop(channel, subscriber);
    subscriber.once('close', leave);
    subscriber.on('error', leave);
    return replayed;
  }
