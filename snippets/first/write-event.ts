export interface ServerSentEvent {
  id?: string;
  event?: string;
  retry?: number;
  data: string;
}

/** `write!` for an event: a few `field: value` lines, and a blank line to end it. */
export function writeEvent(event: ServerSentEvent, socket: Socket): void {
  const fields = [
    event.id === undefined ? '' : `id: ${event.id}\n`,
    event.event === undefined ? '' : `event: ${event.event}\n`,
    event.retry === undefined ? '' : `retry: ${event.retry}\n`,
  ];
  socket.write(`${fields.join('')}data: ${event.data}\n\n`);
}
