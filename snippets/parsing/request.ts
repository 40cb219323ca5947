const FORM = 'application/x-www-form-urlencoded';

/** Completes a head with its body: query parameters first, then form fields. */
export function parseRequest(head: Head, body: Uint8Array): Request {
  const { method, target, path, version, headers, query } = head;
  const params = addParams(new Map(), query, 'the query string');
  if (body.length > 0) {
    const mediaType = headers.get('content-type')?.split(';')[0];
    const media = mediaType === undefined ? undefined : trimOws(mediaType).toLowerCase();
    if (media !== FORM) {
      const got = media ?? 'no Content-Type';
      throw new HttpError(415, `request bodies must be ${FORM}, got ${got}`);
    }
    addParams(params, decodeUtf8(body, 'the body'), 'the body');
  }
  return { method, target, path, version, headers, params };
}
