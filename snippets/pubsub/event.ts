/** One Server-Sent Event, as a browser's EventSource will receive it. */
export interface ServerSentEvent {
  /** The payload. It may span several lines. */
  data: string;
  /** The event type; EventSource dispatches it to listeners of that name. */
  event?: string;
  /** Sent back by the browser in `Last-Event-ID` when it reconnects. */
  id?: string;
  /** How many milliseconds the browser waits before reconnecting. */
  retry?: number;
}
