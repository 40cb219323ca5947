  /** Sends `message` to every subscriber of `channel`; returns how many it reached. */
  publish(channel: string, message: string | ServerSentEvent): number {
    const members = this.#channels.get(channel);
    if (members === undefined) return 0;

    const frame = formatEvent(typeof message === 'string' ? { data: message } : message);
    let reached = 0;
    for (const subscriber of members) {
      if (deliver(subscriber, frame)) reached++;
      else this.#drop(channel, subscriber);
    }
    return reached;
  }
