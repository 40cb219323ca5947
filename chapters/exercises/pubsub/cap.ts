// Exercise pubsub/cap: channels that take at most so many subscribers each.
// Check your work with: npm run exercise pubsub/cap
//
// `new CappedChannels(2)` works like Channels, except that a channel which already
// has two subscribers turns the next one away: the newcomer gets one event of type
// `full` (its data says which channel, and how many it holds), then its stream is
// ended, and it never becomes a subscriber. A subscriber who leaves frees its place. A
// stream that is already subscribed is not turned away when it subscribes again. Other
// channels are not affected.
import { Channels, type ChannelLimits, type EventStream } from '../../pubsub.ts';

export class CappedChannels extends Channels {
  constructor(readonly maxSubscribers: number, limits: Partial<ChannelLimits> = {}) {
    super(limits);
  }

  override subscribe(channel: string, stream: EventStream, lastEventId?: string): number {
    // TODO: turn the newcomer away when `channel` is full
    // (`this.subscribers(channel)` counts).
    return super.subscribe(channel, stream, lastEventId);
  }
}
