  #lost(error: Error): void {
    if (this.#down) return;
    this.#down = true;
    console.error(`house: lost Redis (${error.message}); ` +
      'posts answer 503, streams stay open, retrying');
  }

  #back(): void {
    if (!this.#down) return;
    this.#down = false;
    console.error('house: Redis is back; delivery resumes');
  }

  /** Renews the leases, sends quiet rooms a heartbeat, and drops a listener that still
   *  had bytes unsent at `undrainedHeartbeats` heartbeats in a row, as Channels does. */
  #heartbeat(): void {
    for (const room of this.#rooms.values()) {
      if (room.members.size > 0) this.#count(room);  // renew the lease
      for (const [subscriber, member] of room.members) {
        const drained = subscriber.unsentBytes === 0;
        member.undrained = drained ? 0 : member.undrained + 1;
        if (member.undrained >= this.settings.undrainedHeartbeats) {
          this.#drop(room, subscriber);
        } else if (!room.publishedSinceTick && !subscriber.write(HEARTBEAT)) {
          this.#drop(room, subscriber);
        }
      }
      room.publishedSinceTick = false;
    }
  }

  /** Ends every local stream (browsers reconnect, maybe to another process), takes this
   *  process's counts out of Redis, and hangs up. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    const rooms = [...this.#rooms.values()];
    this.#rooms.clear();
    for (const room of rooms) {
      const members = [...room.members.keys()];
      room.members.clear();  // so that their closing counts nothing again
      for (const subscriber of members) subscriber.close();
    }
    await Promise.all(rooms.map((room) =>
      this.commands.hdel(listenersKey(room.name), this.#process).catch(() => {})));
    await Promise.all([this.commands, this.bell].map((client) =>
      client.quit().catch(() => client.disconnect())));
  }
}
