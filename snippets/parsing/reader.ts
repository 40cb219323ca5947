/** How much work reading has cost, for the tests: bytes looked at, bytes copied. */
export interface ReadWork {
  scanned: number;
  copied: number;
}

const NOT_YET = undefined;
/** One empty buffer for every reader with nothing buffered:
 *  never written to, only replaced. */
const NOTHING = Buffer.alloc(0);

/** Reads requests, one after another, from the bytes of one connection as they arrive.
 *  Linear: each byte is copied at most a few times (the buffer doubles when full),
 *  and each search resumes where the last one stopped. */
export class RequestReader {
  readonly work: ReadWork = { scanned: 0, copied: 0 };
  #buffer: Buffer = NOTHING;
  #start = 0;                 // the current request's first byte in #buffer
  #end = 0;                   // one past the last byte received
  #searched = 0;              // how far (from #start) the search for the head's end got
  #head: Head | undefined;
  #headEnd = 0;
  #chunks: ChunkedBody | undefined;

  constructor(readonly maxBytes: number) {}

  /** Bytes received and not yet part of a request handed out. */
  get buffered(): number {
    return this.#end - this.#start;
  }

  append(chunk: Buffer): void {
    if (this.buffered === 0) {
      // The common case, one request per packet: keep the chunk itself, no copy.
      this.#buffer = chunk;
      this.#start = 0;
      this.#end = chunk.length;
      return;
    }
    if (this.#end + chunk.length > this.#buffer.length) this.#grow(chunk.length);
    this.work.copied += chunk.copy(this.#buffer, this.#end);
    this.#end += chunk.length;
  }

  #grow(extra: number): void {
    const live = this.buffered;
    const bigger = Buffer.allocUnsafe(Math.max(2 * (live + extra), 1024));
    this.work.copied += this.#buffer.copy(bigger, 0, this.#start, this.#end);
    this.#buffer = bigger;
    this.#start = 0;
    this.#end = live;
  }

  /** The next request's head, once all of it is in. Throws an HttpError if it's bad. */
  head(): Head | undefined {
    if (this.#head) return this.#head;
    this.#skipEmptyLines();
    const bytes = this.#buffer.subarray(this.#start, this.#end);
    const end = this.#findHeadEnd(bytes);
    if (end === -1) {
      if (bytes.length > this.maxBytes) throw tooLarge(this.maxBytes);
      return NOT_YET;
    }
    if (end > this.maxBytes) throw tooLarge(this.maxBytes);
    this.#head = parseHead(bytes.subarray(0, end), this.maxBytes - end);
    this.#headEnd = end;
    if (this.#head.bodyLength === 'chunked') {
      this.#chunks = new ChunkedBody(end, this.maxBytes);
    }
    return this.#head;
  }

  /** The next whole request (head and body), once it has arrived; then it is consumed. */
  request(): Request | undefined {
    const head = this.head();
    if (!head) return NOT_YET;
    const bytes = this.#buffer.subarray(this.#start, this.#end);
    let body: Uint8Array | undefined;
    let end: number;
    if (this.#chunks) {
      body = this.#chunks.read(bytes, this.work);
      end = this.#chunks.end;
    } else {
      end = this.#headEnd + (head.bodyLength as number);
      if (bytes.length >= end) body = bytes.subarray(this.#headEnd, end);
    }
    if (body === undefined) return NOT_YET;
    this.#consume(end);
    return parseRequest(head, body);
  }

  /** RFC 9112 §2.2: empty lines before a request line are ignored. */
  #skipEmptyLines(): void {
    const b = this.#buffer;
    while (this.#searched === 0 && this.#end - this.#start >= 2 &&
           b[this.#start] === CR && b[this.#start + 1] === LF) {
      this.#start += 2;
      this.work.scanned += 2;
    }
  }

  /** Just past the CRLF CRLF that ends the head, or -1. Every LF must follow a CR. */
  #findHeadEnd(bytes: Buffer): number {
    for (;;) {
      const lf = bytes.indexOf(LF, this.#searched);
      const stop = lf === -1 ? bytes.length : lf + 1;
      this.work.scanned += stop - this.#searched;
      this.#searched = stop;
      if (lf === -1) return -1;
      if (bytes[lf - 1] !== CR) throw bad('a bare LF in the head; lines end in CRLF');
      if (lf >= 3 && bytes[lf - 2] === LF) return lf + 1;
    }
  }

  #consume(length: number): void {
    this.#start += length;
    this.#head = undefined;
    this.#chunks = undefined;
    this.#searched = 0;
    if (this.buffered === 0) this.#buffer = NOTHING;  // an idle connection holds nothing
  }
}
