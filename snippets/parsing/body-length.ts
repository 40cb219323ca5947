/** How the body ends. Refuses every framing a reader could misjudge:
 *  a request smuggler lives in the gap between two servers' answers to this question.
 *  (A head's lines have already refused Content-Length values that are not numbers or
 *  disagree, and Content-Length next to Transfer-Encoding.) */
function bodyLength(
  headers: Map<string, string>, headSize: number, maxBytes: number,
): number | 'chunked' {
  const encoding = headers.get('transfer-encoding');
  if (encoding !== undefined) {
    const codings = encoding.split(',').map((c) => trimOws(c).toLowerCase());
    if (codings.at(-1) !== 'chunked') throw bad('Transfer-Encoding must end in chunked');
    if (codings.length > 1) {
      throw new HttpError(
        501, `Transfer-Encoding ${encoding}: only chunked is supported`);
    }
    return 'chunked';
  }
  const lengths = headers.get('content-length');
  const length = lengths === undefined ? 0 : Number(lengths.split(',')[0]);
  // However many digits: too big is too big, known before a byte of body arrives.
  // The head counts too: the limit is on the whole request.
  if (headSize + length > maxBytes) throw tooLarge(maxBytes);
  return length;
}
