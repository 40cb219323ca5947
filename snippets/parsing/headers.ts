function parseHeaders(lines: string[], version: string): Map<string, string> {
  const headers = new Map<string, string>();
  let hosts = 0;
  for (const line of lines) {
    const [name, value] = parseField(line);
    const key = name.toLowerCase();
    if (key === 'host') hosts++;
    const earlier = headers.get(key);
    headers.set(key, earlier === undefined ? value : `${earlier}, ${value}`);
  }
  // Two Hosts, or none: which site is this for? Proxies and we could pick differently.
  if (version === 'HTTP/1.1' && hosts !== 1) {
    throw bad(`an HTTP/1.1 request needs exactly one Host header, got ${hosts}`);
  }
  return headers;
}

/** One `Name: value` line (a header, or a chunked body's trailer). */
function parseField(line: string): [string, string] {
  if (line.includes('\r')) throw bad('a bare CR inside a header line');
  if (line.includes('\n')) throw bad('a bare LF inside the head; lines end in CRLF');
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
