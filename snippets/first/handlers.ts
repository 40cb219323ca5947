/** What a handler gets: the connection, the request's parameters (still encoded) and
 *  its headers. */
export type Handler = (
  socket: Socket, parameters: Map<string, string>, headers: Map<string, string>,
) => void;

/** Path → handler: the draft's `*handlers*`. */
const handlers = new Map<string, Handler>();

/** `handle-request`: the handler registered for the path answers, or a 404 does. */
function handleRequest(socket: Socket, request: Request): void {
  const handler = handlers.get(request.resource);
  if (handler === undefined) {
    const body = `no handler for ${request.resource}\n`;
    return fail(socket, { status: NOT_FOUND, contentType: 'text/plain', body });
  }
  handler(socket, request.parameters, request.headers);
}

const NOT_FOUND = '404 Not Found';
const BAD_REQUEST = '400 Bad Request';

/** `error!`: answer with `response`, and hang up. */
export function fail(socket: Socket, response: Response): void {
  write(response, socket);
  socket.end();
}
