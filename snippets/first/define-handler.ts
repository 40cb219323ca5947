/** A parameter's rule: the draft's `(name :string :min 1 :max 64)`. */
export interface Rule {
  min?: number;
  max?: number;
}

/** What a handler's body gets: one decoded string for each declared parameter. */
export type Arguments<Declared> = { [Name in keyof Declared]: string };

/** `make-closing-handler`: read each parameter, check it, run the body, write the
 *  response, close. */
export function defineClosingHandler<Declared extends Record<string, Rule>>(
  path: string,
  declared: Declared,
  body: (args: Arguments<Declared>) => string,
  contentType = 'text/html',
): void {
  bindHandler(path, (socket, parameters) => {
    const args = readArguments(declared, parameters);
    write({ status: '200 OK', contentType, body: body(args) }, socket);
    socket.end();
  });
}

/** The same, for a connection that stays open: the head of an event stream, then
 *  the body, which may subscribe the socket; no close. */
export function defineStreamHandler<Declared extends Record<string, Rule>>(
  path: string,
  declared: Declared,
  body: (args: Arguments<Declared>, socket: Socket) => void,
): void {
  bindHandler(path, (socket, parameters) => {
    const args = readArguments(declared, parameters);
    write({ status: '200 OK', contentType: 'text/event-stream' }, socket);
    body(args, socket);
  });
}

/** `bind-handler`: the handler answers for `path`, and says so if it replaces one. */
function bindHandler(path: string, handler: Handler): void {
  if (handlers.has(path)) console.warn(`Redefining handler '${path}'`);
  handlers.set(path, handler);
}

