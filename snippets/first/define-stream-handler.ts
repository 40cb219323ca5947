/** The same, for a connection that stays open: the head of an event stream, then
 *  the body, which may subscribe the socket; no close. */
export function defineStreamHandler<Declared extends Record<string, Rule>>(
  path: string,
  declared: Declared,
  body: (args: Arguments<Declared>, socket: Socket, headers: Map<string, string>) => void,
): void {
  bindHandler(path, (socket, parameters, headers) => {
    const args = readArguments(declared, parameters);
    write({ status: '200 OK', contentType: 'text/event-stream' }, socket);
    body(args, socket, headers);
  });
}

/** `bind-handler`: the handler answers for `path`, and says so if it replaces one. */
export function bindHandler(path: string, handler: Handler): void {
  if (handlers.has(path)) console.warn(`Redefining handler '${path}'`);
  handlers.set(path, handler);
}
