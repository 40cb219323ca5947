/** Channels keyed by name, each holding its subscribers and its recent history. */
export class Channels {
  readonly #channels = new Map<string, Channel>();
  /** The channels without subscribers, by name, the one quiet longest first. */
  readonly #empty = new Map<string, Channel>();
  /** For each subscriber that had bytes unsent at the last heartbeat:
   *  at how many heartbeats in a row. */
  readonly #undrained = new Map<EventStream, number>();
  readonly #limits: ChannelLimits;
  /** Names this run of the server, so an id from before
   *  a restart is never mistaken for one of ours. */
  readonly #epoch = Date.now().toString(36);
  #lastSeq = 0;
  #timer: NodeJS.Timeout | undefined;
  /** Channels with messages to write at the end of this turn of the event loop. */
  readonly #unsent = new Map<string, Channel>();

  constructor(limits: Partial<ChannelLimits> = {}) {
    this.#limits = { ...CHANNEL_LIMITS, ...limits };
  }

  /** How many channels are held: those with subscribers,
   *  and those whose history is still fresh. */
  get size(): number {
    return this.#channels.size;
  }

  /** How many subscribers a channel has right now. */
  subscribers(channel: string): number {
    return this.#channels.get(channel)?.members.size ?? 0;
  }

  /** How many messages a channel keeps for replay right now. */
  remembered(channel: string): number {
    return this.#channels.get(channel)?.history.length ?? 0;
  }
