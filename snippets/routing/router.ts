/** The methods RFC 9110 (and RFC 5789, PATCH) define. Any other is a 501:
 *  the server doesn't know it at all, which is not the same as "not here" (405). */
export const KNOWN_METHODS = new Set([
  'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH',
]);

export class Router {
  // path → method → handler
  private readonly table = new Map<string, Map<string, Handler>>();

  on(method: string, path: string, handler: Handler): this {
    const methods = this.table.get(path) ?? new Map<string, Handler>();
    if (methods.has(method)) throw new Error(`${method} ${path} already has a handler`);
    this.table.set(path, methods.set(method, handler));
    return this;
  }

  /** The handler for this request. Unknown method: 501. Unknown path: 404.
   *  Known path, other method: 405 with Allow. HEAD runs the GET handler
   *  (the wire leaves the body out). */
  find(method: string, path: string): Handler {
    if (!KNOWN_METHODS.has(method)) {
      throw new HttpError(501, `this server does not know the method ${method}`);
    }
    const methods = this.table.get(path);
    if (!methods) throw new HttpError(404, `nothing at ${path}`);
    const handler = methods.get(method)
      ?? (method === 'HEAD' ? methods.get('GET') : undefined);
    if (handler) return handler;
    const allow = [...methods.keys(), ...(methods.has('GET') ? ['HEAD'] : [])].join(', ');
    throw new HttpError(405, `${path} accepts ${allow}`, { Allow: allow });
  }

  /** Routes and runs a request.
   *  Never throws: whatever goes wrong becomes an error response. */
  async handle(request: Request): Promise<Reply> {
    try {
      return await this.find(request.method, request.path)(request);
    } catch (error) {
      return errorResponse(error);
    }
  }
}
