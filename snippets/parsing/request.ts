const FORM = 'application/x-www-form-urlencoded';

/** Completes a head with its body: query parameters first, then form fields. */
export function parseRequest(
  { query, contentLength, ...head }: Head,
  body: Uint8Array,
): Request {
  const params = addParams(new Map(), query, 'the query string');
  if (body.length > 0) {
    const contentType = head.headers.get('content-type');
    const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== FORM) {
      const got = mediaType ?? 'no Content-Type';
      throw new HttpError(415,
        `415 Unsupported Media Type: request bodies must be ${FORM}, got ${got}`);
    }
    addParams(params, decodeUtf8(body, 'the body'), 'the body');
  }
  return { ...head, params };
}
