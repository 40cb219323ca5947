export class Router {
  // path → method → handler
  private readonly table = new Map<string, Map<string, Handler>>();

  on(method: string, path: string, handler: Handler): this {
    const methods = this.table.get(path) ?? new Map<string, Handler>();
    if (methods.has(method)) throw new Error(`${method} ${path} already has a handler`);
    this.table.set(path, methods.set(method, handler));
    return this;
  }

  /** The handler for this request.
   *  Unknown path: 404. Known path, other method: 405 with Allow. */
  find(method: string, path: string): Handler {
    const methods = this.table.get(path);
    if (!methods) throw new HttpError(404, `404 Not Found: nothing at ${path}`);
    const handler = methods.get(method);
    if (handler) return handler;
    const allow = [...methods.keys()].join(', ');
    const message = `405 Method Not Allowed: ${path} accepts ${allow}`;
    throw new HttpError(405, message, { Allow: allow });
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
