  /** One timer for every channel: each tick, quiet channels send their subscribers a
   *  comment, which keeps proxies from closing idle streams and finds dead peers. */
  #startTimer(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.#tick(), this.#limits.heartbeatMs);
    this.#timer.unref();
  }

  #stopTimer(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #tick(): void {
    for (const [name, channel] of this.#channels) {
      for (const subscriber of channel.members) {
        if (this.#stalled(subscriber)) this.#drop(name, subscriber);
        else if (!channel.publishedSinceTick && !subscriber.write(HEARTBEAT)) {
          this.#drop(name, subscriber);
        }
      }
      channel.publishedSinceTick = false;
    }
    this.#expire(Date.now());
  }

  /** Whether `subscriber` has had bytes unsent at `undrainedHeartbeats` ticks in a row.
   *  Unsent bytes wait in Node only once the kernel's buffer for the connection is
   *  full, so a subscriber whose bytes never drain has stopped reading, and every byte
   *  of both buffers is held for it. */
  #stalled(subscriber: EventStream): boolean {
    if (subscriber.unsentBytes === 0) {
      if (this.#undrained.size > 0) this.#undrained.delete(subscriber);
      return false;
    }
    const ticks = (this.#undrained.get(subscriber) ?? 0) + 1;
    this.#undrained.set(subscriber, ticks);
    return ticks >= this.#limits.undrainedHeartbeats;
  }
