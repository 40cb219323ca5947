  /** Adds a local listener. It first gets what it missed since `lastEventId`, read from
   *  the room's stream, so the id may come from any process. Never rejects: if Redis is
   *  away, the stream ends and the browser comes back with its Last-Event-ID a second
   *  later. A room whose subscriber never joined (it left first, or Redis was away) is
   *  forgotten as if it had left. */
  subscribe(
    name: string, subscriber: EventStream, lastEventId?: string,
  ): Promise<number> {
    const room = this.#open(name);
    room.joining++;
    return this.#enqueue(room, async () => {
      if (subscriber.closed || room.members.has(subscriber)) return 0;
      const { replayed, lastSent } = await this.#replay(room, subscriber, lastEventId);
      if (subscriber.closed) return replayed;
      room.members.set(subscriber, { lastSent, undrained: 0 });
      this.#count(room);
      const leave = () => this.#drop(room, subscriber);
      subscriber.onClose(leave);
      return replayed;
    }).catch(() => {
      subscriber.close();
      return 0;
    }).finally(() => {
      room.joining--;
      this.#forgetIfEmpty(room);
    });
  }
