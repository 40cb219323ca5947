  /** The doorbell of a room rang:
   *  read what is new, unless a read is already waiting its turn. */
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
      let full: boolean;
      do {
        // From the cursor's own entry:
        // while it is still there, nothing after it was trimmed away.
        const entries = await this.commands.xrange(
          streamKey(room.name), room.cursor, '+', 'COUNT', READ_BATCH + 1);
        full = entries.length === READ_BATCH + 1;
        if (entries[0]?.[0] === room.cursor) {
          entries.shift();
        } else if (room.cursor !== NOTHING_YET && entries.length > 0) {
          await this.#gap(room, entries[0][0]);
        }
        this.#fanOut(room, entries);
      } while (full);
    }).catch(() => {});  // Redis went away mid-read: 'ready' reads on from the cursor
  }

  /** The cursor's entry is gone, and `first` is the oldest one left. If the stream has
   *  been trimmed (more entries added than it holds), this process fell `historyLength`
   *  entries behind, and some it never read may have gone: each member that had not
   *  reached `first` gets a `missed` notice. A stream that expired, or a Redis that
   *  restarted, starts anew untrimmed, and lost nothing unread. */
  async #gap(room: Room, first: string): Promise<void> {
    const info = await this.commands.xinfo('STREAM', streamKey(room.name))
      .catch(() => []) as unknown[];
    const field = (name: string) => Number(info[info.indexOf(name) + 1]);
    // (Redis before 7 doesn't say: nothing said)
    if (!(field('entries-added') > field('length'))) return;
    for (const [subscriber, member] of room.members) {
      if (compareIds(first, member.lastSent) <= 0) continue;
      const notice =
        formatEvent({ event: MISSED_EVENT, id: room.cursor, data: member.lastSent });
      if (!subscriber.write(notice)) this.#drop(room, subscriber);
    }
  }

  /** Sends what one read brought to every member, in one write each: the entries it
   *  hasn't had. Then moves the cursor past them. */
  #fanOut(room: Room, entries: [id: string, fields: string[]][]): void {
    const last = entries.at(-1)?.[0];
    if (last === undefined) return;
    const frames = entries.map(([id, fields]) =>
      Buffer.from(formatEvent({ ...eventOf(fields), id })));
    const all = frames.length === 1 ? frames[0]! : Buffer.concat(frames);
    for (const [subscriber, member] of room.members) {
      const first = entries.findIndex(([id]) => compareIds(id, member.lastSent) > 0);
      if (first === -1) continue;
      const bytes = first === 0 ? all : Buffer.concat(frames.slice(first));
      if (subscriber.write(bytes)) member.lastSent = last;
      else this.#drop(room, subscriber);
    }
    room.cursor = last;
    room.publishedSinceTick = true;
  }
