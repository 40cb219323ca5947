  #open(name: string): Channel {
    let channel = this.#channels.get(name);
    if (channel === undefined) {
      channel = {
        members: new Set(), history: [], completeSince: this.#lastSeq,
        lastActive: Date.now(), publishedSinceTick: false, unsent: [], unsentBytes: 0,
      };
      this.#channels.set(name, channel);
      this.#startTimer();
    }
    return channel;
  }

  #remember(channel: Channel, sent: Sent): void {
    channel.history.push(sent);
    channel.lastActive = sent.at;
    channel.publishedSinceTick = true;
    if (channel.history.length > this.#limits.historyLength) this.#forget(channel, 1);
  }

  /** Forgets the `count` oldest messages of a channel. */
  #forget(channel: Channel, count: number): void {
    if (count === 0) return;
    channel.completeSince = channel.history[count - 1].seq;
    channel.history.splice(0, count);
  }

  /** Drops expired history, and forgets empty channels nobody has used for a while. */
  #expire(now: number): void {
    const oldest = now - this.#limits.historyMs;
    for (const [name, channel] of this.#channels) {
      const fresh = channel.history.findIndex((sent) => sent.at > oldest);
      this.#forget(channel, fresh === -1 ? channel.history.length : fresh);
      if (channel.members.size === 0 && channel.lastActive <= oldest) {
        this.#channels.delete(name);
        this.#empty.delete(name);
      }
    }
    if (this.#channels.size === 0) this.#stopTimer();
  }

  /** A channel with no subscribers (left, or active again): it goes to the end of the
   *  empty ones, and past their limit the one quiet longest is forgotten. Room names
   *  come from clients, so without this, each new name would cost memory for
   *  `historyMs`. */
  #leftEmpty(name: string, channel: Channel): void {
    this.#empty.delete(name);
    this.#empty.set(name, channel);
    for (const [quietest] of this.#empty) {
      if (this.#empty.size <= this.#limits.maxEmptyChannels) break;
      this.#empty.delete(quietest);
      this.#channels.delete(quietest);
    }
  }
