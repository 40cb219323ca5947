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

export function start(
  router: Router,
  { port, host = '127.0.0.1', limits = {} }: StartOptions,
): Promise<Server> {
  const settings = { ...DEFAULT_LIMITS, ...limits };
  const connections = new Set<Socket>();
  // allowHalfOpen: a client may finish sending (half-close)
  // and still wait for its answer.
  const server = createServer({ allowHalfOpen: true }, (connection) => {
    connections.add(connection);
    connection.on('close', () => connections.delete(connection));
    new Connection(connection, router, settings);
  });

  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const inUse = `port ${port} on ${host} is already in use: ` +
        'stop the other server or pick another PORT';
      reject(error.code === 'EADDRINUSE' ? new Error(inUse) : error);
    });
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      server.on('error', (error) =>
        console.error('house: the listening socket failed:', error));
      const stop = () => new Promise<void>((done) => {
        server.close(() => done());
        for (const connection of connections) connection.destroy();
      });
      resolve({ port: (server.address() as AddressInfo).port, host, stop });
    });
  });
}
