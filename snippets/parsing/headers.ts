function parseHeaders(lines: string[]): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of lines) {
    if (line.includes('\r')) throw bad('a bare CR inside a header line');
    if (/^[ \t]/.test(line)) {
      throw bad('obsolete line folding (a header line starting with whitespace)');
    }
    const colon = line.indexOf(':');
    if (colon === -1) throw bad(`header line without a colon: ${JSON.stringify(line)}`);
    const name = line.slice(0, colon);
    // "Host : x" is refused rather than guessed at:
    // proxies have been fooled by exactly that.
    if (!TOKEN.test(name)) throw bad(`malformed header name ${JSON.stringify(name)}`);
    const value = line.slice(colon + 1).trim();
    if (/[\0-\x08\x0a-\x1f\x7f]/.test(value)) {
      throw bad(`control character in header ${name}`);
    }
    const key = name.toLowerCase();
    const earlier = headers.get(key);
    headers.set(key, earlier === undefined ? value : `${earlier}, ${value}`);
  }
  return headers;
}
