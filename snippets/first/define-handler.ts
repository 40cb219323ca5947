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

/** The draft's unrolled loop, as a loop: for each declared parameter, find it, decode
 *  it, and check its rule. The first one missing or broken ends the request. */
function readArguments<Declared extends Record<string, Rule>>(
  declared: Declared,
  parameters: Map<string, string>,
): Arguments<Declared> {
  const args: Record<string, string> = {};
  for (const [name, { min, max }] of Object.entries(declared)) {
    const encoded = parameters.get(name);
    assertHttp(encoded !== undefined, `${name}: is required`);
    const value = uriDecode(encoded!);
    const length = [...value].length;
    assertHttp(min === undefined || length >= min, `${name}: ${atLeast(min!)}`);
    assertHttp(max === undefined || length <= max, `${name}: ${atMost(max!)}`);
    args[name] = value;
  }
  return args as Arguments<Declared>;
}

/** `uri-decode`: a form sends `%XX` escapes, and `+` for a space. */
function uriDecode(text: string): string {
  return decodeURIComponent(text.replaceAll('+', ' '));
}

const characters = (n: number) => `${n} character${n === 1 ? '' : 's'}`;
const atLeast = (n: number) => `must be at least ${characters(n)}`;
const atMost = (n: number) => `must be at most ${characters(n)}`;
