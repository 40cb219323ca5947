/** Everything received so far → the request, once all of it is in
 *  (undefined until then). Complete means: the head, then exactly
 *  Content-Length bytes of body. */
export function readRequest(received: Buffer, maxBytes: number): Request | undefined {
  const headEnd = findHeadEnd(received);
  if (headEnd === -1) {
    if (received.length > maxBytes) throw tooLarge(maxBytes);
    return undefined;
  }
  const head = parseHead(received.subarray(0, headEnd));
  const end = headEnd + head.contentLength;
  // Known from Content-Length before the body arrives.
  if (end > maxBytes) throw tooLarge(maxBytes);
  if (received.length < end) return undefined;
  return parseRequest(head, received.subarray(headEnd, end));
}

function tooLarge(maxBytes: number): HttpError {
  const message = `413 Content Too Large: requests are limited to ${maxBytes} bytes`;
  return new HttpError(413, message);
}
