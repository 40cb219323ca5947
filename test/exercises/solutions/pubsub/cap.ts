// Reference solution for pubsub/cap. Kept out of the reader's way: read it after your own.
import { Channels, EventStream, type ChannelLimits, type Subscriber } from '../../../../chapters/pubsub.ts';

export class CappedChannels extends Channels {
  readonly #members = new WeakMap<object, Set<string>>();

  constructor(readonly maxSubscribers: number, limits: Partial<ChannelLimits> = {}) {
    super(limits);
  }

  override subscribe(channel: string, stream: Subscriber, lastEventId?: string): number {
    const events = stream instanceof EventStream ? stream : new EventStream(stream);
    const already = this.#channelsOf(events.connection).has(channel) && !events.connection.destroyed;
    if (!already && this.subscribers(channel) >= this.maxSubscribers) {
      events.send({ event: 'full', data: `${channel} is full: it has ${this.maxSubscribers} subscribers` });
      events.close();
      return 0;
    }
    this.#channelsOf(events.connection).add(channel);
    return super.subscribe(channel, stream, lastEventId);
  }

  /** The channels a connection has joined here (a departed one stays listed, but is destroyed). */
  #channelsOf(connection: object): Set<string> {
    let joined = this.#members.get(connection);
    if (joined === undefined) this.#members.set(connection, (joined = new Set()));
    return joined;
  }
}
