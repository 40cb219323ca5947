// Exercise processes/ready: GET /ready, which says whether this process can serve the
// chat now, that is, whether the Redis its rooms live on answers.
// Check your work with: npm run exercise processes/ready
// (it starts a redis-server of its own)
//
// `readyChat(redisUrl)` is the chat on rooms in the Redis at `redisUrl`
// (chapters/redis-rooms.ts), plus GET /ready, for a load balancer to ask before it sends
// this process any browsers:
// - 200, text/plain, while Redis answers a PING;
// - 503, text/plain, with a body that says Redis does not answer, when it doesn't:
//   when it is down, and when it is up but frozen, within a second of being asked, not
//   whenever Redis wakes up;
// - 200 again once Redis is back, without restarting anything.
// `close()` hangs up on Redis: every connection you open, close it there too.
import { chatRouter } from '../../chat.ts';
import { responseHandler } from '../../handlers.ts';
import { connectRedisRooms } from '../../redis-rooms.ts';
import { text, type Router } from '../../routing.ts';

export interface ReadyChat {
  router: Router;
  close(): Promise<void>;
}

export async function readyChat(redisUrl: string): Promise<ReadyChat> {
  const rooms = await connectRedisRooms(redisUrl);
  // TODO: ask Redis (a PING, on a connection of your own) instead of always saying yes.
  const ready = responseHandler({}, () => text('ready\n'));
  return {
    router: chatRouter(rooms).on('GET', '/ready', ready),
    close: () => rooms.close(),
  };
}
