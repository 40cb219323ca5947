/** One event: a number that only grows, and when it happened. */
export interface Tick {
  id: number;
  time: string;
}

/** What both kinds of push serve: numbered events, recent ones remembered. */
export class Ticks {
  readonly #recent: Tick[] = [];
  readonly #listeners = new Set<(tick: Tick) => void>();
  #lastId = 0;

  get lastId(): number {
    return this.#lastId;
  }

  /** How many connections are waiting for the next event right now. */
  get listeners(): number {
    return this.#listeners.size;
  }

  publish(now = new Date()): Tick {
    const tick = { id: ++this.#lastId, time: now.toISOString() };
    this.#recent.push(tick);
    if (this.#recent.length > HISTORY) this.#recent.shift();
    for (const listener of this.#listeners) listener(tick);
    return tick;
  }

  /** The remembered events newer than `id`, oldest first. */
  after(id: number): Tick[] {
    return this.#recent.filter((tick) => tick.id > id);
  }

  /** Calls `listener` with every new event, until the returned function runs. */
  listen(listener: (tick: Tick) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
