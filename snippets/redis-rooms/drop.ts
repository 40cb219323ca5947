  #drop(room: Room, subscriber: Writable): void {
    if (!room.members.delete(subscriber)) return;
    subscriber.destroy();
    this.#count(room);
    if (room.members.size > 0) return;
    void this.#enqueue(room, async () => {
      if (room.members.size > 0 || this.#rooms.get(room.name) !== room) return;
      this.#rooms.delete(room.name);
      await this.bell.unsubscribe(doorbell(room.name));
    }).catch(() => {});
  }

  /** Tells Redis how many listeners this process has in the room; the key expires with the room. */
  #count(room: Room): void {
    const key = listenersKey(room.name);
    const size = room.members.size;
    const update = size === 0
      ? this.commands.hdel(key, this.#process)
      : this.commands.multi().hset(key, this.#process, size).pexpire(key, this.settings.historyMs).exec();
    update.catch(() => {});  // Redis away: counted again when it is back
  }
