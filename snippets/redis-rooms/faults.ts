  #lost(error: Error): void {
    if (this.#down) return;
    this.#down = true;
    console.error(`house: lost Redis (${error.message}); posts answer 503, streams stay open, retrying`);
  }

  #back(): void {
    if (!this.#down) return;
    this.#down = false;
    console.error('house: Redis is back; delivery resumes');
  }

  #heartbeat(): void {
    for (const room of this.#rooms.values()) {
      if (!room.spoke) {
        for (const subscriber of room.members.keys()) {
          if (!deliver(subscriber, HEARTBEAT)) this.#drop(room, subscriber);
        }
      }
      room.spoke = false;
    }
  }

  /** Ends every local stream (browsers reconnect, maybe to another process) and hangs up on Redis. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    for (const room of this.#rooms.values()) {
      for (const subscriber of room.members.keys()) subscriber.end();
    }
    this.#rooms.clear();
    await Promise.all([this.commands, this.bell].map((client) => client.quit().catch(() => client.disconnect())));
  }
}
