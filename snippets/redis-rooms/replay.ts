  /** Sends what the subscriber missed, up to this room's cursor (later entries come with the
   *  next read, to every member at once). An id we can't place, one that was trimmed or
   *  expired, or no stream id at all, gets a `missed` notice and the whole history. */
  async #replay(room: Room, subscriber: Writable, lastEventId?: string): Promise<{ replayed: number; lastSent: string }> {
    if (lastEventId === undefined) return { replayed: 0, lastSent: room.cursor };
    const key = streamKey(room.name);
    const known = STREAM_ID.test(lastEventId) &&
      (compareIds(lastEventId, room.cursor) >= 0 || (await this.commands.xrange(key, lastEventId, lastEventId)).length > 0);
    if (known && compareIds(lastEventId, room.cursor) >= 0) return { replayed: 0, lastSent: lastEventId };
    if (!known) deliver(subscriber, formatEvent({ event: MISSED_EVENT, id: room.cursor, data: lastEventId }));
    const entries = await this.commands.xrange(key, known ? `(${lastEventId}` : '-', room.cursor);
    let replayed = 0;
    for (const [id, fields] of entries) {
      if (!deliver(subscriber, formatEvent({ ...eventOf(fields), id }))) {
        subscriber.destroy();
        break;
      }
      replayed++;
    }
    return { replayed, lastSent: room.cursor };
  }
