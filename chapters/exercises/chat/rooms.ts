// Exercise chat/rooms: GET /rooms, which rooms have listeners right now, and how many.
// Check your work with: npm run exercise chat/rooms
//
// `roomsRouter()` is the chat's router (chapters/chat.ts) plus GET /rooms, which
// answers JSON (Content-Type application/json): every room with at least one
// listener, sorted by name,
//   [{"room":"kitchen","listeners":1},{"room":"lobby","listeners":2}]
// and `[]` when nobody listens. The counts are live: a listener who leaves is no longer
// counted, and a room nobody listens to any more is not listed.
import { responseHandler } from '../../handlers.ts';
import { chatRouter } from '../../chat.ts';
import { Channels } from '../../pubsub.ts';
import type { Router } from '../../routing.ts';

export function roomsRouter(): Router {
  const channels = new Channels();
  // TODO: Channels can count a room's subscribers, but it can't list its rooms' names.
  const rooms = responseHandler({}, () =>
    ({ status: 200, contentType: 'application/json', body: '[]' }));
  return chatRouter(channels).on('GET', '/rooms', rooms);
}
