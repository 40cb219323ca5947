// Exercise routing/params: routes with path parameters, such as `/rooms/:name`.
// Check your work with: npm run exercise routing/params
//
// `PatternRouter` works like Router, but a segment of a route's path that starts with
// `:` matches any one non-empty segment of a request's path, and the handler finds
// what it matched in `request.params` under that name, in front of any values the query
// string or body gave:
//   router.on('GET', '/rooms/:name', ({ params }) =>
//     text(`room ${params.get('name')![0]}\n`));
//   GET /rooms/lobby  → "room lobby"
// - a segment without a `:` must match exactly; where a request fits two routes, the one
//   with more exact segments wins, whatever the order they were added in (`/rooms/new`
//   over `/rooms/:name`);
// - 404 when no route fits, 405 with `Allow` when a route fits but not the method, 501
//   for an unknown method, and HEAD runs the GET handler, as Router does;
// - `on` refuses a malformed pattern (an empty name,
//   `/rooms/:`, or one name twice) by throwing.
import { Router, type Handler } from '../../routing.ts';

/** Router's own `handle` calls `find(method, path)` and runs the handler it gets,
 *  so `find` is where a pattern can be matched, and the handler it returns can see
 *  what was captured. */
export class PatternRouter extends Router {
  override on(method: string, pattern: string, handler: Handler): this {
    // TODO: keep routes of your own. For now every pattern is taken as an exact path.
    return super.on(method, pattern, handler);
  }

  override find(method: string, path: string): Handler {
    // TODO: match the patterns.
    return super.find(method, path);
  }
}
