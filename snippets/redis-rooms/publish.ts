  /** Appends the message to the room's stream, bounded in length and in time, and
   *  rings the room's doorbell, in one transaction. Resolves with how many listeners
   *  the room has on every process whose lease still holds; rejects with a 503 when
   *  Redis can't take it. */
  async publish(
    room: string, message: string | Omit<ServerSentEvent, 'id'>,
  ): Promise<number> {
    const event = typeof message === 'string' ? { data: message } : message;
    formatEvent(event);  // a message that can't be framed is refused here, before Redis
    const key = streamKey(room);
    const { historyLength, historyMs } = this.settings;
    const replies = await this.commands.multi()
      .xadd(key, 'MAXLEN', String(historyLength), '*', ...fieldsOf(event))
      .pexpire(key, historyMs)
      .hgetall(listenersKey(room))
      .publish(doorbell(room), '')
      .exec()
      .catch((error: Error) => { throw unavailable(error); });
    const failed = replies?.find(([error]) => error !== null);
    if (replies === null || failed !== undefined) {
      throw unavailable(failed?.[0] ?? new Error('transaction aborted'));
    }
    return this.#listeners(room, replies[2][1] as Record<string, string>);
  }

  /** Adds up the counts whose lease holds,
   *  and clears away those of processes that stopped renewing. */
  #listeners(room: string, leases: Record<string, string>): number {
    const now = Date.now();
    let sum = 0;
    const lapsed: string[] = [];
    for (const [owner, lease] of Object.entries(leases)) {
      const [count, until] = lease.split(' ').map(Number);
      if (until > now) sum += count;
      else lapsed.push(owner);
    }
    if (lapsed.length > 0) {
      this.commands.hdel(listenersKey(room), ...lapsed).catch(() => {});
    }
    return sum;
  }
