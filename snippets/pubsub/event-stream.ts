/** An open event stream, as a handler sees it: it can send events and comments, and
 *  close. The connection underneath is the stream's own business (and Channels'). */
export class EventStream {
  constructor(readonly connection: Writable) {}

  /** Sends one event; false if the stream is gone or too far behind to take it. */
  send(event: string | ServerSentEvent): boolean {
    const frame = formatEvent(typeof event === 'string' ? { data: event } : event);
    return deliver(this.connection, frame);
  }

  /** Sends a comment line, which EventSource ignores. */
  comment(text = ''): boolean {
    return deliver(this.connection, formatComment(text));
  }

  /** Ends the stream; a browser's EventSource will reconnect after its retry delay. */
  close(): void {
    this.connection.end();
  }
}
