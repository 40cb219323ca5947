// The wire: every byte House reads or writes for HTTP/1.1 is decided here.
// Bytes → a Request (strictly: one reading of the bytes, the one no proxy can
// disagree with), and a Reply → bytes. The connection's life (when to read, when to
// close) is listen.ts.
// #region imports
import { HttpError, STATUS_TEXT } from './routing.ts';
import type { Params, Request, Response } from './routing.ts';
// #endregion imports

// #region grammar
/** RFC 9110 token: methods and header names, read and written. */
export const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// origin-form (`/path?query`) or absolute-form (`http://host/path`), visible ASCII only
const ORIGIN_FORM = /^\/[\x21-\x7e]*$/;
const ABSOLUTE_FORM = /^https?:\/\/[^/?#\s]+(\/[\x21-\x7e]*)?$/i;
// HTAB is allowed in a value; every other control character is not.
const CONTROL = /[\0-\x08\x0a-\x1f\x7f]/;
const CR = 0x0d;
const LF = 0x0a;

/** HTTP's whitespace is space and tab only. JavaScript's trim() also eats \f, \v and
 *  Unicode spaces, which a proxy in front of us would keep:
 *  two readings of one header. */
export function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isOws(value.charCodeAt(start))) start++;
  while (end > start && isOws(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

const isOws = (code: number) => code === 0x20 || code === 0x09;

function bad(reason: string): HttpError {
  return new HttpError(400, reason);
}

export function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, `requests are limited to ${maxBytes} bytes`);
}
// #endregion grammar

// #region strict-utf8
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Bytes → text, refusing invalid UTF-8 instead of quietly turning it into U+FFFD. */
export function decodeUtf8(bytes: Uint8Array, where: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw bad(`invalid UTF-8 in ${where}`);
  }
}
// #endregion strict-utf8

// #region head
/** A parsed head. The body comes later: `bodyLength` bytes of it, or chunks until a 0. */
export interface Head extends Omit<Request, 'params'> {
  query: string;
  bodyLength: number | 'chunked';
  /** Whether the connection may carry another request after this one's answer. */
  keepAlive: boolean;
  /** The client waits for `100 Continue` before it sends the body. */
  expectsContinue: boolean;
}

export function parseHead(bytes: Uint8Array, maxBytes = Infinity): Head {
  const text = decodeUtf8(bytes, 'the head');
  const lines = text.slice(0, -4).split('\r\n');
  const requestLine = lines[0] ?? '';
  if (/[\r\n]/.test(requestLine)) throw bad('a bare CR or LF in the request line');
  const { method, target, version } = parseRequestLine(requestLine);
  const headers = parseHeaders(lines.slice(1), version);
  const [path = '', query = ''] = splitOnce(originForm(target), '?');
  return {
    method, target, version, headers, query,
    path: percentDecode(path, false, 'the path'),
    bodyLength: bodyLength(headers, version, maxBytes),
    keepAlive: keepAlive(version, headers),
    expectsContinue: expectsContinue(version, headers),
  };
}

/** HTTP/1.1 keeps the connection unless either side says `close`;
 *  HTTP/1.0 closes it unless the request asks for `keep-alive`. */
export function keepAlive(version: string, headers: Map<string, string>): boolean {
  const connection = headers.get('connection');
  if (connection === undefined) return version === 'HTTP/1.1';
  const options = connection.split(',').map((o) => trimOws(o).toLowerCase());
  if (options.includes('close')) return false;
  return version === 'HTTP/1.1' || options.includes('keep-alive');
}

function expectsContinue(version: string, headers: Map<string, string>): boolean {
  const expect = headers.get('expect');
  if (expect === undefined || version === 'HTTP/1.0') return false;  // RFC 9110 §10.1.1
  if (expect.toLowerCase() !== '100-continue') {
    throw new HttpError(417, `the only expectation this server meets is 100-continue`);
  }
  return true;
}
// #endregion head

// #region request-line
type RequestLine = { method: string; target: string; version: string };

function parseRequestLine(line: string): RequestLine {
  const parts = line.split(' ');
  if (parts.length !== 3) {
    const got = JSON.stringify(line);
    throw bad(`the request line must be "METHOD /path HTTP/1.1", got ${got}`);
  }
  const [method = '', target = '', version = ''] = parts;
  if (!TOKEN.test(method)) throw bad(`malformed method ${JSON.stringify(method)}`);
  if (!ORIGIN_FORM.test(target) && !ABSOLUTE_FORM.test(target)) {
    const got = JSON.stringify(target);
    throw bad(
      `the target must be a path starting with "/" (or an http:// URL), got ${got}`);
  }
  if (!/^HTTP\/\d\.\d$/.test(version)) {
    throw bad(`malformed HTTP version ${JSON.stringify(version)}`);
  }
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') {
    throw new HttpError(505, `${version}; this server speaks HTTP/1.1 and 1.0`);
  }
  return { method, target, version };
}

/** `http://host/index?x` → `/index?x` (RFC 9112 §3.2.2: a server must accept it). */
function originForm(target: string): string {
  if (target.startsWith('/')) return target;
  const path = target.indexOf('/', target.indexOf('//') + 2);
  return path === -1 ? '/' : target.slice(path);
}
// #endregion request-line

// #region headers
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
// #endregion headers

// #region body-length
/** How the body ends. Refuses every framing a reader could misjudge:
 *  a request smuggler lives in the gap between two servers' answers to this question. */
function bodyLength(
  headers: Map<string, string>, version: string, maxBytes: number,
): number | 'chunked' {
  const lengths = headers.get('content-length');
  const encoding = headers.get('transfer-encoding');
  if (encoding !== undefined) {
    if (lengths !== undefined) throw bad('both Transfer-Encoding and Content-Length');
    if (version === 'HTTP/1.0') throw bad('Transfer-Encoding in an HTTP/1.0 request');
    const codings = encoding.split(',').map((c) => trimOws(c).toLowerCase());
    if (codings.at(-1) !== 'chunked') throw bad('Transfer-Encoding must end in chunked');
    if (codings.length > 1) {
      throw new HttpError(
        501, `Transfer-Encoding ${encoding}: only chunked is supported`);
    }
    return 'chunked';
  }
  if (lengths === undefined) return 0;
  const values = lengths.split(',').map(trimOws);
  const value = values[0]!;
  if (values.some((other) => other !== value)) {
    throw bad(`conflicting Content-Length values ${JSON.stringify(lengths)}`);
  }
  if (!/^[0-9]+$/.test(value)) {
    throw bad(`invalid Content-Length ${JSON.stringify(value)}`);
  }
  // However many digits: too big is too big, and known before a byte of body arrives.
  const length = Number(value);
  if (length > maxBytes) throw tooLarge(maxBytes);
  return length;
}
// #endregion body-length

// #region reader
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
// #endregion reader

// #region chunked
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
// #endregion chunked

// #region percent-decoding
/** Undoes %XX escapes (and, in query strings and forms, + for space),
 *  then decodes the bytes as UTF-8. */
export function percentDecode(text: string, plusIsSpace: boolean, where: string): string {
  if (!text.includes('%')) {
    return plusIsSpace && text.includes('+') ? text.replaceAll('+', ' ') : text;
  }
  const input = Buffer.from(text, 'utf8');
  const output = Buffer.alloc(input.length);  // decoding only ever shrinks
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const byte = input[i]!;
    if (byte === 0x25 /* % */) {
      const hex = input.toString('latin1', i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        throw bad(`bad percent-encoding "%${hex}" in ${where}`);
      }
      output[length++] = parseInt(hex, 16);
      i += 2;
    } else {
      output[length++] = byte === 0x2b /* + */ && plusIsSpace ? 0x20 : byte;
    }
  }
  return decodeUtf8(output.subarray(0, length), where);
}
// #endregion percent-decoding

// #region params
/** `a=1&b=two+words&a=2` → adds a: ['1', '2'], b: ['two words'] to `params`. */
export function addParams(params: Params, encoded: string, where: string): Params {
  for (const pair of encoded.split('&')) {
    if (pair === '') continue;
    const [name = '', value = ''] = splitOnce(pair, '=');
    const key = percentDecode(name, true, where);
    const values = params.get(key);
    if (values) values.push(percentDecode(value, true, where));
    else params.set(key, [percentDecode(value, true, where)]);
  }
  return params;
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at === -1 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}
// #endregion params

// #region request
const FORM = 'application/x-www-form-urlencoded';

/** Completes a head with its body: query parameters first, then form fields. */
export function parseRequest(head: Head, body: Uint8Array): Request {
  const { method, target, path, version, headers, query } = head;
  const params = addParams(new Map(), query, 'the query string');
  if (body.length > 0) {
    const mediaType = headers.get('content-type')?.split(';')[0];
    const media = mediaType === undefined ? undefined : trimOws(mediaType).toLowerCase();
    if (media !== FORM) {
      const got = media ?? 'no Content-Type';
      throw new HttpError(415, `request bodies must be ${FORM}, got ${got}`);
    }
    addParams(params, decodeUtf8(body, 'the body'), 'the body');
  }
  return { method, target, path, version, headers, params };
}
// #endregion request

// #region write-response
const NO_CACHE = 'no-cache, no-store, must-revalidate';
/** Only the server decides how a message is framed,
 *  whatever letter case a handler uses. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection']);

function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? ''}\r\n`;
}

/** Header lines, later names replacing earlier ones in any letter case. */
function headerLines(...groups: Record<string, string>[]): string {
  const merged = new Map<string, string>();
  for (const group of groups) {
    for (const name in group) {
      const value = group[name]!;
      // A CR or LF in a value would let a handler smuggle in headers
      // (or a whole second response).
      if (!TOKEN.test(name) || /[\r\n\0]/.test(value)) {
        throw new Error(`refusing to write the malformed header ${JSON.stringify(name)}`);
      }
      const key = name.toLowerCase();
      merged.delete(key);
      merged.set(key, `${name}: ${value}\r\n`);
    }
  }
  let lines = '';
  for (const line of merged.values()) lines += line;
  return lines;
}

/** The headers a handler set, less those only the server may set. */
function handlerHeaders(headers: Record<string, string> = {}): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name in headers) {
    if (!FRAMING.has(name.toLowerCase())) kept[name] = headers[name]!;
  }
  return kept;
}

export interface Framing {
  /** Say `Connection: keep-alive` (true) or `close` (false). */
  keepAlive: boolean;
  /** An answer to HEAD: the head a GET would get, without its body. */
  headOnly?: boolean;
}

/** The exact bytes of a response.
 *  Content-Length counts bytes of UTF-8, not characters. */
export function formatResponse(
  response: Response, { keepAlive, headOnly = false }: Framing = { keepAlive: false },
): Buffer {
  const head = statusLine(response.status) + headerLines(
    {
      'Content-Type': `${response.contentType}; charset=utf-8`,
      'Cache-Control': NO_CACHE,
    },
    handlerHeaders(response.headers),
  ) + `Content-Length: ${Buffer.byteLength(response.body, 'utf8')}\r\n` +
    `Connection: ${keepAlive ? 'keep-alive' : 'close'}\r\n\r\n`;
  return Buffer.from(headOnly ? head : head + response.body, 'utf8');
}

/** What a client that sent `Expect: 100-continue` waits for before sending its body. */
export const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';
// #endregion write-response

// #region write-stream
/** The head of an event stream. Its body ends only when the connection does, so it says
 *  so: `Connection: close`, no Content-Length. Nothing else can follow it on this
 *  connection. */
export function formatStreamHead(): string {
  return statusLine(200) + headerLines({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': NO_CACHE,
    Connection: 'close',
  }) + '\r\n';
}
// #endregion write-stream

// #region demo
if (process.argv[1] === import.meta.filename) {
  /** Reads every request in a string of bytes, the way a connection will. */
  const show = (raw: string) => {
    console.log(`\n${JSON.stringify(raw)}`);
    // latin1 keeps \xNN escapes as single raw bytes
    const reader = new RequestReader(64 * 1024);
    reader.append(Buffer.from(raw, 'latin1'));
    try {
      for (let request = reader.request(); request; request = reader.request()) {
        const { method, path, version, headers, params } = request;
        console.log(`  → ${method} ${path} ${version}`, { headers, params });
      }
      if (reader.buffered > 0) {
        console.log(`  … ${reader.buffered} bytes wait for the rest`);
      }
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      console.log(`  → ${error.status} ${STATUS_TEXT[error.status]}: ${error.message}`);
    }
  };
  const samples = [
    'GET /search?q=caf%C3%A9+au+lait&page=2 HTTP/1.1\r\n' +
      'Host: example.com\r\nACCEPT: text/html\r\n\r\n',
    'POST /send?room=lobby HTTP/1.1\r\nHost: x\r\n' +
      'Content-Type: application/x-www-form-urlencoded\r\n' +
      'Content-Length: 40\r\n\r\nname=Ada&message=hello%2C+world&room=two',
    'GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\nGET /thr',
    'POST /send HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n' +
      'Content-Type: application/x-www-form-urlencoded\r\n\r\n' +
      '5\r\nname=\r\n3\r\nAda\r\n0\r\n\r\n',
    'GET /?__proto__=1&constructor=2 HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET / HTTP/1.1 extra\r\n\r\n',
    'GET / HTTP/2.0\r\n\r\n',
    'GET / HTTP/1.1\r\nHost example.com\r\n\r\n',
    'GET / HTTP/1.1\nHost: x\n\n',
    'GET / HTTP/1.1\r\n\r\n',
    'GET /?q=%C3%28 HTTP/1.1\r\nHost: x\r\n\r\n',
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!',
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n' +
      'Content-Length: 5\r\n\r\nhello',
  ];
  for (const raw of samples) show(raw);
}
// #endregion demo
