// Exercise routing/options: answer OPTIONS for every path, from the routes themselves.
// Check your work with: npm run exercise routing/options
//
// A client may ask `OPTIONS /hello` to learn which methods a path takes
// (RFC 9110 §9.3.7). `OptionsRouter` works like Router, and answers that itself for every
// path that has routes: `200 OK`, an empty body, and an `Allow` header listing the path's
// methods, HEAD if it has GET, and OPTIONS last:
//   Allow: GET, POST, HEAD, OPTIONS
// A 405 says the same in its Allow. An unknown path is still a 404, a path with an
// OPTIONS handler of its own runs that handler, and OPTIONS is never listed twice.
import { Router, type Handler } from '../../routing.ts';

export class OptionsRouter extends Router {
  override find(method: string, path: string): Handler {
    // TODO: OPTIONS, and OPTIONS in every Allow.
    return super.find(method, path);
  }
}
