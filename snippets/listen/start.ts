export interface Server {
  readonly port: number;
  readonly host: string;
  /** Stops listening, closes every open connection (streams too), resolves when done. */
  stop(): Promise<void>;
}

export interface StartOptions {
  port: number;
  host?: string;
  limits?: Partial<Limits>;
}

/** One timer for every connection, instead of one per connection, set and cleared for
 *  every request: it looks at each connection's deadline ten times per shortest limit,
 *  so a limit of 2 s runs out between 2 and 2.2 s. */
function startClock(
  connections: Map<Socket, Connection>, limits: Limits,
): NodeJS.Timeout {
  const shortest =
    Math.min(limits.requestTimeoutMs, limits.keepAliveTimeoutMs, limits.closeGraceMs);
  const clock = setInterval(() => {
    const now = Date.now();
    for (const connection of connections.values()) connection.checkTime(now);
  }, Math.max(1, shortest / 10));
  clock.unref();
  return clock;
}

export function start(
  router: Router,
  { port, host = '127.0.0.1', limits = {} }: StartOptions,
): Promise<Server> {
  const settings = { ...DEFAULT_LIMITS, ...limits };
  const connections = new Map<Socket, Connection>();
  // allowHalfOpen: a client may finish sending (half-close)
  // and still wait for its answer.
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    connections.set(socket, new Connection(socket, router, settings));
    socket.on('close', () => connections.delete(socket));
  });
  const clock = startClock(connections, settings);

  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const inUse = `port ${port} on ${host} is already in use: ` +
        'stop the other server or pick another PORT';
      clearInterval(clock);
      reject(error.code === 'EADDRINUSE' ? new Error(inUse) : error);
    });
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      server.on('error', (error) =>
        console.error('house: the listening socket failed:', error));
      const stop = () => new Promise<void>((done) => {
        clearInterval(clock);
        server.close(() => done());
        for (const socket of connections.keys()) socket.destroy();
      });
      resolve({ port: (server.address() as AddressInfo).port, host, stop });
    });
  });
}
