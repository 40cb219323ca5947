/** One `Name: value` line (a header, or a chunked body's trailer). */
function parseField(line: string): [string, string] {
  if (isOws(line.charCodeAt(0))) {
    throw bad('obsolete line folding (a header line starting with whitespace)');
  }
  const colon = line.indexOf(':');
  if (colon === -1) throw bad(`header line without a colon: ${JSON.stringify(line)}`);
  const name = line.slice(0, colon);
  // "Host : x" is refused rather than guessed at:
  // proxies have been fooled by exactly that.
  if (!TOKEN.test(name)) throw bad(`malformed header name ${JSON.stringify(name)}`);
  const value = trimOws(line.slice(colon + 1));
  if (CONTROL.test(value)) throw bad(`control character in header ${name}`);
  return [name, value];
}

/** What one header line can already prove wrong about the request (`earlier` holds the
 *  lines before it): a second or malformed Host, a Content-Length that is not a number
 *  or disagrees, Transfer-Encoding where it has no place. */
function checkFraming(
  key: string, value: string, earlier: Map<string, string>, version: string,
): void {
  if (key === 'host') {
    // Two: a proxy may route by one, and we would read the other.
    if (earlier.has('host')) throw bad('a request needs exactly one Host header, got 2');
    // Empty is allowed: a client sends that for a target with no host (RFC 9112 §3.2).
    if (value !== '' && !AUTHORITY.test(value)) {
      throw bad(`malformed Host ${JSON.stringify(value)}`);
    }
  } else if (key === 'content-length') {
    if (earlier.has('transfer-encoding')) throw BOTH();
    checkContentLength(value, earlier.get('content-length'));
  } else if (key === 'transfer-encoding') {
    if (earlier.has('content-length')) throw BOTH();
    if (version === 'HTTP/1.0') throw bad('Transfer-Encoding in an HTTP/1.0 request');
  }
}

const BOTH = () => bad('both Transfer-Encoding and Content-Length');

/** Digits only, and every value the same: RFC 9110 §8.6 allows `5, 5`, or `5` twice. */
function checkContentLength(value: string, earlier: string | undefined): void {
  const first = trimOws((earlier ?? value).split(',')[0]!);
  for (const item of value.split(',').map(trimOws)) {
    if (!/^[0-9]+$/.test(item)) {
      throw bad(`invalid Content-Length ${JSON.stringify(item)}`);
    }
    if (item !== first) {
      const all = earlier === undefined ? value : `${earlier}, ${value}`;
      throw bad(`conflicting Content-Length values ${JSON.stringify(all)}`);
    }
  }
}
