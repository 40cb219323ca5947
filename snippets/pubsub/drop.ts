  #drop(name: string, subscriber: EventStream): void {
    const channel = this.#channels.get(name);
    if (channel === undefined || !channel.members.delete(subscriber)) return;
    channel.lastActive = Date.now();
    this.#undrained.delete(subscriber);
    if (channel.members.size === 0) this.#leftEmpty(name, channel);
    subscriber.destroy();
  }

  /** Stops the heartbeat and ends every stream; browsers reconnect, as after any drop. */
  close(): void {
    this.#writeAll();
    this.#stopTimer();
    for (const channel of this.#channels.values()) {
      for (const subscriber of channel.members) subscriber.close();
    }
    this.#channels.clear();
    this.#empty.clear();
    this.#undrained.clear();
  }
}
