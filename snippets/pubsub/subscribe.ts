  subscribe(channel: string, subscriber: Subscriber): void {
    let members = this.#channels.get(channel);
    if (members === undefined) {
      members = new Set();
      this.#channels.set(channel, members);
    }
    if (members.has(subscriber)) return;
    members.add(subscriber);

    const leave = () => this.#drop(channel, subscriber);
    subscriber.once('close', leave);
    subscriber.on('error', leave);
  }
