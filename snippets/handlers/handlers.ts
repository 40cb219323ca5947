/** A Handler for the router that still knows what it was declared with
 *  (for `describe`). */
export type DeclaredHandler<D extends Declaration> = Handler & {
  readonly kind: 'response' | 'stream';
  readonly declaration: D;
};

/** Answers once: the body computes the response from checked arguments, and that
 *  request is over (a kept-alive connection may carry the next one). */
export function responseHandler<D extends Declaration>(
  declaration: D,
  body: (args: Arguments<D>, request: Request) => Response | Promise<Response>,
): DeclaredHandler<D> {
  const handle = (request: Request) =>
    body(readArguments(declaration, paramsOf(request)), request);
  return Object.assign(handle, { kind: 'response' as const, declaration });
}

/** Keeps the connection as an event stream; the body gets it, usually to subscribe it.
 *  Arguments are checked *before* the stream starts, so bad input gets a plain 400. */
export function streamHandler<D extends Declaration>(
  declaration: D,
  body: (args: Arguments<D>, events: EventStream, request: Request) => unknown,
): DeclaredHandler<D> {
  const handle = (request: Request) => {
    const args = readArguments(declaration, paramsOf(request));
    return stream((events) => body(args, events, request));
  };
  return Object.assign(handle, { kind: 'stream' as const, declaration });
}
