/** The base class of every response handler: handle() reads, refuses or answers; each
 *  subclass says how to read its arguments and what to answer. */
export abstract class ClosingHandler<Args> {
  readonly handle: Handler = (request) => {
    const problems: string[] = [];
    const args = this.parse(paramsOf(request), problems);
    if (args === undefined) throw new HttpError(400, problems.join('\n'));
    return this.respond(args);
  };

  /** The arguments, or undefined once `problems` holds every broken rule. */
  protected abstract parse(params: Params, problems: string[]): Args | undefined;
  protected abstract respond(args: Args): Response | Promise<Response>;
}
