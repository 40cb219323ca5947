  /** Writes what `subscriber` missed since `lastEventId`. When we can't tell what
   *  that was (the id is older than the history, from another run of the server, or
   *  not an id at all), the subscriber is told so in an event of its own, then gets
   *  the whole history. */
  #replay(channel: Channel, subscriber: Writable, lastEventId: string): number {
    let lastSent = this.#seqOf(lastEventId);
    if (lastSent === undefined || lastSent < channel.completeSince) {
      const notice = {
        event: MISSED_EVENT, id: this.#idOf(this.#lastSeq), data: lastEventId,
      };
      deliver(subscriber, formatEvent(notice));
      lastSent = 0;
    }
    // Reads the live history, not a copy: if one of these writes makes someone publish,
    // the new message lands at the end and is replayed too, in order and only once
    // (we are not a member yet, so the live publish skipped us).
    let replayed = 0;
    for (let i = firstAfter(channel.history, lastSent); i < channel.history.length; ) {
      const next = channel.history[i];
      if (!deliver(subscriber, next.frame)) {
        subscriber.destroy();
        break;
      }
      replayed++;
      lastSent = next.seq;
      i = firstAfter(channel.history, lastSent);
    }
    return replayed;
  }
