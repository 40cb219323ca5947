export interface RedisRoomsOptions extends ChannelLimits {
  /** A Redis command slower than this fails,
   *  so a slow Redis never keeps a request waiting. */
  commandTimeoutMs: number;
}

export const REDIS_ROOMS: RedisRoomsOptions = {
  ...CHANNEL_LIMITS,
  commandTimeoutMs: 2_000,
};

/** Both connections fail at once instead of queueing while Redis is away,
 *  and reconnect by themselves. */
function connectionOptions(commandTimeoutMs: number): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: commandTimeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  };
}
