  /** Sends what the subscriber missed, up to this room's cursor (later entries come
   *  with the next read, to every member at once). An id we can't place (trimmed,
   *  expired, lost in a Redis restart, or no stream id at all), or more missed than
   *  one replay may write (`maxReplayBytes`), gets a `missed` notice, then the newest
   *  entries that fit. */
  async #replay(
    room: Room, subscriber: EventStream, lastEventId?: string,
  ): Promise<{ replayed: number; lastSent: string }> {
    if (lastEventId === undefined) return { replayed: 0, lastSent: room.cursor };
    const key = streamKey(room.name);
    const known = await this.#knows(room, lastEventId);
    if (known && compareIds(lastEventId, room.cursor) >= 0) {
      return { replayed: 0, lastSent: lastEventId };
    }
    const from = known ? `(${lastEventId}` : '-';
    const entries = await this.commands.xrange(key, from, room.cursor);
    const frames = entries.map(([id, fields]) => formatEvent({ ...eventOf(fields), id }));
    const fitting = newestThatFit(frames, this.settings.maxReplayBytes);
    if (!known || fitting.length < frames.length) {
      const notice = { event: MISSED_EVENT, id: room.cursor, data: lastEventId };
      subscriber.write(formatEvent(notice));
    }
    let replayed = 0;
    for (const frame of fitting) {
      if (!subscriber.write(frame)) {
        subscriber.destroy();
        break;
      }
      replayed++;
    }
    return { replayed, lastSent: room.cursor };
  }

  /** Whether everything after `id` is still in the room's stream. It is when the
   *  entry itself is (a stream is trimmed only from the front); when the id is past
   *  what this process has read; and for `0-0`, the id of a notice sent while the
   *  room had no history. */
  async #knows(room: Room, id: string): Promise<boolean> {
    if (!STREAM_ID.test(id)) return false;
    if (id === NOTHING_YET) return true;
    if (room.cursor !== NOTHING_YET && compareIds(id, room.cursor) >= 0) return true;
    return (await this.commands.xrange(streamKey(room.name), id, id)).length > 0;
  }
