const CRLF = [CR, LF];

/** A chunked body (RFC 9112 §7.1), decoded strictly: hex sizes with no extensions or
 *  spaces, CRLF after every line and every chunk, trailers read as headers and dropped.
 *  Its lines come from the request's Lines, so it resumes where it stopped too. */
class ChunkedBody {
  end = 0;
  #size = -1;                 // the current chunk's size, once its size line is read
  #inTrailers = false;
  readonly #parts: Uint8Array[] = [];

  constructor(private readonly lines: Lines, private readonly maxBytes: number) {}

  read(bytes: Buffer): Uint8Array | undefined {
    for (;;) {
      if (this.#size > 0 && !this.#takeChunk(bytes)) return undefined;
      const line = this.lines.next(bytes, 'the chunked body');
      if (line === undefined) return undefined;
      if (!this.#inTrailers) {
        this.#readSize(line);
      } else if (line.length === 0) {
        return this.#finish();
      } else {
        // checked like a header, then dropped: we trust no trailer
        parseField(line);
      }
    }
  }

  /** Takes the current chunk and the CRLF after it, once they are here. A byte where
   *  the CR or LF should be is refused as soon as it arrives. */
  #takeChunk(bytes: Buffer): boolean {
    const start = this.lines.start;
    const after = start + this.#size;
    const crlf = bytes.subarray(after, after + 2);
    if (crlf.some((byte, i) => byte !== CRLF[i])) {
      throw bad('a chunk of the body is not followed by CRLF');
    }
    if (crlf.length < 2) return false;
    this.#parts.push(bytes.subarray(start, after));
    this.lines.skipTo(after + 2);
    this.#size = -1;
    return true;
  }

  #readSize(line: string): void {
    if (!/^[0-9A-Fa-f]{1,8}$/.test(line)) {
      const got = JSON.stringify(line);
      throw bad(`invalid chunk size ${got} (hex digits only, no extensions)`);
    }
    this.#size = parseInt(line, 16);
    if (this.#size === 0) this.#inTrailers = true;
    // The chunk and its CRLF must fit in the limit: known before they arrive.
    else if (this.lines.start + this.#size + 2 > this.maxBytes) {
      throw tooLarge(this.maxBytes);
    }
  }

  #finish(): Uint8Array {
    this.end = this.lines.start;
    return Buffer.concat(this.#parts);
  }
}
