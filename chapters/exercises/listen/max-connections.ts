// Exercise listen/max-connections: a server that holds at most so many connections, and
// tells the next client to come back later.
// Check your work with: npm run exercise listen/max-connections
//
// `startLimited` is a small server in the manner of `start` (chapters/listen.ts): one
// request per connection, answered through the router, then closed; a stream keeps its
// connection. With `maxConnections` connections open, a new one is answered at once,
// without waiting for its request, with `503 Service Unavailable`, a `Retry-After: 1`
// header and a sentence saying why, and then closed. A refused connection never
// counts, and a connection that closes frees its place. The status line should read
// `HTTP/1.1 503 Service Unavailable`. (`start` itself does this with its maxConnections
// limit; here you build it in a server small enough to see whole.)
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { HOST } from '../../program.ts';
import type { Server } from '../../listen.ts';
import { DEFAULT_LIMITS } from '../../listen.ts';
import { EventStream } from '../../pubsub.ts';
import { RequestReader, formatResponse, formatStreamHead } from '../../parsing.ts';
import { errorResponse, isStream, type Router } from '../../routing.ts';

export interface LimitedOptions {
  port: number;
  maxConnections: number;
}

export function startLimited(
  router: Router, { port, maxConnections }: LimitedOptions,
): Promise<Server> {
  const connections = new Set<Socket>();
  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    // TODO: with `maxConnections` open already,
    // answer 503 and close, and don't count this one.
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    serveOneRequest(socket, router);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      const stop = () => new Promise<void>((done) => {
        server.close(() => done());
        for (const socket of connections) socket.destroy();
      });
      resolve({ port: (server.address() as AddressInfo).port, host: HOST, stop });
    });
  });
}

/** Reads one request, answers it through the router,
 *  and closes (or hands over to a stream). */
function serveOneRequest(socket: Socket, router: Router): void {
  const reader = new RequestReader(DEFAULT_LIMITS.maxRequestBytes);
  const onData = (chunk: Buffer) => {
    reader.append(chunk);
    let request;
    try {
      request = reader.request();
    } catch (error) {
      return socket.end(formatResponse(errorResponse(error)));
    }
    if (!request) return;
    socket.off('data', onData);
    socket.resume();  // from here on, whatever else comes is read and dropped
    void router.handle(request).then((reply) => {
      if (socket.destroyed) return;
      if (!isStream(reply)) return socket.end(formatResponse(reply));
      socket.write(formatStreamHead());
      reply.open(new EventStream(socket));
    });
  };
  socket.on('data', onData);
}
