/** One empty buffer for every reader with nothing buffered:
 *  never written to, only replaced. */
const NOTHING = Buffer.alloc(0);

/** Reads requests, one after another, from the bytes of one connection as they arrive.
 *  Linear: each byte is copied at most a few times (the buffer doubles when full),
 *  and each search resumes where the last one stopped. */
export class RequestReader {
  #buffer: Buffer = NOTHING;
  #start = 0;                 // the current request's first byte in #buffer
  #end = 0;                   // one past the last byte received
  #lines = new Lines();  // the current request's lines, counted from #start
  #headLines = new HeadLines();
  #head: Head | undefined;
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
    chunk.copy(this.#buffer, this.#end);
    this.#end += chunk.length;
  }

  #grow(extra: number): void {
    const live = this.buffered;
    const bigger = Buffer.allocUnsafe(Math.max(2 * (live + extra), 1024));
    this.#buffer.copy(bigger, 0, this.#start, this.#end);
    this.#buffer = bigger;
    this.#start = 0;
    this.#end = live;
  }

  /** The next request's head, once all of it is in. Throws an HttpError if it's bad. */
  head(): Head | undefined {
    let bytes = this.#current();
    while (!this.#head) {
      const line = this.#lines.next(bytes, 'the head');
      if (line === undefined) return this.#notYet();
      if (line.length > 0) {
        this.#headLines.add(line);
      } else if (this.#headLines.started) {
        this.#finishHead();
      } else {
        // RFC 9112 §2.2: an empty line before the request line is ignored.
        this.#consume(this.#lines.start);
        bytes = this.#current();
      }
    }
    return this.#head;
  }

  #finishHead(): void {
    const size = this.#lines.start;
    this.#head = this.#headLines.finish(size, this.maxBytes);
    if (this.#head.bodyLength === 'chunked') {
      this.#chunks = new ChunkedBody(this.#lines, this.maxBytes);
    }
  }

  /** The next whole request (head and body), once it has arrived; then it is consumed. */
  request(): Request | undefined {
    const head = this.head();
    if (!head) return undefined;
    const bytes = this.#current();
    let body: Uint8Array | undefined;
    let end: number;
    if (this.#chunks) {
      body = this.#chunks.read(bytes);
      end = this.#chunks.end;
    } else {
      const start = this.#lines.start;
      end = start + (head.bodyLength as number);
      if (bytes.length >= end) body = bytes.subarray(start, end);
    }
    if (body === undefined) return this.#notYet();
    this.#consume(end);
    return parseRequest(head, body);
  }

  /** The current request's bytes, but no more than the limit: what lies beyond can't be
   *  part of a request we accept, so it never changes how the bytes before it are read,
   *  however they were split. */
  #current(): Buffer {
    const end = Math.min(this.#end, this.#start + this.maxBytes);
    return this.#buffer.subarray(this.#start, end);
  }

  /** Nothing whole yet: fine, unless more than the limit has already arrived. */
  #notYet(): undefined {
    if (this.buffered > this.maxBytes) throw tooLarge(this.maxBytes);
    return undefined;
  }

  /** Drops whatever has arrived and not been read as a request. */
  discard(): void {
    this.#consume(this.buffered);
  }

  #consume(length: number): void {
    this.#start += length;
    this.#lines = new Lines();
    this.#headLines = new HeadLines();
    this.#head = undefined;
    this.#chunks = undefined;
    if (this.buffered === 0) this.#buffer = NOTHING;  // an idle connection holds nothing
  }
}
