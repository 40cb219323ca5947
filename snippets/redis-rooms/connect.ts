/** Connects to the Redis at `url`, or fails with an error that names REDIS_URL. */
export async function connectRedisRooms(
  url: string, options: Partial<RedisRoomsOptions> = {},
): Promise<RedisRooms> {
  const settings = { ...REDIS_ROOMS, ...options };
  if (!/^rediss?:\/\/[^\s]+$/.test(url)) {
    const got = JSON.stringify(url);
    throw new Error(`REDIS_URL must look like redis://127.0.0.1:6379, got ${got}`);
  }
  const commands = new Redis(url, connectionOptions(settings.commandTimeoutMs));
  const bell = new Redis(url, connectionOptions(settings.commandTimeoutMs));
  let lastError = 'no answer';
  for (const client of [commands, bell]) {
    client.on('error', (error: Error) => (lastError = error.message));
  }
  try {
    await Promise.all([commands.connect(), bell.connect()]);
    // A database the URL names but Redis lacks fails only in the background:
    // ask for it here.
    await commands.select(commands.options.db ?? 0);
  } catch (error) {
    commands.disconnect();
    bell.disconnect();
    const why = error instanceof Error && /^ERR /.test(error.message)
      ? error.message
      : lastError;
    throw new Error(`cannot reach Redis at REDIS_URL=${withoutPassword(url)} (${why})`);
  }
  return new RedisRooms(commands, bell, settings);
}

/** The URL as it may be printed: a password in it becomes `***`. */
function withoutPassword(url: string): string {
  return url.replace(/^(rediss?:\/\/[^:@/]*:)[^@/]*@/, '$1***@');
}
