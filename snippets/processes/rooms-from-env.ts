/** The rooms the environment asks for: on the Redis at REDIS_URL, or, when it is unset,
 *  in this process, exactly as before. The Redis client is imported only in the first
 *  case, so the default server loads no library at all. ROOM_HISTORY_MS shortens how long
 *  a quiet room is kept. */
export async function roomsFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Rooms> {
  const historyMs = env.ROOM_HISTORY_MS === undefined
    ? {}
    : { historyMs: wholeMs('ROOM_HISTORY_MS', env.ROOM_HISTORY_MS) };
  if (!env.REDIS_URL) return new Channels(historyMs);
  const { connectRedisRooms } = await import('./redis-rooms.ts');
  return connectRedisRooms(env.REDIS_URL, historyMs);
}

function wholeMs(name: string, text: string): number {
  const ms = Number(text);
  if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(ms)) {
    const got = JSON.stringify(text);
    throw new Error(`${name} must be a whole number of milliseconds, got ${got}`);
  }
  return ms;
}
