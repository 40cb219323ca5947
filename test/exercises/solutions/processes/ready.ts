// Reference solution for processes/ready. Kept out of the reader's way: read it after your own.
import { Redis } from 'ioredis';
import { chatRouter } from '../../../../chapters/chat.ts';
import { responseHandler } from '../../../../chapters/handlers.ts';
import { connectRedisRooms } from '../../../../chapters/redis-rooms.ts';
import { text, type Router } from '../../../../chapters/routing.ts';

export interface ReadyChat {
  router: Router;
  close(): Promise<void>;
}

/** A frozen Redis is as unready as a missing one; this is how long we give it to say PONG. */
const PING_TIMEOUT_MS = 500;

/** A connection that only ever PINGs: it fails at once while Redis is away (no offline queue,
 *  no retries of a command), times out while Redis is frozen, and reconnects by itself. */
async function connectProbe(redisUrl: string): Promise<Redis> {
  const probe = new Redis(redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: PING_TIMEOUT_MS,
    connectTimeout: PING_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  });
  probe.on('error', () => {});  // the rooms already say when Redis is lost; a PING that fails answers 503
  await probe.connect();
  return probe;
}

export async function readyChat(redisUrl: string): Promise<ReadyChat> {
  const rooms = await connectRedisRooms(redisUrl);
  const probe = await connectProbe(redisUrl).catch(async (error: Error) => {
    await rooms.close();
    throw error;
  });
  const ready = responseHandler({}, async () => {
    try {
      await probe.ping();
      return text('ready\n');
    } catch (error) {
      return text(`not ready: Redis does not answer (${(error as Error).message})\n`, 503);
    }
  });
  return {
    router: chatRouter(rooms).on('GET', '/ready', ready),
    close: async () => {
      await Promise.all([rooms.close(), probe.quit().catch(() => probe.disconnect())]);
    },
  };
}
