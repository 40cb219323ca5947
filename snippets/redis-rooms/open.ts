  /** The local room, opened on first use: ring its doorbell for us, then start reading
   *  from the stream's newest entry
   *  (the read right after catches anything that slipped in). */
  #open(name: string): Room {
    const existing = this.#rooms.get(name);
    if (existing !== undefined) return existing;
    const room: Room = {
      name, members: new Map(), joining: 0, cursor: NOTHING_YET,
      opened: Promise.resolve(), queue: Promise.resolve(),
      readQueued: false, publishedSinceTick: false,
    };
    this.#rooms.set(name, room);
    room.opened = this.#ready()
      ? (async () => {
        await this.bell.subscribe(doorbell(name));
        const [newest] =
          await this.commands.xrevrange(streamKey(name), '+', '-', 'COUNT', 1);
        room.cursor = newest?.[0] ?? NOTHING_YET;
      })()
      : Promise.reject(new Error('Redis is reconnecting'));
    // Redis away: every task on this room fails, and the next subscriber opens it afresh.
    room.opened.catch(() => {
      if (this.#rooms.get(name) === room) this.#rooms.delete(name);
    });
    this.#read(room);
    return room;
  }

  /** Whether both connections have finished connecting. While one is still shaking hands,
   *  ioredis sends a SUBSCRIBE at once (no other command), and then the handshake fails:
   *  it reconnects and subscribes again only to the doorbells it had before. The room
   *  would wait for a doorbell that never rings, so it is not opened until then. */
  #ready(): boolean {
    return this.bell.status === 'ready' && this.commands.status === 'ready';
  }

  #enqueue<T>(room: Room, task: () => Promise<T>): Promise<T> {
    const run = room.queue.then(() => room.opened).then(task);
    room.queue = run.catch(() => {});
    return run;
  }
