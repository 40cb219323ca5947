/** An open event stream, as a handler and `Channels` see it: it sends events, comments
 *  and frames formatted once for many streams, and can be ended. The connection
 *  underneath is its own business. */
export class EventStream {
  readonly #connection: Writable;

  /** `maxUnsentBytes`: how far behind its reader the stream may fall before `write`
   *  refuses, which `Channels` takes to mean the reader has stopped. */
  constructor(connection: Writable, readonly maxUnsentBytes = MAX_UNSENT_BYTES) {
    this.#connection = connection;
  }

  /** Sends one event; false if the stream is gone or too far behind to take it. */
  send(event: string | ServerSentEvent): boolean {
    return this.write(formatEvent(typeof event === 'string' ? { data: event } : event));
  }

  /** Sends a comment line, which EventSource ignores. */
  comment(text = ''): boolean {
    return this.write(formatComment(text));
  }

  /** Writes frames already formatted; false if the stream is gone, or would fall more
   *  than `maxUnsentBytes` behind. One with nothing waiting can take anything. */
  write(frames: string | Buffer): boolean {
    const waiting = this.unsentBytes;
    const fits = waiting === 0 || waiting + frames.length <= this.maxUnsentBytes;
    if (!this.#connection.writable || !fits) return false;
    try {
      this.#connection.write(frames);
      return true;
    } catch {
      return false;
    }
  }

  /** Bytes written to the stream that the network has not taken yet. */
  get unsentBytes(): number {
    return this.#connection.writableLength;
  }

  get closed(): boolean {
    return this.#connection.destroyed;
  }

  /** Calls `listener` when the connection goes, however it goes. */
  onClose(listener: () => void): void {
    this.#connection.on('close', listener);
    this.#connection.on('error', listener);
  }

  /** Ends the stream; a browser's EventSource will reconnect after its retry delay. */
  close(): void {
    this.#connection.end();
  }

  /** Cuts the connection now, whatever is still unsent. */
  destroy(): void {
    this.#connection.destroy();
  }
}
