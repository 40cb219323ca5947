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
// The two forms of target a server reads (RFC 9112 §3.2), in visible ASCII:
// origin-form `/path?query`, and absolute-form `http://authority/path?query`.
const ORIGIN_FORM = /^\/[\x21-\x7e]*$/;
const ABSOLUTE_FORM = /^https?:\/\/([^/?]*)([/?][\x21-\x7e]*)?$/i;
/** RFC 3986's host (a name, or an IP address in brackets) and an optional port. No
 *  `user@`: RFC 9110 §4.2.4 has a recipient treat it as an error. */
const AUTHORITY =
  /^(?:\[[0-9A-Fa-f:.]+\]|(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+)(?::[0-9]*)?$/;
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

// #region reader
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
// #endregion reader

// #region lines
/** Finds the CRLF-ended lines of a request (its head, a chunked body's size lines and
 *  trailers) one after another, resuming where it stopped. A bare LF, or a CR followed
 *  by anything but LF, is refused as soon as the byte that proves it is here. */
class Lines {
  /** Where the next line starts. */
  start = 0;
  #lf = 0;                    // how far the search for the next LF got
  #cr = 0;                    // how far the search for the next CR got

  /** The next line, without its CRLF, once all of it is here: as text, read strictly
   *  as UTF-8. */
  next(bytes: Buffer, where: string): string | undefined {
    const lf = bytes.indexOf(LF, this.#lf);
    const end = lf === -1 ? bytes.length : lf;
    const cr = bytes.indexOf(CR, this.#cr);
    if (cr !== -1 && cr < end - 1) throw bad(`a bare CR in ${where}; CR comes before LF`);
    if (lf === -1) {
      this.#lf = end;
      this.#cr = cr === -1 ? end : cr;  // a CR at the very end waits for its LF
      return undefined;  // not all here yet
    }
    if (cr === -1 || cr !== lf - 1) throw bad(`a bare LF in ${where}; lines end in CRLF`);
    const line = lineText(bytes, this.start, cr, where);
    this.skipTo(lf + 1);
    return line;
  }

  /** Goes on from `position` (past a chunk's bytes, which are not lines). */
  skipTo(position: number): void {
    this.start = this.#lf = this.#cr = position;
  }

}

/** Most lines are ASCII, which is UTF-8 as it is; any other is decoded, strictly. */
function lineText(bytes: Buffer, start: number, end: number, where: string): string {
  for (let i = start; i < end; i++) {
    if (bytes[i]! >= 0x80) return decodeUtf8(bytes.subarray(start, end), where);
  }
  return bytes.toString('latin1', start, end);
}
// #endregion lines

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
export interface Head extends Omit<Request, 'params' | 'body'> {
  query: string;
  bodyLength: number | 'chunked';
  /** Whether the connection may carry another request after this one's answer. */
  keepAlive: boolean;
  /** The client waits for `100 Continue` before it sends the body. */
  expectsContinue: boolean;
}

/** The head in `bytes` (all of it, its empty line too), read as a RequestReader reads
 *  one, for a request of at most `maxBytes`. */
export function parseHead(bytes: Uint8Array, maxBytes = Infinity): Head {
  const reader = new RequestReader(maxBytes);
  reader.append(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const head = reader.head();
  if (!head) throw bad('the head is incomplete: it ends with an empty line');
  return head;
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

// #region head-lines
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
// #endregion head-lines

// #region request-line
/** Methods whose head is followed by bytes that are not HTTP/1 requests (llhttp hands
 *  them to another protocol): refused, so that nothing after them is read as one. */
const NOT_HTTP_1 = new Map([
  ['CONNECT', 'CONNECT asks for a tunnel, and this server is not a proxy'],
  ['PRI', 'PRI begins HTTP/2, and this server speaks HTTP/1.1 and 1.0'],
]);

type RequestLine = {
  method: string; target: string; version: string; path: string; query: string;
  /** The host an absolute-form target names. */
  authority?: string;
};

function parseRequestLine(line: string): RequestLine {
  const parts = line.split(' ');
  if (parts.length !== 3) {
    const got = JSON.stringify(line);
    throw bad(`the request line must be "METHOD /path HTTP/1.1", got ${got}`);
  }
  const [method = '', target = '', version = ''] = parts;
  if (!TOKEN.test(method)) throw bad(`malformed method ${JSON.stringify(method)}`);
  const notHttp1 = NOT_HTTP_1.get(method);
  if (notHttp1) throw new HttpError(501, notHttp1);
  const { authority, pathAndQuery } = readTarget(target);
  if (!/^HTTP\/\d\.\d$/.test(version)) {
    throw bad(`malformed HTTP version ${JSON.stringify(version)}`);
  }
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') {
    throw new HttpError(505, `${version}; this server speaks HTTP/1.1 and 1.0`);
  }
  const [path = '', query = ''] = splitOnce(pathAndQuery, '?');
  const decoded = percentDecode(path, false, 'the path');
  return { method, target, version, path: decoded, query, authority };
}

/** `/index?x` as it is; `http://host/index?x` → its authority `host` and `/index?x`
 *  (RFC 9112 §3.2.2: a server must accept the absolute form too). */
function readTarget(target: string): { authority?: string; pathAndQuery: string } {
  if (ORIGIN_FORM.test(target)) return { pathAndQuery: target };
  const absolute = ABSOLUTE_FORM.exec(target);
  if (!absolute) {
    const got = JSON.stringify(target);
    throw bad(
      `the target must be a path starting with "/" (or an http:// URL), got ${got}`);
  }
  const [, authority = '', rest = ''] = absolute;
  if (!AUTHORITY.test(authority)) {
    throw bad(`malformed host ${JSON.stringify(authority)} in the target`);
  }
  return { authority, pathAndQuery: rest.startsWith('/') ? rest : `/${rest}` };
}
// #endregion request-line

// #region headers
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
// #endregion headers

// #region body-length
/** How the body ends. Refuses every framing a reader could misjudge:
 *  a request smuggler lives in the gap between two servers' answers to this question.
 *  (A head's lines have already refused Content-Length values that are not numbers or
 *  disagree, and Content-Length next to Transfer-Encoding.) */
function bodyLength(
  headers: Map<string, string>, headSize: number, maxBytes: number,
): number | 'chunked' {
  const encoding = headers.get('transfer-encoding');
  if (encoding !== undefined) {
    const codings = encoding.split(',').map((c) => trimOws(c).toLowerCase());
    if (codings.at(-1) !== 'chunked') throw bad('Transfer-Encoding must end in chunked');
    if (codings.length > 1) {
      throw new HttpError(
        501, `Transfer-Encoding ${encoding}: only chunked is supported`);
    }
    return 'chunked';
  }
  const lengths = headers.get('content-length');
  const length = lengths === undefined ? 0 : Number(lengths.split(',')[0]);
  // However many digits: too big is too big, known before a byte of body arrives.
  // The head counts too: the limit is on the whole request.
  if (headSize + length > maxBytes) throw tooLarge(maxBytes);
  return length;
}
// #endregion body-length

// #region chunked
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
/** Completes a head with its body, which stays bytes: what they mean is for whoever
 *  reads them (a handler's parameters, for a form). */
export function parseRequest(head: Head, body: Uint8Array): Request {
  const { method, target, path, version, headers, query } = head;
  const params = addParams(new Map(), query, 'the query string');
  return { method, target, path, version, headers, params, body };
}
// #endregion request

// #region write-response
const NO_CACHE = 'no-cache, no-store, must-revalidate';
/** A browser must take every body for the type it is said to be: never guess that text
 *  is HTML, or a script (a body may repeat what a stranger sent). */
const NO_SNIFFING = { 'X-Content-Type-Options': 'nosniff' };
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
    NO_SNIFFING,
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
    ...NO_SNIFFING,
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
        const body = Buffer.from(request.body).toString();  // bytes, for handlers to read
        console.log(`  → ${method} ${path} ${version}`, { headers, params, body });
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
