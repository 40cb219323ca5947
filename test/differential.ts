// House's RequestReader against Node's own HTTP parser (llhttp), on generated streams of requests:
// the machinery shared by test/parsing.differential.test.ts (a few thousand streams, in `npm test`)
// and test/fuzz.ts (`npm run fuzz -- --n 100000 [--seed S]`).
//
// Why in-process, against llhttp's binding (`HTTPParser` from node:_http_common), rather than a
// node:http server on 127.0.0.1 echoing what it parsed (the HTTP Garden's method): the binding is the
// very parser node:http runs, without the sockets, so a stream costs microseconds instead of a
// connection, and nothing depends on how the kernel splits writes. We feed it one byte per call,
// which tells exactly at which byte each message ends. It is an internal module, so a check below
// fails loudly if its shape changes. Checked on Node 20.20: `initialize(REQUEST, {}, maxHeaderSize,
// 0)` makes it a strict request parser (the 0 turns every leniency off), and `execute` returns an
// Error (code HPE_…, bytesParsed) instead of throwing.
import { createRequire } from 'node:module';
import { RequestReader, keepAlive, parseRequest, type Head } from '../chapters/parsing.ts';
import { HttpError, type Request } from '../chapters/routing.ts';

// ---------------------------------------------------------------------------------------------
// A small seeded PRNG (mulberry32): the same seed, the same streams, on every machine.

export class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

// ---------------------------------------------------------------------------------------------
// Generating streams: valid requests, then framing variations, then bytes inserted and deleted.

// Each part of a request line mostly from the usual values, now and then from the odd ones.
const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];
const ODD_METHODS = ['CONNECT', 'BREW', 'get', 'M-SEARCH', 'PRI'];
const TARGETS = ['/', '/a/b', '/send?room=lobby&x=1', '/caf%C3%A9?q=a+b', '/a?b#c'];
const ODD_TARGETS = ['*', 'http://example.com/x?y=1', 'http://example.com', 'http://[::1]:8080/', 'https://a.example:/p',
  'http://a%41/', 'example.com:443', 'http://a\\b/', 'http://user@a/', 'http://a?x=1', 'http:///x'];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0'];
const ODD_VERSIONS = ['HTTP/2.0', 'HTTP/0.9', 'HTTP/1.2', 'http/1.1', 'HTTP/1.10'];
const EXTRA_HEADERS = ['Accept: text/html', 'X-Tag: a', 'X-Tag: b', 'Connection: keep-alive', 'Connection: close',
  'Connection: upgrade', 'Upgrade: websocket', 'Expect: 100-continue', 'Cookie: a=1; b=2', 'X-Empty:',
  'User-Agent: fuzz/1.0', 'Host: b', 'Content-Type: text/plain'];
const FORM = 'Content-Type: application/x-www-form-urlencoded';
const BODIES = ['', 'a=1', 'name=Ada&message=hello+world', 'x=%C3%BC', 'a=1&a=2&b=', 'q=a%20b&r=c'];
/** Bytes that parsers have disagreed about, inserted at random. */
const ODD_BYTES = [0x0d, 0x0a, 0x09, 0x00, 0x20, 0x80, 0xff, 0x7f, 0x0b, 0x0c, 0x3a, 0x2c, 0x30, 0x3b, 0x61, 0x22,
  0x5c, 0xc3];

/** One request's bytes, valid or nearly. */
function request(random: Random): string {
  const method = random.pick(random.chance(0.85) ? METHODS : ODD_METHODS);
  const target = random.pick(random.chance(0.85) ? TARGETS : ODD_TARGETS);
  const version = random.pick(random.chance(0.9) ? VERSIONS : ODD_VERSIONS);
  const headers: string[] = [];
  if (version !== 'HTTP/1.0' || random.chance(0.5)) headers.push('Host: a');
  for (let n = random.int(3); n > 0; n--) headers.push(random.pick(EXTRA_HEADERS));
  const body = random.pick(BODIES);
  const framing = random.int(10);
  let encoded = '';
  if (framing < 4 && body !== '') {
    headers.push(FORM, contentLength(random, body));
    encoded = body;
  } else if (framing < 7) {
    headers.push(FORM, transferEncoding(random));
    if (random.chance(0.15)) headers.push(contentLength(random, body));
    encoded = chunked(random, body);
  } else if (framing < 8) {
    headers.push(FORM, contentLength(random, body), contentLength(random, body));
    encoded = body;
  }
  if (random.chance(0.5)) headers.reverse();
  const lines = [`${method} ${target} ${version}`, ...headers];
  return `${lines.join('\r\n')}\r\n\r\n${encoded}`;
}

function contentLength(random: Random, body: string): string {
  const length = Buffer.byteLength(body);
  return random.pick([
    `Content-Length: ${length}`, `Content-Length: ${length}`, `Content-Length: ${length}`,
    `Content-Length: ${length}, ${length}`, `Content-Length: 0${length}`, `Content-Length: +${length}`,
    `Content-Length:  ${length}\t`, `Content-Length: ${length + 1}`, `Content-Length: ${length} ${length}`,
    `content-length: ${length}`, `Content-Length: ${length}, ${length + 1}`,
  ]);
}

function transferEncoding(random: Random): string {
  return random.pick([
    'Transfer-Encoding: chunked', 'Transfer-Encoding: chunked', 'Transfer-Encoding: chunked',
    'Transfer-Encoding: Chunked', 'Transfer-Encoding: gzip, chunked', 'Transfer-Encoding: chunked, identity',
    'Transfer-Encoding: identity', 'Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked',
    'Transfer-Encoding:  chunked ', 'Transfer-Encoding: chunked,', 'Transfer-Encoding: xchunked',
  ]);
}

/** A chunked encoding of `body`, in chunks of random sizes, with now and then an oddity. */
function chunked(random: Random, body: string): string {
  let out = '';
  let rest = Buffer.from(body);
  while (rest.length > 0) {
    const size = 1 + random.int(rest.length);
    out += `${chunkSize(random, size)}\r\n${rest.subarray(0, size).toString('latin1')}\r\n`;
    rest = rest.subarray(size);
  }
  const trailers = random.chance(0.2) ? random.pick(['X-Trailer: 1\r\n', 'X-A: b\r\nX-C: d\r\n', 'Bad Trailer\r\n']) : '';
  return `${out}0\r\n${trailers}\r\n`;
}

function chunkSize(random: Random, size: number): string {
  const hex = size.toString(16);
  if (random.chance(0.85)) return hex;
  return random.pick([`0${hex}`, hex.toUpperCase(), `${hex};ext=1`, `${hex} `, ` ${hex}`, `0x${hex}`,
    `00000000${hex}`, `${hex}\t`]);
}

/** A stream of one to three requests, then mutated: bytes inserted, deleted, replaced, repeated. */
export function generateStream(seed: number): Buffer {
  const random = new Random(seed);
  let text = '';
  for (let n = 1 + random.int(3); n > 0; n--) {
    if (text !== '' && random.chance(0.15)) text += random.pick(['\r\n', '\r\n\r\n', '\n', '\r']);
    text += request(random);
  }
  const bytes = [...Buffer.from(text, 'latin1')];
  for (let n = random.pick([0, 0, 1, 1, 1, 2, 3]); n > 0; n--) mutate(random, bytes);
  return Buffer.from(bytes);
}

function mutate(random: Random, bytes: number[]): void {
  const at = random.int(bytes.length + 1);
  switch (random.int(4)) {
    case 0: bytes.splice(at, 0, random.pick(ODD_BYTES)); break;
    case 1: bytes.splice(at, 1 + random.int(2)); break;
    case 2: bytes[Math.min(at, bytes.length - 1)] = random.chance(0.8) ? random.pick(ODD_BYTES) : random.int(256); break;
    default: bytes.splice(at, 0, ...bytes.slice(at, at + 1 + random.int(6)));
  }
}

// ---------------------------------------------------------------------------------------------
// Node's reading of a stream.

interface NodeParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  execute(bytes: Buffer): number | (Error & { code: string; bytesParsed: number });
  close(): void;
  [key: number]: unknown;
}
interface NodeParserClass {
  new (): NodeParser;
  REQUEST: number;
  kOnHeaders: number;
  kOnHeadersComplete: number;
  kOnBody: number;
  kOnMessageComplete: number;
}

const require = createRequire(import.meta.url);
const common = require('_http_common') as { HTTPParser: NodeParserClass; methods: string[] };
const { HTTPParser, methods: NODE_METHODS } = common;
if (typeof HTTPParser !== 'function' || typeof HTTPParser.kOnHeadersComplete !== 'number') {
  throw new Error('node:_http_common no longer exports HTTPParser as this test expects: see test/differential.ts');
}

export interface NodeMessage {
  method: string;
  target: string;
  version: string;
  body: Buffer;
  /** One past the message's last byte in the stream. */
  end: number;
  /** llhttp hands the rest of the connection to another protocol (Upgrade, CONNECT). */
  upgrade: boolean;
}

export interface NodeReading {
  messages: NodeMessage[];
  error?: { code: string; at: number };
}

/** What llhttp, strict, reads in `stream`, fed one byte per call. */
export function nodeReads(stream: Buffer): NodeReading {
  const parser = new HTTPParser();
  parser.initialize(HTTPParser.REQUEST, {}, 1 << 20, 0);  // 0: no leniency at all
  const messages: NodeMessage[] = [];
  let head: Omit<NodeMessage, 'body' | 'end'> | undefined;
  let body: Buffer[] = [];
  let url = '';
  let position = 0;
  parser[HTTPParser.kOnHeaders] = (_headers: string[], part: string) => { url += part; };
  // Fed a byte at a time, the binding hands over the target in parts through kOnHeaders (and trailers
  // the same way); node:http joins them as here, and forgets them once a message is complete.
  parser[HTTPParser.kOnHeadersComplete] = (major: number, minor: number, _headers: string[], method: number,
    target: string | undefined, _status: unknown, _message: unknown, upgrade: boolean) => {
    head = { method: NODE_METHODS[method]!, target: url + (target ?? ''), version: `HTTP/${major}.${minor}`, upgrade };
    url = '';
    return 0;
  };
  parser[HTTPParser.kOnBody] = (chunk: Buffer) => { body.push(Buffer.from(chunk)); };
  parser[HTTPParser.kOnMessageComplete] = () => {
    messages.push({ ...head!, body: Buffer.concat(body), end: position + 1 });
    body = [];
    url = '';
  };
  try {
    for (; position < stream.length; position++) {
      const result = parser.execute(stream.subarray(position, position + 1));
      if (result instanceof Error) return { messages, error: { code: result.code, at: position } };
      if (messages.at(-1)?.upgrade) break;  // the rest is another protocol's
    }
    return { messages };
  } finally {
    parser.close();
  }
}

// ---------------------------------------------------------------------------------------------
// House's reading of a stream.

export interface HouseRequest {
  method: string;
  target: string;
  version: string;
  headers: [string, string][];
  params: [string, string[]][];
  end: number;
  keepAlive: boolean;
  head: Head;
}

export interface HouseReading {
  requests: HouseRequest[];
  error?: { status: number; message: string };
  buffered: number;
}

/** What a RequestReader reads in `stream`, fed in pieces of `pieceSize` bytes (Infinity: whole). */
export function houseReads(stream: Buffer, pieceSize: number): HouseReading {
  const reader = new RequestReader(1 << 20);
  const requests: HouseRequest[] = [];
  let appended = 0;
  try {
    for (let at = 0; at < stream.length; at += pieceSize) {
      const piece = stream.subarray(at, Math.min(stream.length, at + pieceSize));
      reader.append(piece);
      appended += piece.length;
      for (;;) {
        const head = reader.head();
        const request: Request | undefined = head && reader.request();
        if (!head || !request) break;
        requests.push(summary(request, head, appended - reader.buffered));
      }
    }
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return { requests, error: { status: error.status, message: error.message }, buffered: reader.buffered };
  }
  return { requests, buffered: reader.buffered };
}

function summary(request: Request, head: Head, end: number): HouseRequest {
  const { method, target, version, headers, params } = request;
  return {
    method, target, version, end, head,
    headers: [...headers], params: [...params],
    keepAlive: keepAlive(version, headers),
  };
}

// ---------------------------------------------------------------------------------------------
// The comparison, and the differences the book argues for.

/** A difference House keeps on purpose, with the RFC section that allows it. */
export interface Allowed {
  name: string;
  rfc: string;
  /** Whether this difference explains why House accepted `request` where Node refused. */
  applies(request: HouseRequest, node: NodeReading, stream: Buffer): boolean;
}

export const ALLOWED: Allowed[] = [
  {
    name: 'a method llhttp does not know',
    rfc: 'RFC 9110 §9.1: a method is any token; a server answers one it does not know with 501 (§15.6.2), '
      + 'and the router does; llhttp knows a fixed list',
    applies: (request, node) => node.error?.code === 'HPE_INVALID_METHOD' && !NODE_METHODS.includes(request.method),
  },
  {
    name: 'a tab around a Content-Length or Transfer-Encoding value',
    rfc: 'RFC 9110 §5.5: whitespace around a field value, space or tab, is not part of it; any reader that '
      + 'accepts "5<tab>" reads 5 (llhttp refuses a tab there, but not a space)',
    applies: (_, node, stream) => {
      if (!['HPE_INVALID_CONTENT_LENGTH', 'HPE_INVALID_TRANSFER_ENCODING'].includes(node.error?.code ?? '')) return false;
      let at = node.error!.at;  // llhttp stops at the tab (a length) or at the line's end (an encoding)
      while (stream[at] === 0x0d || stream[at] === 0x0a) at--;
      return stream[at] === 0x09;
    },
  },
  {
    name: 'repeated identical Content-Length values',
    rfc: 'RFC 9110 §8.6: a recipient may read "5, 5" (or 5 twice) as 5; a proxy that reads it reads the same 5',
    applies: (request, node, stream) => request.head.headers.get('content-length')?.includes(',') === true &&
      (node.error?.code === 'HPE_UNEXPECTED_CONTENT_LENGTH' ||  // llhttp: "Duplicate Content-Length"
        (node.error?.code === 'HPE_INVALID_CONTENT_LENGTH' && stream[node.error.at] === 0x2c)),  // a comma
  },
];

/** When llhttp takes an Upgrade, the rest of the connection is another protocol's to it, and nothing
 *  after that request is compared. RFC 9110 §7.8 lets a server ignore Upgrade; House never switches
 *  protocols (it never answers 101), so to it the next bytes are the next request, and a proxy that
 *  sees no 101 reads them as that too. */
export const UPGRADE = 'an Upgrade House does not take (RFC 9110 §7.8)';

export interface Verdict {
  ok: boolean;
  /** What went wrong, or which allowed difference ended the comparison. */
  reason?: string;
}

/** Compares the three readings of `stream`: House whole, House byte by byte, Node. */
export function compare(stream: Buffer): Verdict {
  return judge(stream, houseReads(stream, Infinity), houseReads(stream, 1), nodeReads(stream));
}

/** The verdict on three readings of `stream` (apart from `compare` so a test can hand it wrong ones). */
export function judge(stream: Buffer, whole: HouseReading, byByte: HouseReading, node: NodeReading): Verdict {
  // After a refusal the bytes still buffered depend on how many had come: they are never read.
  const plain = ({ requests, error, buffered }: HouseReading) => JSON.stringify({
    requests: requests.map(({ head, ...rest }) => rest), error, buffered: error ? undefined : buffered,
  });
  if (plain(whole) !== plain(byByte)) {
    return { ok: false, reason: `House reads it differently whole and byte by byte:\n  whole:   ${plain(whole)}\n  by byte: ${plain(byByte)}` };
  }
  for (const [index, house] of whole.requests.entries()) {
    const message = node.messages[index];
    if (!message) {
      const allowed = ALLOWED.find((difference) => difference.applies(house, node, stream));
      if (allowed) return { ok: true, reason: allowed.name };
      const what = node.error ? `refuses it (${node.error.code} at byte ${node.error.at})` : 'still waits for its end';
      return { ok: false, reason: `House accepts request ${index + 1} (${house.method} ${house.target}, ending at byte ${house.end}); Node ${what}` };
    }
    const problem = disagreement(house, message);
    if (problem) return { ok: false, reason: `request ${index + 1}: ${problem}` };
    if (message.upgrade) return { ok: true, reason: UPGRADE };
    if (!house.keepAlive) return { ok: true, reason: 'the connection closes after this request' };
  }
  const unread = node.messages[whole.requests.length];
  if (unread && !whole.error) {
    return { ok: false, reason: `Node reads request ${whole.requests.length + 1} (ending at byte ${unread.end}); House waits for more` };
  }
  return { ok: true };
}

/** Where two readings of one request differ, if they do. */
function disagreement(house: HouseRequest, node: NodeMessage): string | undefined {
  if (house.end !== node.end) return `House ends it at byte ${house.end}, Node at byte ${node.end}`;
  for (const key of ['method', 'target', 'version'] as const) {
    if (house[key] !== node[key]) return `${key}: House ${JSON.stringify(house[key])}, Node ${JSON.stringify(node[key])}`;
  }
  let expected: string;
  try {
    expected = JSON.stringify([...parseRequest(house.head, node.body).params]);
  } catch (error) {
    return `Node's body ${JSON.stringify(node.body.toString('latin1'))} is one House could not read (${String(error)})`;
  }
  if (expected !== JSON.stringify(house.params)) {
    return `the body: House's parameters ${JSON.stringify(house.params)}, Node's body gives ${expected}`;
  }
  return undefined;
}

/** The failure report: the bytes, JSON-escaped, and the seed that makes them again. */
export function report(seed: number, stream: Buffer, verdict: Verdict): string {
  return `seed ${seed}: ${JSON.stringify(stream.toString('latin1'))}\n  ${verdict.reason}\n` +
    `  (again: npm run fuzz -- --seed ${seed} --n 1)`;
}
