  /** Sends `message` to every subscriber of `channel` under a new id, and remembers it
   *  while the channel exists; returns how many subscribers it goes to. */
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

    if (target.members.size > 0) this.#writeLater(channel, target, frame);
    return target.members.size;
  }

  /** Keeps a frame for the end of this turn of the event loop: whatever else the turn
   *  publishes to the channel then goes to each subscriber in the same write. */
  #writeLater(name: string, channel: Channel, frame: Buffer): void {
    channel.unsent.push(frame);
    channel.unsentBytes += frame.length;
    if (channel.unsentBytes >= BATCH_BYTES) return this.#write(name, channel);
    if (this.#unsent.size === 0) setImmediate(() => this.#writeAll());
    this.#unsent.set(name, channel);
  }

  #writeAll(): void {
    for (const [name, channel] of this.#unsent) {
      // Off the list before its writes: one may publish to it again, for this turn's end.
      this.#unsent.delete(name);
      this.#write(name, channel);
    }
  }

  /** Writes what the channel published this turn to each subscriber, in one write. */
  #write(name: string, channel: Channel): void {
    if (channel.unsent.length === 0) return;
    const { unsent } = channel;
    const bytes = unsent.length === 1 ? unsent[0]! : Buffer.concat(unsent);
    channel.unsent = [];
    channel.unsentBytes = 0;
    for (const subscriber of channel.members) {
      if (!subscriber.write(bytes)) this.#drop(name, subscriber);
    }
  }
