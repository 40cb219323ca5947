/** Completes a head with its body, which stays bytes: what they mean is for whoever
 *  reads them (a handler's parameters, for a form). */
export function parseRequest(head: Head, body: Uint8Array): Request {
  const { method, target, path, version, headers, query } = head;
  const params = addParams(new Map(), query, 'the query string');
  return { method, target, path, version, headers, params, body };
}
