/** One room as this process sees it: its local listeners, each with the id of the last
 *  event it was sent, and how far this process has read the room's stream. */
interface Room {
  readonly name: string;
  readonly members: Map<EventStream, Member>;
  /** Subscribers on their way in: while there are any, the room is not forgotten. */
  joining: number;
  /** Every entry up to this id has been delivered to every member. */
  cursor: string;
  /** Settles once the doorbell is subscribed and the cursor set;
   *  every task waits for it. */
  opened: Promise<void>;
  /** Tasks on a room run one at a time, in order:
   *  each subscribe, each read, the closing. */
  queue: Promise<unknown>;
  readQueued: boolean;
  publishedSinceTick: boolean;
}

/** A local listener: the id of the last event it was sent, and at how many heartbeats in
 *  a row it had bytes unsent (the pubsub chapter's `undrainedHeartbeats`). */
interface Member {
  lastSent: string;
  undrained: number;
}

const HEARTBEAT = formatComment('heartbeat');
/** A process's count of listeners in a room holds for this many heartbeats;
 *  it renews it every one. */
const LEASE_HEARTBEATS = 3;
/** How many entries one read asks for; a longer backlog takes several reads. */
const READ_BATCH = 500;
