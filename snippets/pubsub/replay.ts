  /** Writes what `subscriber` missed since `lastEventId`. When we can't tell what
   *  that was (the id is older than the history, from another run of the server, or
   *  not an id at all), or it is more than one replay may write, the subscriber is
   *  told so in an event of its own, then gets the newest messages that fit. */
  #replay(channel: Channel, subscriber: EventStream, lastEventId: string): number {
    const seen = this.#seqOf(lastEventId);
    const placed = seen !== undefined && seen >= channel.completeSince;
    const missed = placed ? firstAfter(channel.history, seen) : 0;
    const first = newestThatFit(channel.history, missed, this.#limits.maxReplayBytes);
    if (!placed || first > missed) {
      const notice = {
        event: MISSED_EVENT, id: this.#idOf(this.#lastSeq), data: lastEventId,
      };
      subscriber.write(formatEvent(notice));
    }
    let lastSent = first === 0 ? 0 : channel.history[first - 1].seq;
    // Reads the live history, not a copy: if one of these writes makes someone publish,
    // the new message lands at the end and is replayed too, in order and only once
    // (we are not a member yet, so the live publish skipped us).
    let replayed = 0;
    for (let i = firstAfter(channel.history, lastSent); i < channel.history.length; ) {
      const next = channel.history[i];
      if (!subscriber.write(next.frame)) {
        subscriber.destroy();
        break;
      }
      replayed++;
      lastSent = next.seq;
      i = firstAfter(channel.history, lastSent);
    }
    return replayed;
  }
