  #drop(room: Room, subscriber: EventStream): void {
    if (!room.members.delete(subscriber)) return;
    subscriber.destroy();
    this.#count(room);
    this.#forgetIfEmpty(room);
  }

  /** A room with no local listeners left is forgotten here,
   *  and its doorbell no longer rings for us. */
  #forgetIfEmpty(room: Room): void {
    const inUse = () => room.members.size > 0 || room.joining > 0;
    if (inUse()) return;
    void this.#enqueue(room, async () => {
      if (inUse() || this.#rooms.get(room.name) !== room) return;
      this.#rooms.delete(room.name);
      await this.bell.unsubscribe(doorbell(room.name));
    }).catch(() => {});
  }

  /** Tells Redis how many listeners this process has in the room, as a lease: the
   *  count and the time it runs out. Renewed every heartbeat; the hash expires when
   *  no process renews it. */
  #count(room: Room): void {
    const key = listenersKey(room.name);
    const size = room.members.size;
    const leaseMs = LEASE_HEARTBEATS * this.settings.heartbeatMs;
    const update = size === 0
      ? this.commands.hdel(key, this.#process)
      : this.commands.multi()
        .hset(key, this.#process, `${size} ${Date.now() + leaseMs}`)
        .pexpire(key, leaseMs)
        .exec();
    update.catch(() => {});  // Redis away: counted again when it is back
  }
