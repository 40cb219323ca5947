/** What a demonstration saw: an error code (or, for end of file, an event). */
export interface Outcome {
  seen: string;
  detail: string;
}

/** No demonstration may wait forever: each gives up after this long. */
export const DEMO_TIMEOUT_MS = 5_000;

/** Resolves with the next 'error' the socket emits. */
async function nextError(socket: Socket): Promise<NodeJS.ErrnoException> {
  const [error] = await once(socket, 'error', { signal: timeLimit() });
  return error as NodeJS.ErrnoException;
}

function timeLimit(): AbortSignal {
  return AbortSignal.timeout(DEMO_TIMEOUT_MS);
}

/** Runs `body` against a throwaway server on a free port, then closes it all. */
async function withServer<T>(
  onConnection: (socket: Socket) => void,
  body: (port: number) => Promise<T>,
): Promise<T> {
  const connections = new Set<Socket>();
  const server = createServer((socket) => {
    connections.add(socket);
    socket.on('error', () => {}); // the server side's troubles are not our topic
    onConnection(socket);
  });
  const port = await listen(server, 0);
  try {
    return await body(port);
  } finally {
    server.close();
    for (const socket of connections) socket.destroy();
  }
}
