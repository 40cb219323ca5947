// Reference solution for listen/max-connections. Kept out of the reader's way: read it after your own.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { HOST } from '../../../../chapters/program.ts';
import type { Server } from '../../../../chapters/listen.ts';
import { DEFAULT_LIMITS } from '../../../../chapters/listen.ts';
import { EventStream } from '../../../../chapters/pubsub.ts';
import { RequestReader, formatResponse, formatStreamHead } from '../../../../chapters/parsing.ts';
import { HttpError, STATUS_TEXT, errorResponse, isStream, type Router } from '../../../../chapters/routing.ts';

STATUS_TEXT[503] ??= 'Service Unavailable';

export interface LimitedOptions {
  port: number;
  maxConnections: number;
}

export function startLimited(router: Router, { port, maxConnections }: LimitedOptions): Promise<Server> {
  const connections = new Set<Socket>();
  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    if (connections.size >= maxConnections) return refuse(socket, maxConnections);
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

/** Answers at once and closes. It goes on reading (and dropping) what the client sends, so that
 *  closing with unread bytes doesn't reset the connection before the client has read the 503. */
function refuse(socket: Socket, limit: number): void {
  const busy = new HttpError(503, `this server holds at most ${limit} connections; try again soon`, { 'Retry-After': '1' });
  socket.resume();
  socket.end(formatResponse(errorResponse(busy)));
}

/** Reads one request, answers it through the router, and closes (or hands over to a stream). */
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
