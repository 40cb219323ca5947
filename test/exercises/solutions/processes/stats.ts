// Reference solution for processes/stats. Kept out of the reader's way: read it after your own.
import { chatRouter, type Rooms } from '../../../../chapters/chat.ts';
import { responseHandler } from '../../../../chapters/handlers.ts';
import type { EventStream, ServerSentEvent } from '../../../../chapters/pubsub.ts';
import type { Router } from '../../../../chapters/routing.ts';

/** Any rooms, with a count of the posts each room took. The chat can't tell them from the rooms inside. */
class CountingRooms implements Rooms {
  readonly #posts = new Map<string, number>();

  constructor(private readonly inner: Rooms) {}

  /** Counts the post once the rooms took it: a publish that throws or rejects is not counted. */
  async publish(room: string, message: string | Omit<ServerSentEvent, 'id'>): Promise<number> {
    const heard = await this.inner.publish(room, message);
    this.#posts.set(room, (this.#posts.get(room) ?? 0) + 1);
    return heard;
  }

  subscribe(room: string, stream: EventStream, lastEventId?: string): number | Promise<number> {
    return this.inner.subscribe(room, stream, lastEventId);
  }

  close(): void | Promise<void> {
    return this.inner.close();
  }

  posts(): { room: string; posts: number }[] {
    return [...this.#posts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([room, posts]) => ({ room, posts }));
  }
}

export function statsRouter(rooms: Rooms): Router {
  const counting = new CountingRooms(rooms);
  const stats = responseHandler({}, () => ({
    status: 200, contentType: 'application/json', body: JSON.stringify(counting.posts()),
  }));
  return chatRouter(counting).on('GET', '/stats', stats);
}
