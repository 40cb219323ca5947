/** A head, read one line at a time as each line arrives: the request line, then header
 *  lines, then an empty line. Each line is checked as soon as it is whole, so a bad head
 *  is refused at the line that proves it bad, not when (or if) its end comes. */
class HeadLines {
  #requestLine: RequestLine | undefined;
  readonly #headers = new Map<string, string>();

  get started(): boolean {
    return this.#requestLine !== undefined;
  }

  add(line: string): void {
    if (this.#requestLine === undefined) {
      this.#requestLine = parseRequestLine(line);
      return;
    }
    const [name, value] = parseField(line);
    const key = name.toLowerCase();
    const earlier = this.#headers.get(key);
    checkFraming(key, value, this.#headers, this.#requestLine.version);
    this.#headers.set(key, earlier === undefined ? value : `${earlier}, ${value}`);
  }

  /** The head, once its empty line has come: `size` bytes, in a request of at most
   *  `maxBytes`. */
  finish(size: number, maxBytes: number): Head {
    const { method, target, version, path, query, authority } = this.#requestLine!;
    const headers = this.#headers;
    // None: which site is this for? Proxies and we could pick differently.
    if (version === 'HTTP/1.1' && !headers.has('host')) {
      throw bad('an HTTP/1.1 request needs exactly one Host header, got 0');
    }
    // RFC 9112 §3.2.2: an absolute-form target names the host, whatever Host says.
    if (authority !== undefined) headers.set('host', authority);
    return {
      method, target, version, headers, path, query,
      bodyLength: bodyLength(headers, size, maxBytes),
      keepAlive: keepAlive(version, headers),
      expectsContinue: expectsContinue(version, headers),
    };
  }
}
