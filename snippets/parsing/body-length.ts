/** How the body ends. Refuses every framing a reader could misjudge:
 *  a request smuggler lives in the gap between two servers' answers to this question. */
function bodyLength(
  headers: Map<string, string>, version: string, maxBytes: number,
): number | 'chunked' {
  const lengths = headers.get('content-length');
  const encoding = headers.get('transfer-encoding');
  if (encoding !== undefined) {
    if (lengths !== undefined) throw bad('both Transfer-Encoding and Content-Length');
    if (version === 'HTTP/1.0') throw bad('Transfer-Encoding in an HTTP/1.0 request');
    const codings = encoding.split(',').map((c) => trimOws(c).toLowerCase());
    if (codings.at(-1) !== 'chunked') throw bad('Transfer-Encoding must end in chunked');
    if (codings.length > 1) {
      throw new HttpError(
        501, `Transfer-Encoding ${encoding}: only chunked is supported`);
    }
    return 'chunked';
  }
  if (lengths === undefined) return 0;
  const values = lengths.split(',').map(trimOws);
  const value = values[0]!;
  if (values.some((other) => other !== value)) {
    throw bad(`conflicting Content-Length values ${JSON.stringify(lengths)}`);
  }
  if (!/^[0-9]+$/.test(value)) {
    throw bad(`invalid Content-Length ${JSON.stringify(value)}`);
  }
  // However many digits: too big is too big, and known before a byte of body arrives.
  const length = Number(value);
  if (length > maxBytes) throw tooLarge(maxBytes);
  return length;
}
