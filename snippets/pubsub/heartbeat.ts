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
      if (!channel.spoke) {
        for (const subscriber of channel.members) {
          if (!deliver(subscriber, HEARTBEAT)) this.#drop(name, subscriber);
        }
      }
      channel.spoke = false;
    }
    this.#expire(Date.now());
  }
