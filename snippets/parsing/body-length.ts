/** How many body bytes follow the head. Refuses every framing a reader could misjudge:
 *  a request smuggler lives in the gap between two servers' answers to this question. */
function bodyLength(headers: Map<string, string>): number {
  const lengths = headers.get('content-length');
  if (headers.has('transfer-encoding')) {
    if (lengths !== undefined) throw bad('both Transfer-Encoding and Content-Length');
    throw new HttpError(501, '501 Not Implemented: Transfer-Encoding (chunked bodies) ' +
      'is not supported; send Content-Length');
  }
  if (lengths === undefined) return 0;
  const values = new Set(lengths.split(',').map((value) => value.trim()));
  if (values.size > 1) {
    throw bad(`conflicting Content-Length values ${JSON.stringify(lengths)}`);
  }
  const [value = ''] = values;
  if (!/^\d{1,15}$/.test(value)) {
    throw bad(`invalid Content-Length ${JSON.stringify(value)}`);
  }
  return Number(value);
}
