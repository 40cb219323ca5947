// Exercise processes/stats: GET /stats, how many posts each room has taken through
// this process, whichever rooms the chat runs on: `Channels` in the process, or
// the rooms on Redis.
// Check your work with: npm run exercise processes/stats
// (it starts a redis-server of its own)
//
// `statsRouter(rooms)` is the chat's router on the given rooms (chapters/chat.ts) plus
// GET /stats, which answers JSON (Content-Type application/json): every room that took
// a post, sorted by name,
//   [{"room":"kitchen","posts":1},{"room":"lobby","posts":2}]
// and `[]` before any post. Only a post the rooms took counts: not one refused for bad
// input (400), and not one the rooms couldn't take (Redis away: 503).
import { chatRouter } from '../../chat.ts';
import { responseHandler } from '../../handlers.ts';
import type { Rooms } from '../../chat.ts';
import type { Router } from '../../routing.ts';

export function statsRouter(rooms: Rooms): Router {
  // TODO: count each room's posts on their way to `rooms`, and only those that got there.
  const stats = responseHandler({}, () =>
    ({ status: 200, contentType: 'application/json', body: '[]' }));
  return chatRouter(rooms).on('GET', '/stats', stats);
}
