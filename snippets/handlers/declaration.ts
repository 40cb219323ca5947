/** A handler's parameters: a name for each, and what it must be. */
export type Declaration = Record<string, Parameter<unknown>>;

/** What the handler's body receives: each declared name with its inferred type.
 *  The `& {}` changes nothing in the type. It makes a hover show the object itself,
 *  `{ room: string; … }`, rather than `Arguments<{ room: Scalar<string>; … }>`. */
export type Arguments<D extends Declaration> = { [Name in keyof D]: Infer<D[Name]> } & {};

const FORM = 'application/x-www-form-urlencoded';

/** What parameters are read from: the query's, then a form body's fields. A body of any
 *  other type is refused here, where parameters are read, not by the wire, which frames
 *  any body: a handler that takes JSON reads `request.body` itself. */
export function paramsOf(request: Request): Params {
  if (request.body.length === 0) return request.params;
  const mediaType = request.headers.get('content-type')?.split(';')[0];
  const media = mediaType === undefined ? undefined : trimOws(mediaType).toLowerCase();
  if (media !== FORM) {
    const got = media ?? 'no Content-Type';
    throw new HttpError(415, `request bodies must be ${FORM}, got ${got}`);
  }
  const params: Params = new Map();
  for (const [name, values] of request.params) params.set(name, [...values]);
  return addParams(params, decodeUtf8(request.body, 'the body'), 'the body');
}

/** Checks every declared parameter. All the broken rules are reported at once, one per
 *  line, so a form with two mistakes needs one round trip, not two. */
export function readArguments<D extends Declaration>(
  declaration: D, params: Params,
): Arguments<D> {
  const args: [string, unknown][] = [];
  const problems: string[] = [];
  for (const [name, parameter] of Object.entries(declaration)) {
    const checked = parameter.read(params.get(name) ?? []);
    if (checked.ok) args.push([name, checked.value]);
    else problems.push(`${name}: ${checked.rule.message}`);
  }
  if (problems.length > 0) throw new HttpError(400, problems.join('\n'));
  // fromEntries defines own properties: even a parameter named __proto__ stays ordinary.
  return Object.fromEntries(args) as Arguments<D>;
}
