/** A subscriber is any writable stream; in the server it is the client's socket. */
export type Subscriber = Writable;

/** Channels keyed by name, each holding the connections subscribed to it. */
export class Channels {
  readonly #channels = new Map<string, Set<Subscriber>>();

  /** How many channels have at least one subscriber. */
  get size(): number {
    return this.#channels.size;
  }

  /** How many subscribers a channel has right now. */
  subscribers(channel: string): number {
    return this.#channels.get(channel)?.size ?? 0;
  }
