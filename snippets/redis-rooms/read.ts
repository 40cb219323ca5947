  /** The doorbell of a room rang: read what is new, unless a read is already waiting its turn. */
  #ring(channel: string): void {
    const name = ROOM_OF_DOORBELL.exec(channel)?.[1];
    const room = name === undefined ? undefined : this.#rooms.get(name);
    if (room !== undefined) this.#read(room);
  }

  #readAll(): void {
    for (const room of this.#rooms.values()) this.#read(room);
  }

  #read(room: Room): void {
    if (room.readQueued) return;
    room.readQueued = true;
    void this.#enqueue(room, async () => {
      room.readQueued = false;
      let entries: [string, string[]][];
      do {
        entries = await this.commands.xrange(streamKey(room.name), `(${room.cursor}`, '+', 'COUNT', READ_BATCH);
        for (const [id, fields] of entries) this.#fanOut(room, id, fields);
      } while (entries.length === READ_BATCH);
    }).catch(() => {});  // Redis went away mid-read: 'ready' reads on from the cursor
  }

  /** Sends one entry to every member that hasn't had it, then moves the cursor past it. */
  #fanOut(room: Room, id: string, fields: string[]): void {
    const frame = formatEvent({ ...eventOf(fields), id });
    for (const [subscriber, member] of room.members) {
      if (compareIds(id, member.lastSent) <= 0) continue;
      if (deliver(subscriber, frame)) member.lastSent = id;
      else this.#drop(room, subscriber);
    }
    room.cursor = id;
    room.spoke = true;
  }
