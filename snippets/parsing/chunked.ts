/** A chunked body (RFC 9112 §7.1), decoded strictly: hex sizes with no extensions or
 *  spaces, CRLF after every line and every chunk, trailers read as headers and dropped.
 *  Resumes where it stopped, like the head search. */
class ChunkedBody {
  end = 0;
  #at: number;                // where the next line or chunk starts
  #size = -1;                 // the current chunk's size, once its size line is read
  #inTrailers = false;
  readonly #parts: Uint8Array[] = [];

  constructor(start: number, private readonly maxBytes: number) {
    this.#at = start;
  }

  read(bytes: Buffer, work: ReadWork): Uint8Array | undefined {
    for (;;) {
      if (this.#size > 0) {
        const after = this.#at + this.#size;
        if (bytes.length < after + 2) return this.#notYet(bytes);
        if (bytes[after] !== CR || bytes[after + 1] !== LF) {
          throw bad('a chunk of the body is not followed by CRLF');
        }
        this.#parts.push(bytes.subarray(this.#at, after));
        this.#at = after + 2;
        this.#size = -1;
        continue;
      }
      const lf = bytes.indexOf(LF, this.#at);
      if (lf === -1) return this.#notYet(bytes);
      work.scanned += lf + 1 - this.#at;
      if (bytes[lf - 1] !== CR) throw bad('a bare LF in the chunked body');
      const line = bytes.toString('latin1', this.#at, lf - 1);
      this.#at = lf + 1;
      if (this.#inTrailers) {
        if (line === '') return this.#finish();
        parseField(line);     // checked like a header, then dropped: we trust no trailer
      } else {
        this.#readSize(line);
      }
    }
  }

  #readSize(line: string): void {
    if (!/^[0-9A-Fa-f]{1,8}$/.test(line)) {
      const got = JSON.stringify(line);
      throw bad(`invalid chunk size ${got} (hex digits only, no extensions)`);
    }
    this.#size = parseInt(line, 16);
    if (this.#size === 0) this.#inTrailers = true;
    else if (this.#at + this.#size + 2 > this.maxBytes) throw tooLarge(this.maxBytes);
  }

  #notYet(bytes: Buffer): undefined {
    if (bytes.length > this.maxBytes) throw tooLarge(this.maxBytes);
    return NOT_YET;
  }

  #finish(): Uint8Array {
    this.end = this.#at;
    return Buffer.concat(this.#parts);
  }
}
