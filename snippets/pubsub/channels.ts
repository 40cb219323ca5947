/** How much of the past each channel keeps, so that a subscriber who drops off can
 *  come back with its `Last-Event-ID` and get what it missed; how often a quiet stream
 *  hears a heartbeat; and what any one client can make the server hold. All are named
 *  so a server can choose its own. */
export interface ChannelLimits {
  /** The most messages a channel keeps for replay. */
  historyLength: number;
  /** How long a message stays replayable, and how long an empty channel is kept. */
  historyMs: number;
  /** A channel that published nothing for this long sends its subscribers a comment. */
  heartbeatMs: number;
  /** The most bytes one replay writes. When what was missed is more, the subscriber is
   *  told so (`missed`), then gets the newest messages that fit. */
  maxReplayBytes: number;
  /** A subscriber that still has bytes waiting to be sent at this many heartbeats in a
   *  row isn't reading: it is dropped, and may come back with its `Last-Event-ID`. */
  undrainedHeartbeats: number;
  /** The most channels kept without subscribers;
   *  past it, the one quiet longest is forgotten. */
  maxEmptyChannels: number;
}

export const CHANNEL_LIMITS: ChannelLimits = {
  historyLength: 1000,
  historyMs: 10 * 60 * 1000,
  heartbeatMs: 15 * 1000,
  maxReplayBytes: 256 * 1024,  // twice MAX_UNSENT_BYTES, below
  undrainedHeartbeats: 3,
  maxEmptyChannels: 1000,
};

/** One published message, framed and encoded once, remembered for replay. `seq`
 *  counts every message of every channel, so it grows within each channel too. */
interface Sent {
  readonly seq: number;
  readonly at: number;
  readonly frame: Buffer;
}

/** A channel: who is listening now, what was said lately, and when it was last busy. */
interface Channel {
  readonly members: Set<EventStream>;
  readonly history: Sent[];
  /** The history holds every message of this channel numbered above this. */
  completeSince: number;
  lastActive: number;
  publishedSinceTick: boolean;
  /** What was published this turn, to be written when the turn ends. */
  unsent: Buffer[];
  unsentBytes: number;
}
