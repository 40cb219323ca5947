/** Every value of each parameter, in arrival order: query string first, then form body.
 *  A Map, so names like `__proto__` or `constructor` are ordinary keys,
 *  not object machinery. */
export type Params = Map<string, string[]>;

export interface Request {
  method: string;               // 'GET', 'POST', … exactly as sent
                                // (methods are case-sensitive)
  target: string;               // the raw request-target: '/send?room=lobby'
  path: string;                 // its path part, percent-decoded: '/send'
  version: string;              // 'HTTP/1.1' or 'HTTP/1.0'
  headers: Map<string, string>; // names in lower case; repeated headers joined with ', '
  params: Params;               // the query string's parameters
  body: Uint8Array;             // the body's bytes, whatever their type: empty if none
}
