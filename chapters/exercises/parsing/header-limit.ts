// Exercise parsing/header-limit: refuse a request with too many header lines, with 431.
// Check your work with: npm run exercise parsing/header-limit
//
// `parseHeadWithLimit(bytes, maxFields)` reads a head like `parseHead`
// (chapters/parsing.ts), but a head with more than `maxFields` header lines is refused
// with an HttpError whose status is 431 (Request Header Fields Too Large) and whose
// message says what the limit is. Every line counts, a repeated name too. Count before
// parsing: a head that is too big is refused for that, without the work of reading its
// lines (even if one of them is malformed). And the status line of the error response
// should read `HTTP/1.1 431 Request Header Fields Too Large`, which takes a reason phrase
// that STATUS_TEXT (chapters/routing.ts) doesn't have yet.
import { parseHead, type Head } from '../../parsing.ts';

export function parseHeadWithLimit(
  bytes: Uint8Array, maxFields: number, maxBytes = Infinity,
): Head {
  // TODO: count the header lines first, and refuse a head with more than maxFields.
  return parseHead(bytes, maxBytes);
}
