// Reference solution for chat/rooms. Kept out of the reader's way: read it after your own.
import { responseHandler } from '../../../../chapters/handlers.ts';
import { chatRouter } from '../../../../chapters/chat.ts';
import { Channels, type EventStream } from '../../../../chapters/pubsub.ts';
import type { Router } from '../../../../chapters/routing.ts';

/** Channels that remember the name of every channel anyone subscribed to. */
class NamedChannels extends Channels {
  readonly names = new Set<string>();

  override subscribe(channel: string, stream: EventStream, lastEventId?: string): number {
    this.names.add(channel);
    return super.subscribe(channel, stream, lastEventId);
  }

  /** The channels with listeners now, by name; forgets the names of those without. */
  listened(): { room: string; listeners: number }[] {
    const rooms = [];
    for (const room of [...this.names].sort()) {
      const listeners = this.subscribers(room);
      if (listeners > 0) rooms.push({ room, listeners });
      else this.names.delete(room);
    }
    return rooms;
  }
}

export function roomsRouter(): Router {
  const named = new NamedChannels();
  const rooms = responseHandler({}, () => ({
    status: 200, contentType: 'application/json', body: JSON.stringify(named.listened()),
  }));
  return chatRouter(named).on('GET', '/rooms', rooms);
}
