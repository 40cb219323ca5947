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

/** What a client past `maxConnections` is told: come back in a moment. It is answered
 *  and closed like any refused request, so it lingers for at most the close's grace
 *  period. The log says so once each time the server fills up, not once per client. */
function fullHouse(maxConnections: number) {
  let full = false;
  const message = `the server is at its limit of ${maxConnections} connections`;
  return {
    error(): HttpError {
      if (!full) console.error(`house: ${message}; new clients get 503 until some leave`);
      full = true;
      return new HttpError(503, `${message}; try again soon`, { 'Retry-After': '1' });
    },
    /** An admitted client left: there is room again. */
    left(): void {
      full = false;
    },
  };
}

export function start(
  router: Router,
  { port, host = '127.0.0.1', limits = {} }: StartOptions,
): Promise<Server> {
  const settings = { ...DEFAULT_LIMITS, ...limits };
  const connections = new Map<Socket, Connection>();
  const full = fullHouse(settings.maxConnections);
  let turnedAway = 0;  // refused, and closing: they hold no client's place
  // allowHalfOpen: a client may finish sending (half-close)
  // and still wait for its answer.
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    const connection = new Connection(socket, router, settings);
    const admitted = connections.size - turnedAway < settings.maxConnections;
    connections.set(socket, connection);
    if (!admitted) {
      turnedAway++;
      connection.fail(full.error());
    }
    socket.on('close', () => {
      connections.delete(socket);
      if (admitted) full.left(); else turnedAway--;
    });
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
