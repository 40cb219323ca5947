/** What the chat needs of its rooms, whoever keeps them: the pubsub chapter's
 *  `Channels`, in this process, or rooms shared by many processes through a broker
 *  (the chapter "More than one process"). Either may answer now or later: the chat
 *  awaits both. */
export interface Rooms {
  /** Adds a subscriber, first replaying what it missed since `lastEventId`;
   *  resolves with how many were replayed. */
  subscribe(
    room: string, stream: EventStream, lastEventId?: string,
  ): number | Promise<number>;
  /** Sends a message to every subscriber of the room under a new id;
   *  resolves with how many it reached. */
  publish(
    room: string, message: string | Omit<ServerSentEvent, 'id'>,
  ): number | Promise<number>;
  /** Ends every stream and lets go of whatever the rooms hold. */
  close(): void | Promise<void>;
}
