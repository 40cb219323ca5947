  #drop(channel: string, subscriber: Subscriber): void {
    const members = this.#channels.get(channel);
    if (members === undefined || !members.delete(subscriber)) return;
    if (members.size === 0) this.#channels.delete(channel);
    subscriber.destroy();
  }
}
