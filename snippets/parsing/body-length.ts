// @filename: chapters/parsing.body-length.twoslash.ts
// Request parsing: the bytes of one HTTP/1.1 request → a Request,
// or an HttpError saying what is wrong.
import { HttpError, type Params, type Request } from './routing.ts';

/** Where the head (request line + headers) ends: just past the first empty line,
 *  or -1 if it hasn't arrived yet. Found in bytes, so a multi-byte character split
 *  across packets is harmless. Lines end in CRLF; a bare LF is accepted too,
 *  as RFC 9112 allows. */
export function findHeadEnd(bytes: Buffer): number {
  for (let lf = bytes.indexOf(0x0a); lf !== -1; lf = bytes.indexOf(0x0a, lf + 1)) {
    if (bytes[lf + 1] === 0x0a) return lf + 2;
    if (bytes[lf + 1] === 0x0d && bytes[lf + 2] === 0x0a) return lf + 3;
  }
  return -1;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Bytes → text, refusing invalid UTF-8 instead of quietly turning it into U+FFFD. */
export function decodeUtf8(bytes: Uint8Array, where: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new HttpError(400, `400 Bad Request: invalid UTF-8 in ${where}`);
  }
}

/** A parsed head. The body comes later, once `contentLength` bytes of it have arrived. */
export interface Head extends Omit<Request, 'params'> {
  query: string;
  contentLength: number;
}

// RFC 9110 token: methods and header names
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// origin-form, visible ASCII only
const TARGET = /^\/[\x21-\x7e]*$/;

function bad(reason: string): HttpError {
  return new HttpError(400, `400 Bad Request: ${reason}`);
}

export function parseHead(bytes: Uint8Array): Head {
  const [requestLine = '', ...headerLines] = decodeUtf8(bytes, 'the head').split(/\r?\n/);
  const { method, target, version } = parseRequestLine(requestLine);
  const headers = parseHeaders(headerLines.filter((line) => line !== ''));
  const [path = '', query = ''] = splitOnce(target, '?');
  return {
    method, target, version, headers, query,
    path: percentDecode(path, false, 'the path'),
    contentLength: bodyLength(headers),
  };
}

type RequestLine = { method: string; target: string; version: string };

function parseRequestLine(line: string): RequestLine {
  const parts = line.split(' ');
  if (parts.length !== 3) {
    const got = JSON.stringify(line);
    throw bad(`the request line must be "METHOD /path HTTP/1.1", got ${got}`);
  }
  const [method = '', target = '', version = ''] = parts;
  if (!TOKEN.test(method)) throw bad(`malformed method ${JSON.stringify(method)}`);
  if (!TARGET.test(target)) {
    const got = JSON.stringify(target);
    throw bad(`the target must be a path starting with "/", got ${got}`);
  }
  if (!/^HTTP\/\d\.\d$/.test(version)) {
    throw bad(`malformed HTTP version ${JSON.stringify(version)}`);
  }
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') {
    throw new HttpError(505,
      `505 HTTP Version Not Supported: ${version}; this server speaks HTTP/1.1 and 1.0`);
  }
  return { method, target, version };
}

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

// ---cut-before---
/** How many body bytes follow the head. Refuses every framing a reader could misjudge:
 *  a request smuggler lives in the gap between two servers' answers to this question. */
function bodyLength(headers: Map<string, string>): number {
  const lengths = headers.get('content-length');
  if (headers.has('transfer-encoding')) {
    if (lengths !== undefined) throw bad('both Transfer-Encoding and Content-Length');
    throw new HttpError(501, '501 Not Implemented: Transfer-Encoding (chunked bodies) ' +
      'is not supported; send Content-Length');
  }
  if (lengths === undefined) return 0;
  const values = new Set(lengths.split(',').map((value) => value.trim()));
  if (values.size > 1) {
    throw bad(`conflicting Content-Length values ${JSON.stringify(lengths)}`);
  }
  const [value = ''] = values;
  if (!/^\d{1,15}$/.test(value)) {
    throw bad(`invalid Content-Length ${JSON.stringify(value)}`);
  }
  return Number(value);
}
// ---cut-after---

/** Undoes %XX escapes (and, in query strings and forms, + for space),
 *  then decodes the bytes as UTF-8. */
export function percentDecode(text: string, plusIsSpace: boolean, where: string): string {
  if (!text.includes('%') && !(plusIsSpace && text.includes('+'))) return text;
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

/** `a=1&b=two+words&a=2` → adds a: ['1', '2'], b: ['two words'] to `params`. */
export function addParams(params: Params, encoded: string, where: string): Params {
  for (const pair of encoded.split('&')) {
    if (pair === '') continue;
    const [name = '', value = ''] = splitOnce(pair, '=');
    const key = percentDecode(name, true, where);
    params.set(key, [...(params.get(key) ?? []), percentDecode(value, true, where)]);
  }
  return params;
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at === -1 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

const FORM = 'application/x-www-form-urlencoded';

/** Completes a head with its body: query parameters first, then form fields. */
export function parseRequest(
  { query, contentLength, ...head }: Head,
  body: Uint8Array,
): Request {
  const params = addParams(new Map(), query, 'the query string');
  if (body.length > 0) {
    const contentType = head.headers.get('content-type');
    const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== FORM) {
      const got = mediaType ?? 'no Content-Type';
      throw new HttpError(415,
        `415 Unsupported Media Type: request bodies must be ${FORM}, got ${got}`);
    }
    addParams(params, decodeUtf8(body, 'the body'), 'the body');
  }
  return { ...head, params };
}

if (process.argv[1] === import.meta.filename) {
  /** Parses one complete request held in a string,
   *  the way the server will once all bytes are in. */
  const parse = (raw: string): Request => {
    // latin1 keeps \xNN escapes as single raw bytes
    const bytes = Buffer.from(raw, 'latin1');
    const end = findHeadEnd(bytes);
    if (end === -1) throw new Error('the head is not complete');
    const head = parseHead(bytes.subarray(0, end));
    return parseRequest(head, bytes.subarray(end, end + head.contentLength));
  };
  const samples = [
    'GET /search?q=caf%C3%A9+au+lait&page=2 HTTP/1.1\r\n' +
      'Host: example.com\r\nACCEPT: text/html\r\n\r\n',
    'POST /send?room=lobby HTTP/1.1\r\nHost: x\r\n' +
      'Content-Type: application/x-www-form-urlencoded\r\n' +
      'Content-Length: 40\r\n\r\nname=Ada&message=hello%2C+world&room=two',
    'GET /?__proto__=1&constructor=2 HTTP/1.1\r\n\r\n',
    'GET / HTTP/1.1 extra\r\n\r\n',
    'GET / HTTP/2.0\r\n\r\n',
    'GET / HTTP/1.1\r\nHost example.com\r\n\r\n',
    'GET /?q=%E2%82 HTTP/1.1\r\n\r\n',
    'GET /?q=%C3%28 HTTP/1.1\r\n\r\n',
    'GET / HTTP/1.1\r\nX-Name: \xff\r\n\r\n',
    'POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!',
    'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello',
    'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
  ];
  for (const raw of samples) {
    console.log(`\n${JSON.stringify(raw.split('\r\n\r\n')[0])}`);
    try {
      const { method, path, version, headers, params } = parse(raw);
      console.log(`  → ${method} ${path} ${version}`, { headers, params });
    } catch (error) {
      console.log(`  → ${error instanceof HttpError ? error.message : error}`);
    }
  }
}
