// Reference solution for pubsub/cap. Kept out of the reader's way: read it after your own.
import { Channels, type ChannelLimits, type EventStream } from '../../../../chapters/pubsub.ts';

export class CappedChannels extends Channels {
  readonly #members = new WeakMap<object, Set<string>>();

  constructor(readonly maxSubscribers: number, limits: Partial<ChannelLimits> = {}) {
    super(limits);
  }

  override subscribe(channel: string, events: EventStream, lastEventId?: string): number {
    const already = this.#channelsOf(events).has(channel) && !events.closed;
    if (!already && this.subscribers(channel) >= this.maxSubscribers) {
      events.send({ event: 'full', data: `${channel} is full: it has ${this.maxSubscribers} subscribers` });
      events.close();
      return 0;
    }
    this.#channelsOf(events).add(channel);
    return super.subscribe(channel, events, lastEventId);
  }

  /** The channels a connection has joined here (a departed one stays listed, but is destroyed). */
  #channelsOf(connection: object): Set<string> {
    let joined = this.#members.get(connection);
    if (joined === undefined) this.#members.set(connection, (joined = new Set()));
    return joined;
  }
}
